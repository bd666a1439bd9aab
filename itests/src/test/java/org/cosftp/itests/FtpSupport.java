package org.cosftp.itests;

import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPConnectionClosedException;
import org.apache.commons.net.ftp.FTPReply;

/** A real FTP client (Apache Commons Net) against the distribution under test. */
final class FtpSupport {
    private FtpSupport() {
    }

    /** Logs in, passive, with UTF-8 names; fails the test if the login is refused. */
    static FTPClient login(String user, String password) throws IOException {
        return login(new FTPClient(), user, password);
    }

    static FTPClient login(FTPClient ftp, String user, String password) throws IOException {
        connect(ftp);
        assertTrue(user + " could not log in: " + ftp.getReplyString(), ftp.login(user, password));
        return ftp;
    }

    /** Connects without logging in. */
    static FTPClient connect() throws IOException {
        return connect(new FTPClient());
    }

    /**
     * Connects from another loopback address (127.0.0.x: the tests' own, 127.0.0.1, is never banned), for a
     * client whose failed logins count towards a ban.
     */
    static FTPClient connectFrom(InetAddress source) throws IOException {
        var ftp = new FTPClient();
        ftp.setDefaultTimeout(30_000);
        ftp.connect(InetAddress.getByName("127.0.0.1"), CosFtpTestSupport.ftpPort(), source, 0);
        return ftp;
    }

    private static FTPClient connect(FTPClient ftp) throws IOException {
        ftp.setControlEncoding(StandardCharsets.UTF_8.name());
        ftp.setConnectTimeout(10_000);
        ftp.setDefaultTimeout(30_000);
        ftp.connect("127.0.0.1", CosFtpTestSupport.ftpPort());
        assertTrue(ftp.getReplyString(), FTPReply.isPositiveCompletion(ftp.getReplyCode()));
        ftp.setSoTimeout(30_000);
        ftp.enterLocalPassiveMode();
        return ftp;
    }

    /** The reply code a new connection to {@code port} is greeted with (421 when it is turned away). */
    static int greeting(int port) throws IOException {
        var ftp = new FTPClient();
        try {
            ftp.connect("127.0.0.1", port);
        } catch (FTPConnectionClosedException turnedAway) {
            // a 421 greeting: the server closes the connection after it
        }
        int code = ftp.getReplyCode();
        ftp.disconnect();
        return code;
    }

    /** Whether a fresh connection can log in with these credentials. */
    static boolean canLogIn(String user, String password) throws IOException {
        FTPClient ftp = connect();
        try {
            return ftp.login(user, password);
        } finally {
            ftp.disconnect();
        }
    }

    static void binary(FTPClient ftp) throws IOException {
        assertTrue(ftp.setFileType(FTP.BINARY_FILE_TYPE));
    }

    static boolean put(FTPClient ftp, String path, byte[] data) throws IOException {
        binary(ftp);
        return ftp.storeFile(path, new ByteArrayInputStream(data));
    }

    static byte[] get(FTPClient ftp, String path) throws IOException {
        binary(ftp);
        var out = new ByteArrayOutputStream();
        assertTrue("RETR " + path + ": " + ftp.getReplyString(), ftp.retrieveFile(path, out));
        return out.toByteArray();
    }

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** A client that can die as a crashed process would: both connections reset at once. */
    static final class CrashingClient extends FTPClient {
        private Socket data;

        @Override
        protected Socket _openDataConnection_(String command, String arg) throws IOException {
            data = super._openDataConnection_(command, arg);
            return data;
        }

        void crash() throws IOException {
            for (Socket socket : new Socket[] {data, _socket_}) {
                if (socket != null) {
                    socket.setSoLinger(true, 0);
                    socket.close();
                }
            }
        }
    }

    static void quit(FTPClient ftp) {
        try {
            ftp.logout();
            ftp.disconnect();
        } catch (IOException ignored) {
            // the test is over either way
        }
    }
}
