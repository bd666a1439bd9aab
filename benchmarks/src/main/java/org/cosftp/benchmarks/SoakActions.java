package org.cosftp.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Random;

import org.apache.commons.net.ftp.FTPClient;

/** What the soak's clients do, each step one FTP exchange or a few. */
final class SoakActions {
    private SoakActions() {
    }

    static void store(FTPClient ftp, String path, int size, Random random) throws IOException {
        byte[] block = new byte[64 * 1024];
        random.nextBytes(block);
        OutputStream out = ftp.storeFileStream(path);
        if (out == null) {
            throw new IOException("STOR " + path + ": " + ftp.getReplyString().trim());
        }
        try (out) {
            for (int sent = 0; sent < size; sent += block.length) {
                out.write(block, 0, Math.min(block.length, size - sent));
            }
        }
        if (!ftp.completePendingCommand()) {
            throw new IOException("STOR " + path + ": " + ftp.getReplyString().trim());
        }
    }

    static void retrieve(FTPClient ftp, String path) throws IOException {
        InputStream in = ftp.retrieveFileStream(path);
        if (in == null) {
            if (ftp.getReplyCode() == 550) {
                return; // not stored yet
            }
            throw new IOException("RETR " + path + ": " + ftp.getReplyString().trim());
        }
        try (in) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        if (!ftp.completePendingCommand()) {
            throw new IOException("RETR " + path + ": " + ftp.getReplyString().trim());
        }
    }

    /** A directory of a few files, renamed, then removed under its new name. */
    static void renameDirectory(FTPClient ftp, String home, int step, Random random) throws IOException {
        String from = home + "/dir-" + step;
        String to = home + "/renamed-" + step;
        List<String> names = List.of("a", "b", "c");
        for (String name : names) {
            store(ftp, from + "/" + name, 1024, random);
        }
        if (!ftp.rename(from, to)) {
            throw new IOException("RNTO " + to + ": " + ftp.getReplyString().trim());
        }
        for (String name : names) {
            if (!ftp.deleteFile(to + "/" + name)) {
                throw new IOException("DELE " + to + "/" + name + ": " + ftp.getReplyString().trim());
            }
        }
        ftp.removeDirectory(to);
    }

    /** STOR of 4 MiB, then ABOR: 426 for the STOR, 226 for the ABOR, and nothing stored. */
    static void abortUpload(FTPClient ftp, String path) throws IOException {
        OutputStream out = ftp.storeFileStream(path);
        if (out == null) {
            throw new IOException("STOR " + path + ": " + ftp.getReplyString().trim());
        }
        byte[] block = new byte[64 * 1024];
        for (int i = 0; i < 64; i++) {
            out.write(block);
        }
        out.flush();
        abort(ftp, out);
    }

    static void abort(FTPClient ftp, OutputStream out) throws IOException {
        ftp.abort();
        try {
            out.close();
        } catch (IOException closedByTheServer) {
            // the server closed the data connection first
        }
        ftp.completePendingCommand();
    }
}
