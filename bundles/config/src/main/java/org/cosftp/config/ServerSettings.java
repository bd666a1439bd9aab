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
 * @param uploadCommitDelayMillis how long an upload waits after the client's last byte, for its control connection
 *        to say that the client went away (a killed client's data ends like a finished one), before it is stored
 * @param drainSeconds how long the sessions of a listener replaced by a new one (after a change of its host,
 *        port or TLS keys) may go on before they are closed
 * @param shutdownGraceSeconds how long running commands (transfers above all) may go on when the server stops,
 *        before they are aborted
 * @param tls the FTPS settings
 * @param guard connection limits, the login timeout and bans after failed logins
 */
public record ServerSettings(String host, int port, String passivePorts, String passiveAddress, int maxLogins,
        int idleTimeoutSeconds, boolean activeEnabled, int uploadCommitDelayMillis, int drainSeconds,
        int shutdownGraceSeconds, TlsSettings tls, LoginGuardSettings guard) {

    /**
     * Whether {@code other} needs listeners of its own: another address or port, or other TLS keys (which an
     * implicit FTPS listener takes when it binds). Everything else applies to the running listeners.
     */
    public boolean bindsDifferently(ServerSettings other) {
        return !host.equals(other.host) || port != other.port || tls.enabled() != other.tls.enabled()
                || tls.implicitPort() != other.tls.implicitPort() || !tls.keystore().equals(other.tls.keystore())
                || !tls.keystorePassword().equals(other.tls.keystorePassword());
    }
}
