package org.cosftp.itests;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The TCP ports this JVM listens on, read as {@code ss -ltnp} reads them: the socket inodes among the process's
 * open files, looked up in the kernel's tables of TCP sockets (Linux only).
 */
final class ListeningSockets {
    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    /** Every TCP port this JVM listens on, on any address. */
    static Set<Integer> ports() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed while the directory was read
                }
            }
        }
        Set<Integer> ports = new TreeSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                if (fields.length > 9 && fields[3].equals(LISTEN) && inodes.contains(fields[9])) {
                    String local = fields[1];
                    ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    /** The ports of this JVM that greet a client on loopback as an FTP server does, with {@code 220}. */
    static Set<Integer> greetingAsFtp() throws IOException {
        Set<Integer> ftp = new TreeSet<>();
        for (int port : ports()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                socket.setSoTimeout(2_000);
                InputStream in = socket.getInputStream();
                byte[] code = in.readNBytes(3);
                if (new String(code, StandardCharsets.US_ASCII).equals("220")) {
                    ftp.add(port);
                }
            } catch (SocketTimeoutException silent) {
                // a protocol whose client speaks first (RMI, HTTP)
            } catch (IOException notOnLoopback) {
                // bound to another address
            }
        }
        return ftp;
    }
}
