package org.cosftp.ftp;

/**
 * A listener that accepts new connections.
 *
 * @param host the address it is bound to, as configured ({@code 0.0.0.0}: every address)
 * @param port the port it is bound to: the configured one, or the one the system gave for a port of 0
 * @param implicitTls whether a connection speaks TLS from its first byte (implicit FTPS) rather than FTP, which
 *        may turn to TLS with AUTH TLS
 */
public record FtpListener(String host, int port, boolean implicitTls) {
}
