package org.cosftp.ftp.internal;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import org.apache.ftpserver.ssl.ClientAuth;
import org.apache.ftpserver.ssl.SslConfiguration;

/**
 * FTPS as cos-ftp offers it: TLS 1.2 and 1.3 only, and of TLS 1.2 only suites with forward secrecy and
 * authenticated encryption (ECDHE or DHE with GCM or ChaCha20-Poly1305): no CBC, no SHA-1 MACs, no static RSA
 * key exchange.
 * <p>
 * Data connections get a context of their own that sends no TLS 1.3 session tickets: a client that uploads
 * never reads its data connection, so tickets would lie unread in its socket, and closing a socket with unread
 * data resets the connection instead of ending it cleanly, which cos-ftp must take for a broken upload (curl
 * and lftp close that way). The same choice proftpd made.
 */
final class TlsConfiguration implements SslConfiguration {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** The JDK sends no TLS 1.3 ticket when sessions outlive the longest ticket lifetime (RFC 8446: 7 days). */
    private static final int NO_TICKETS_SESSION_TIMEOUT = 7 * 24 * 3600 + 1;

    private final SSLContext context;
    private final String[] cipherSuites;

    private TlsConfiguration(ServerKeys keys, boolean tickets) throws GeneralSecurityException {
        context = SSLContext.getInstance("TLS");
        context.init(keys.keyManagers().getKeyManagers(), null, new SecureRandom());
        if (!tickets) {
            context.getServerSessionContext().setSessionTimeout(NO_TICKETS_SESSION_TIMEOUT);
        }
        cipherSuites = Arrays.stream(context.getDefaultSSLParameters().getCipherSuites())
                .filter(TlsConfiguration::strong).toArray(String[]::new);
    }

    /** For control connections. */
    static TlsConfiguration control(ServerKeys keys) throws GeneralSecurityException {
        return new TlsConfiguration(keys, true);
    }

    /** For data connections: no session tickets. */
    static TlsConfiguration data(ServerKeys keys) throws GeneralSecurityException {
        return new TlsConfiguration(keys, false);
    }

    /** TLS 1.3's suites, and TLS 1.2's forward-secret AEAD suites. */
    private static boolean strong(String suite) {
        if (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")) {
            return true;
        }
        boolean forwardSecret = suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_");
        boolean aead = suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_");
        return forwardSecret && aead;
    }

    @Override
    public SSLSocketFactory getSocketFactory() {
        return context.getSocketFactory();
    }

    @Override
    public SSLContext getSSLContext() {
        return context;
    }

    @Override
    public SSLContext getSSLContext(String protocol) {
        return context;
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return cipherSuites.clone();
    }

    @Override
    public String getEnabledProtocol() {
        return PROTOCOLS[0];
    }

    @Override
    public String[] getEnabledProtocols() {
        return PROTOCOLS.clone();
    }

    @Override
    public ClientAuth getClientAuth() {
        return ClientAuth.NONE;
    }
}
