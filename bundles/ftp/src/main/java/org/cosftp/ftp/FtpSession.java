package org.cosftp.ftp;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A control connection, logged in or not.
 *
 * @param id the session's number, unique while the server runs: what {@link FtpServerOperations#kick} takes
 * @param user the account logged in, or empty before a login
 * @param clientAddress the client's address and port
 * @param since when the client connected
 * @param idle how long since the session last read or wrote a byte, on its control or data connection
 * @param tls whether the control connection is protected by TLS
 * @param command the command running now, or empty between commands
 */
public record FtpSession(long id, Optional<String> user, String clientAddress, Instant since, Duration idle,
        boolean tls, Optional<FtpCommand> command) {
}
