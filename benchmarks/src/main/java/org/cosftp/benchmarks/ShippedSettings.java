package org.cosftp.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of the gateway under measurement that the benchmark's own figures depend on: the SDK side
 * uploads in the gateway's parts on as many threads, the memory bound counts the gateway's part buffers, and the
 * small-file part puts the commit delay back as it was.
 *
 * <p>They are read from what the started gateway logs it runs with, rather than copied into constants or worked
 * out again from its cfg files: the figures then follow the distribution measured, its files and its built-in
 * defaults alike, with nothing to keep in step.
 *
 * @param partSize the bytes of each part of a multipart upload
 * @param uploadThreads the parts one upload sends at once
 * @param uploadMemory the bytes of part buffers all uploads of the storage may hold together
 * @param uploadCommitDelayMillis how long an upload waits after its last byte before it is stored
 */
record ShippedSettings(int partSize, int uploadThreads, long uploadMemory, int uploadCommitDelayMillis) {
    /** CosStorageComponent's line when a storage starts. */
    private static final Pattern STORAGE = Pattern.compile("started storage '" + Gateway.STORAGE
            + "' .*, part size (\\d+) MiB, (\\d+) upload threads, (\\d+) MiB of upload buffers");
    /** ServerConfigurationComponent's line when it reads the server file. */
    private static final Pattern SERVER = Pattern.compile("FTP listener settings: .*, upload commit delay (\\d+) ms");

    /** What the gateway, just started, says it runs with. */
    static ShippedSettings of(Gateway gateway) throws IOException {
        String log = Files.readString(gateway.log());
        Matcher storage = last(STORAGE, log, gateway.log());
        Matcher server = last(SERVER, log, gateway.log());
        return new ShippedSettings(Integer.parseInt(storage.group(1)) * (int) Scale.MIB,
                Integer.parseInt(storage.group(2)), Long.parseLong(storage.group(3)) * Scale.MIB,
                Integer.parseInt(server.group(1)));
    }

    private static Matcher last(Pattern line, String log, Path file) {
        Matcher matcher = line.matcher(log);
        int start = -1;
        while (matcher.find()) {
            start = matcher.start();
        }
        if (start < 0 || !matcher.find(start)) {
            throw new IllegalStateException(file + " has no line like " + line.pattern());
        }
        return matcher;
    }
}
