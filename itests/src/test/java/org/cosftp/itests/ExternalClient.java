package org.cosftp.itests;

import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real client program (curl, python3, openssl, nmap, rclone, lftp, …) and returns what it printed. CI
 * installs them all and a missing one fails the test there; on a developer's machine a missing one skips the
 * test.
 */
final class ExternalClient {
    private ExternalClient() {
    }

    /** What a client printed (standard output and error together) and how it exited. */
    record Result(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + ":\n" + output;
        }
    }

    static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        return run(timeout, Map.of(), command);
    }

    /** Runs a client with these environment variables added to the distribution's. */
    static Result run(Duration timeout, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        requireInstalled(command[0]);
        var builder = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        // read while it runs, so that a chatty client never blocks on a full pipe
        var output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException closed) {
                // the process was killed
            }
        });
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            reader.join(5_000);
            fail(String.join(" ", command) + " did not finish within " + timeout + "; it printed:\n" + output);
        }
        reader.join(5_000);
        return new Result(process.exitValue(), output.toString());
    }

    /** A program that must be there: under CI the test fails without it, elsewhere it is skipped. */
    static void requireInstalled(String program) {
        boolean installed = program.contains(File.separator) ? Files.isExecutable(Path.of(program))
                : Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .anyMatch(folder -> !folder.isEmpty() && Files.isExecutable(Path.of(folder, program)));
        require(program, installed);
    }

    /** A client library that must be there: under CI the test fails without it, elsewhere it is skipped. */
    static void require(String what, boolean there) {
        if (!there && System.getenv("CI") != null) {
            fail(what + " is not installed; .ci/run installs it");
        }
        assumeTrue(what + " is not installed here", there);
    }
}
