package org.cosftp.ftp.internal.tls;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import javax.net.ssl.SSLSocket;

import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.IODataConnectionFactory;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.cosftp.ftp.internal.FtpServerInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the TLS handshake of a protected passive data connection as soon as the client connects, before
 * its transfer command. FtpServer accepts a passive connection, and so starts its TLS, only once the command
 * came; a client that completes the handshake before it sends the command (aioftp over implicit FTPS) then
 * waits for a server that waits for it. Clients that start TLS after the 150 reply (curl, ftplib, Commons
 * Net) are served the same: the handshake waits for them on a thread of its own, and the command takes the
 * connection once the handshake is done.
 * <p>
 * FtpServer keeps the passive server socket in a private field; it is replaced here by one whose
 * {@code accept()} hands over the handshaken connection. Where the field cannot be reached, FtpServer
 * accepts as before.
 */
public final class EarlyDataHandshake {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyDataHandshake.class);
    private static final boolean SOCKET_IN_REACH = FtpServerInternals.passiveSocketUnavailable().map(why -> {
        LOG.warn("protected passive connections start TLS only after their command: FtpServer's passive "
                + "socket is out of reach ({})", why);
        return false;
    }).orElse(true);

    private EarlyDataHandshake() {
    }

    /** After PASV or EPSV: if data connections are protected, starts accepting and handshaking now. */
    public static void start(FtpIoSession session, ExecutorService handshakes) {
        if (!SOCKET_IN_REACH || !(session.getDataConnection() instanceof IODataConnectionFactory data)
                || !data.isSecure()) {
            return;
        }
        SslConfiguration tls = session.getListener().getDataConnectionConfiguration().getSslConfiguration();
        if (tls == null) {
            return;
        }
        try {
            synchronized (data) {
                ServerSocket listening = FtpServerInternals.passiveSocket(data);
                if (listening != null && !listening.isClosed() && !(listening instanceof Handshaking)) {
                    FtpServerInternals.replacePassiveSocket(data, new Handshaking(listening, tls, handshakes));
                }
            }
        } catch (IOException | IllegalAccessException e) {
            LOG.debug("the passive connection will start TLS after its command: {}", e.toString());
        }
    }

    /** A passive server socket whose one connection is accepted and handshaken ahead of the command. */
    private static final class Handshaking extends ServerSocket {
        private final ServerSocket listening;
        private final Future<Socket> connection;

        Handshaking(ServerSocket listening, SslConfiguration tls, ExecutorService handshakes) throws IOException {
            this.listening = listening;
            this.connection = handshakes.submit(() -> handshake(listening, tls));
        }

        private static Socket handshake(ServerSocket listening, SslConfiguration tls) throws IOException {
            Socket raw = listening.accept();
            try {
                // the accept's timeout (FtpServer's data idle time) bounds the handshake too
                raw.setSoTimeout(listening.getSoTimeout());
                var socket = (DataTlsSocket) tls.getSocketFactory().createSocket(raw,
                        raw.getInetAddress().getHostAddress(), raw.getPort(), true);
                SSLSocket jdk = socket.tls();
                jdk.setUseClientMode(false);
                jdk.setEnabledCipherSuites(tls.getEnabledCipherSuites());
                jdk.setEnabledProtocols(tls.getEnabledProtocols());
                socket.handshake();
                return socket;
            } catch (GeneralSecurityException e) {
                raw.close();
                throw new IOException(e);
            } catch (IOException | RuntimeException e) {
                raw.close();
                throw e;
            }
        }

        @Override
        public Socket accept() throws IOException {
            try {
                return connection.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (CancellationException e) {
                throw new SocketException("the passive connection was closed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SocketException("interrupted while waiting for the passive connection");
            }
        }

        @Override
        public void close() throws IOException {
            listening.close();
            if (!connection.cancel(true)) {
                try {
                    // a connection that no command took; closing one that a command took changes nothing
                    connection.get().close();
                } catch (ExecutionException | CancellationException | InterruptedException nothingConnected) {
                    // there is nothing to close
                }
            }
            super.close();
        }

        @Override
        public int getLocalPort() {
            return listening.getLocalPort();
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return listening.getLocalSocketAddress();
        }

        @Override
        public boolean isClosed() {
            return listening.isClosed();
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            listening.setSoTimeout(timeout);
        }

        @Override
        public synchronized int getSoTimeout() throws IOException {
            return listening.getSoTimeout();
        }
    }
}
