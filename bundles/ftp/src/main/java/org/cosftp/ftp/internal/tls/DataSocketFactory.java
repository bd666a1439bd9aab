package org.cosftp.ftp.internal.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** Makes the TLS sockets of data connections: the JDK's, each in a {@link DataTlsSocket}. */
final class DataSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory jdk;

    DataSocketFactory(SSLSocketFactory jdk) {
        this.jdk = jdk;
    }

    private static Socket wrap(Socket socket) {
        return new DataTlsSocket((SSLSocket) socket);
    }

    @Override
    public Socket createSocket() throws IOException {
        return wrap(jdk.createSocket());
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        // a connection handshaken ahead of its command (see EarlyDataHandshake) is TLS already
        if (socket instanceof DataTlsSocket handshaken && handshaken.handshaken()) {
            return socket;
        }
        return wrap(jdk.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return wrap(jdk.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return wrap(jdk.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return wrap(jdk.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return wrap(jdk.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return jdk.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return jdk.getSupportedCipherSuites();
    }
}
