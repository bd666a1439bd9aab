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
 * Control and data connections share one context, and so one session cache: a client that offers the control
 * connection's session on its data connections (basic-ftp, FileZilla, WinSCP) resumes it there, as it expects;
 * with a context of their own, such clients were refused. Data connections get TLS 1.3 session tickets like
 * any connection. A client that uploads never reads them, so its kernel may answer the server's own close with
 * a reset; the upload ended at the client's {@code close_notify} all the same, and {@link DataTlsSocket}
 * closes without failing on that reset, and without the JDK's {@code user_canceled} alert.
 */
final class TlsConfiguration implements SslConfiguration {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLContext context;
    private final SSLSocketFactory sockets;
    private final String[] cipherSuites;

    private TlsConfiguration(SSLContext context, SSLSocketFactory sockets, String[] cipherSuites) {
        this.context = context;
        this.sockets = sockets;
        this.cipherSuites = cipherSuites;
    }

    /** The configurations of control and data connections, over one context. */
    record Pair(TlsConfiguration control, TlsConfiguration data) {
    }

    static Pair controlAndData(ServerKeys keys) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.keyManagers().getKeyManagers(), null, new SecureRandom());
        String[] suites = Arrays.stream(context.getDefaultSSLParameters().getCipherSuites())
                .filter(TlsConfiguration::strong).toArray(String[]::new);
        return new Pair(new TlsConfiguration(context, context.getSocketFactory(), suites),
                new TlsConfiguration(context, new DataSocketFactory(context.getSocketFactory()), suites));
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
        return sockets;
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
