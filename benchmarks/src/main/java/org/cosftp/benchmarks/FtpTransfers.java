package org.cosftp.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;

/** A real FTP client (Apache Commons Net, binary, passive) against one server. */
final class FtpTransfers {
    private final int port;
    private final String user;
    private final String password;

    FtpTransfers(int port, String user, String password) {
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** A logged-in client in binary passive mode. */
    FTPClient login() throws IOException {
        var ftp = new FTPClient();
        ftp.setConnectTimeout(10_000);
        ftp.setDefaultTimeout(120_000);
        ftp.connect("127.0.0.1", port);
        ftp.setSoTimeout(600_000);
        if (!ftp.login(user, password)) {
            throw new IOException("login as " + user + " refused: " + ftp.getReplyString().trim());
        }
        ftp.enterLocalPassiveMode();
        if (!ftp.setFileType(FTP.BINARY_FILE_TYPE)) {
            throw new IOException("TYPE I refused: " + ftp.getReplyString().trim());
        }
        return ftp;
    }

    /** Connects, logs in and out; for timing logins. */
    void loginOnce() throws IOException {
        FTPClient ftp = login();
        ftp.logout();
        ftp.disconnect();
    }

    /** What an upload took: in all, and from the client's last byte to the server's 226. */
    record UploadTimes(double seconds, double lastByteToReplySeconds) {
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** STOR: returns when the client's last byte left, in {@link System#nanoTime()}; the 226 has come then. */
    private static long store(FTPClient ftp, String path, Content content) throws IOException {
        OutputStream out = ftp.storeFileStream(path);
        if (out == null) {
            throw new IOException("STOR " + path + " refused: " + ftp.getReplyString().trim());
        }
        content.writeTo(out);
        out.close();
        long lastByte = System.nanoTime();
        complete(ftp, "STOR " + path);
        return lastByte;
    }

    private static void complete(FTPClient ftp, String command) throws IOException {
        if (!ftp.completePendingCommand()) {
            throw new IOException(command + " failed: " + ftp.getReplyString().trim());
        }
    }

    UploadTimes upload(FTPClient ftp, String path, long size) throws IOException {
        long start = System.nanoTime();
        long lastByte = store(ftp, path, out -> Transfers.fill(out, size));
        long end = System.nanoTime();
        return new UploadTimes((end - start) / 1e9, (end - lastByte) / 1e9);
    }

    void put(FTPClient ftp, String path, byte[] data) throws IOException {
        store(ftp, path, out -> out.write(data));
    }

    long download(FTPClient ftp, String path) throws IOException {
        return retrieve(ftp, path)[1];
    }

    /** The time from PASV to the first byte of a RETR, in seconds; the rest is read and thrown away. */
    double firstByte(FTPClient ftp, String path) throws IOException {
        return retrieve(ftp, path)[0] / 1e9;
    }

    /** RETR to the end: the nanoseconds from PASV to the first byte, and the number of bytes. */
    private static long[] retrieve(FTPClient ftp, String path) throws IOException {
        long start = System.nanoTime();
        InputStream in = ftp.retrieveFileStream(path);
        if (in == null) {
            throw new IOException("RETR " + path + " refused: " + ftp.getReplyString().trim());
        }
        long firstByte;
        long size;
        try (in) {
            int first = in.read();
            firstByte = System.nanoTime() - start;
            size = first < 0 ? 0 : 1 + Transfers.drain(in);
        }
        complete(ftp, "RETR " + path);
        return new long[] {firstByte, size};
    }

    int machineList(FTPClient ftp, String path) throws IOException {
        FTPFile[] entries = ftp.mlistDir(path);
        if (!FTPReply.isPositiveCompletion(ftp.getReplyCode())) {
            throw new IOException("MLSD " + path + " failed: " + ftp.getReplyString().trim());
        }
        return entries.length;
    }

    int list(FTPClient ftp, String path) throws IOException {
        FTPFile[] entries = ftp.listFiles(path);
        if (!FTPReply.isPositiveCompletion(ftp.getReplyCode())) {
            throw new IOException("LIST " + path + " failed: " + ftp.getReplyString().trim());
        }
        return entries.length;
    }

    /** Logs out and disconnects, whatever state the client is in; {@code null} is none. */
    static void quit(FTPClient ftp) {
        if (ftp == null) {
            return;
        }
        try {
            ftp.logout();
        } catch (IOException e) {
            // the figures are taken; a failed goodbye changes none of them
        }
        try {
            ftp.disconnect();
        } catch (IOException e) {
            // gone
        }
    }
}
