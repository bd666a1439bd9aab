package org.cosftp.ftp.internal.command;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import org.apache.ftpserver.ftplet.DataConnection;
import org.apache.ftpserver.ftplet.DataType;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.IODataConnection;
import org.cosftp.ftp.internal.FtpServerInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a file's bytes over an open data connection in large blocks. FtpServer's own {@link DataConnection}
 * copies 4 KiB at a time through 8 KiB socket reads and writes; on a fast network that costs the gateway more
 * processor time than the bytes themselves. FtpServer keeps the socket in a private field, so it is read by
 * reflection; where it cannot be (another FtpServer, or MODE Z, which FtpServer compresses), and for TYPE A
 * downloads, whose line ends FtpServer rewrites, FtpServer's own copying runs as before. (TYPE A uploads are
 * stored as sent, as vsftpd does by default.)
 */
final class DataSocketCopy {
    private static final Logger LOG = LoggerFactory.getLogger(DataSocketCopy.class);
    /** What one transfer holds in memory, besides its file's own buffers. */
    private static final int BLOCK = 64 * 1024;
    /** The read-ahead of FtpServer's copying, which reads 4 KiB at a time: fewer, larger reads of the store. */
    private static final int FTPSERVER_READ_AHEAD = 256 * 1024;
    private static final boolean SOCKET_IN_REACH = FtpServerInternals.dataSocketUnavailable().map(why -> {
        LOG.warn("transfers use FtpServer's own 4 KiB copying: its data socket is out of reach ({})", why);
        return false;
    }).orElse(true);

    private DataSocketCopy() {
    }

    /** The connected socket under {@code data}, or {@code null} if the copy must go through FtpServer. */
    private static Socket socket(FtpIoSession session, DataConnection data, boolean toClient) {
        if (!SOCKET_IN_REACH || !(data instanceof IODataConnection io) || session.getDataConnection().isZipMode()
                || session.getDataType() == DataType.ASCII && toClient) {
            return null;
        }
        return FtpServerInternals.dataSocket(io);
    }

    /** Sends {@code in} to its end to the client, then closes the data connection: the client's end of file. */
    static long toClient(FtpIoSession session, DataConnection data, InputStream in) throws IOException {
        Socket socket = socket(session, data, true);
        if (socket == null) {
            return data.transferToClient(session.getFtpletSession(), new BufferedInputStream(in, FTPSERVER_READ_AHEAD));
        }
        try (OutputStream out = socket.getOutputStream()) {
            return copy(in, out, session::increaseWrittenDataBytes, session);
        }
    }

    /** Receives the client's bytes into {@code out} until the client closes the data connection. */
    static long fromClient(FtpIoSession session, DataConnection data, OutputStream out) throws IOException {
        Socket socket = socket(session, data, false);
        if (socket == null) {
            return data.transferFromClient(session.getFtpletSession(), out);
        }
        try (InputStream in = socket.getInputStream()) {
            return copy(in, out, session::increaseReadDataBytes, session);
        }
    }

    private interface Counter {
        void count(int bytes);
    }

    private static long copy(InputStream in, OutputStream out, Counter counter, FtpIoSession session)
            throws IOException {
        byte[] block = new byte[BLOCK];
        long copied = 0;
        for (int n; (n = in.read(block)) >= 0;) {
            out.write(block, 0, n);
            copied += n;
            // as FtpServer's own copying does: the session is busy, not idle
            counter.count(n);
            session.updateLastAccessTime();
        }
        return copied;
    }
}
