package org.cosftp.ftp;

import java.time.Duration;
import java.util.Optional;

/**
 * A command that runs in a session.
 *
 * @param name the command, such as {@code STOR}
 * @param path the absolute path it names, if it names one (a transfer, a listing, a rename)
 * @param bytes the bytes the session moved since the command began: a transfer's bytes so far
 * @param running how long it has been running
 */
public record FtpCommand(String name, Optional<String> path, long bytes, Duration running) {
    /** The bytes moved per second so far; 0 for a command that began just now. */
    public long bytesPerSecond() {
        long millis = running.toMillis();
        return millis == 0 ? 0 : bytes * 1000 / millis;
    }
}
