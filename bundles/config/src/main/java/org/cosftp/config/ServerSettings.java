package org.cosftp.config;

/**
 * The FTP listener's settings, from {@code etc/org.cosftp.server.cfg}.
 *
 * @param host the address to bind
 * @param port the control port
 * @param passivePorts the passive data ports, in FtpServer's range syntax ({@code 60000-60100}, {@code 2300,2310-2320})
 * @param passiveAddress the address announced in PASV replies; empty for the control connection's address
 * @param maxLogins the most sessions logged in at once
 * @param idleTimeoutSeconds how long an idle control connection stays open; 0 for ever
 * @param activeEnabled whether clients may ask for active-mode data connections (PORT, EPRT)
 * @param tls the FTPS settings
 * @param guard connection limits, the login timeout and bans after failed logins
 */
public record ServerSettings(String host, int port, String passivePorts, String passiveAddress, int maxLogins,
        int idleTimeoutSeconds, boolean activeEnabled, TlsSettings tls, LoginGuardSettings guard) {
}
