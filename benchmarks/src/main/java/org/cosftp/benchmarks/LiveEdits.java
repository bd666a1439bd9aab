package org.cosftp.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/** Changes of the running distribution's cfg files, as an operator makes them, awaited until they applied. */
final class LiveEdits {
    private LiveEdits() {
    }

    /**
     * Sets {@code key} in {@code file} of the distribution at {@code home}'s {@code etc/} and waits, up to
     * {@code timeout}, for each of {@code appliedLines} to be logged anew.
     */
    static void edit(Path home, Duration timeout, String file, String key, String value, String... appliedLines)
            throws IOException, InterruptedException {
        Path log = home.resolve("data/log/karaf.log");
        long[] before = new long[appliedLines.length];
        for (int i = 0; i < appliedLines.length; i++) {
            before[i] = occurrences(log, appliedLines[i]);
        }
        Path path = home.resolve("etc").resolve(file);
        Files.writeString(path, Files.readString(path).replaceAll("(?m)^" + Pattern.quote(key) + " = .*$",
                key + " = " + value));
        Instant deadline = Instant.now().plus(timeout);
        for (int i = 0; i < appliedLines.length; i++) {
            while (occurrences(log, appliedLines[i]) == before[i]) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("the distribution did not take " + key + " = " + value + " in " + file);
                }
                Thread.sleep(100); // Karaf polls etc/ for changes: there is nothing to wait on
            }
        }
    }

    private static long occurrences(Path log, String text) throws IOException {
        String content = Files.exists(log) ? Files.readString(log) : "";
        return content.split(Pattern.quote(text), -1).length - 1;
    }
}
