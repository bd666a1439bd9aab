package org.cosftp.ftp.internal.tls;

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
 * connection's TLS 1.2 session on its data connections (basic-ftp, FileZilla, WinSCP) resumes it there, as it
 * expects; with a context of their own, such clients were refused ({@code unexpected_message}).
 * <p>
 * The context sends no TLS 1.3 session tickets, which TLS 1.3 sends after the handshake. A client that uploads
 * never reads its data connection, so tickets would lie unread in its socket, and a socket closed with unread
 * data is reset, its unsent bytes dropped: curl's uploads over FTPS then arrived cut short, as a reset that
 * cos-ftp must take for a broken upload (the same choice proftpd made for data connections). TLS 1.3 clients
 * therefore make a full handshake on each data connection; none of them needs to resume. The JDK sends no
 * TLS 1.3 ticket when sessions outlive a ticket's longest lifetime; but then, with RFC 5077 tickets on, its
 * TLS 1.2 handshakes announce a ticket they never send, and every TLS 1.2 client fails
 * ({@code unexpected_message}): so this context keeps its TLS 1.2 sessions in its cache instead. Data
 * connections close without the JDK's {@code user_canceled} alert (see {@link DataTlsSocket}).
 */
public final class TlsConfiguration implements SslConfiguration {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** The JDK sends no TLS 1.3 ticket when sessions outlive the longest ticket lifetime (RFC 8446: 7 days). */
    private static final int NO_TICKETS_SESSION_TIMEOUT = 7 * 24 * 3600 + 1;
    private static final String TICKET_EXTENSION = "jdk.tls.server.enableSessionTicketExtension";

    private final SSLContext context;
    private final SSLSocketFactory sockets;
    private final String[] cipherSuites;

    private TlsConfiguration(SSLContext context, SSLSocketFactory sockets, String[] cipherSuites) {
        this.context = context;
        this.sockets = sockets;
        this.cipherSuites = cipherSuites;
    }

    /** The configurations of control and data connections, over one context. */
    public record Pair(TlsConfiguration control, TlsConfiguration data) {
    }

    public static Pair controlAndData(ServerKeys keys) throws GeneralSecurityException {
        SSLContext context = contextWithoutTicketExtension();
        context.init(keys.keyManagers().getKeyManagers(), null, new SecureRandom());
        context.getServerSessionContext().setSessionTimeout(NO_TICKETS_SESSION_TIMEOUT);
        String[] suites = Arrays.stream(context.getDefaultSSLParameters().getCipherSuites())
                .filter(TlsConfiguration::strong).toArray(String[]::new);
        return new Pair(new TlsConfiguration(context, context.getSocketFactory(), suites),
                new TlsConfiguration(context, new DataSocketFactory(context.getSocketFactory()), suites));
    }

    /**
     * A context whose TLS 1.2 sessions are kept in its cache rather than in RFC 5077 tickets. The JDK reads that
     * choice from a system property when a context is made, so the property is set for that moment only; a
     * context made elsewhere at that moment would keep its sessions in its cache too, which changes nothing its
     * clients can see.
     */
    private static SSLContext contextWithoutTicketExtension() throws GeneralSecurityException {
        synchronized (TICKET_EXTENSION) {
            String previous = System.getProperty(TICKET_EXTENSION);
            System.setProperty(TICKET_EXTENSION, "false");
            try {
                return SSLContext.getInstance("TLS");
            } finally {
                if (previous == null) {
                    System.clearProperty(TICKET_EXTENSION);
                } else {
                    System.setProperty(TICKET_EXTENSION, previous);
                }
            }
        }
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
