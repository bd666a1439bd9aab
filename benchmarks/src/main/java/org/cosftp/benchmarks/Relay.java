package org.cosftp.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A plain TCP relay on loopback: each connection to it is joined to a connection to the target port, and the
 * bytes are copied both ways in 64 KiB blocks, with nothing else done to them. The COS SDK talking to the store
 * through it shows what one more hop costs on this machine by itself: the least that any gateway standing
 * between clients and the store must cost.
 */
final class Relay implements AutoCloseable {
    private static final int BLOCK = 64 * 1024;

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        var thread = new Thread(task, "relay");
        thread.setDaemon(true);
        return thread;
    });

    Relay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = track(server.accept());
                Socket target = track(new Socket(InetAddress.getLoopbackAddress(), targetPort));
                threads.execute(() -> copy(client, target));
                threads.execute(() -> copy(target, client));
            } catch (IOException e) {
                // closed, or one connection failed: the client sees its connection fail
            }
        }
    }

    private Socket track(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        sockets.add(socket);
        return socket;
    }

    /** Copies one direction until its end, which is passed on; the pair is closed once both ends are reached. */
    private void copy(Socket from, Socket to) {
        byte[] block = new byte[BLOCK];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(block)) >= 0;) {
                out.write(block, 0, n);
            }
            to.shutdownOutput();
            if (!from.isOutputShutdown()) {
                return;
            }
        } catch (IOException e) {
            // one side went away: so does the other
        }
        close(from);
        close(to);
    }

    private void close(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(this::close);
        threads.shutdownNow();
    }
}
