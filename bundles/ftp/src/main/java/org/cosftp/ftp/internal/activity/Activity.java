package org.cosftp.ftp.internal.activity;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;

import org.apache.ftpserver.ftplet.DataType;
import org.apache.ftpserver.impl.FtpIoSession;

/**
 * What a session did, once it is over: a transfer, a change of the bucket, a login, or a ban. It is told to
 * every {@link ActivityListener} (the transfer log, the OSGi events), all of them given the same fields.
 *
 * @param kind what was done
 * @param command the FTP command that did it ({@code STOR}, {@code PASS}, …); empty for a ban
 * @param start when the command began
 * @param duration how long it ran
 * @param sessionId the session's id, as {@code cosftp:sessions} shows it
 * @param user the account, or for a login the name the client gave; empty if none was given
 * @param clientAddress the client's IP address
 * @param clientPort the client's port of its control connection
 * @param localAddress the server's address and port the client connected to
 * @param path the file or directory, as the client sees it; empty for a login or ban
 * @param target a rename's new path; empty for the others
 * @param bytes the file's bytes moved (a transfer's), 0 for the others
 * @param succeeded whether it was done; an upload that did not succeed stored nothing
 * @param reason why it was not done, as the client or the log was told; empty if it was
 * @param replyCode the FTP reply that ended it; 0 if none was sent (the client had gone)
 * @param tls whether the control connection was protected by TLS
 * @param binary whether the transfer type was binary (TYPE I), not ASCII
 */
public record Activity(Kind kind, String command, Instant start, Duration duration, long sessionId, String user,
        String clientAddress, int clientPort, String localAddress, String path, String target, long bytes,
        boolean succeeded, String reason, int replyCode, boolean tls, boolean binary) {

    /** What a session did; each has an OSGi event topic of its own. */
    public enum Kind {
        UPLOAD("org/cosftp/upload"),
        DOWNLOAD("org/cosftp/download"),
        DELETE("org/cosftp/delete"),
        RENAME("org/cosftp/rename"),
        MKDIR("org/cosftp/mkdir"),
        RMDIR("org/cosftp/rmdir"),
        LOGIN("org/cosftp/login"),
        BAN("org/cosftp/ban");

        private final String topic;

        Kind(String topic) {
            this.topic = topic;
        }

        /** The topic of a success; a failure's has {@code /failed} appended. */
        public String topic() {
            return topic;
        }

        /** Whether it moved a file's bytes. */
        public boolean isTransfer() {
            return this == UPLOAD || this == DOWNLOAD;
        }
    }

    /**
     * What {@code session} did: the client's and the server's addresses, TLS and the transfer type are the
     * session's.
     */
    public static Activity of(FtpIoSession session, Kind kind, String command, Instant start, Duration duration,
            String user, String path, String target, long bytes, boolean succeeded, String reason, int replyCode) {
        SocketAddress client = session.getRemoteAddress();
        return new Activity(kind, command, start, duration, session.getId(), user == null ? "" : user,
                host(client), port(client),
                host(session.getLocalAddress()) + ":" + port(session.getLocalAddress()),
                path, target, bytes, succeeded, reason == null ? "" : reason, replyCode, session.isSecure(),
                session.getDataType() != DataType.ASCII);
    }

    /** The ban of {@code session}'s address, begun by its failed login, for {@code reason}. */
    public static Activity ban(FtpIoSession session, String reason) {
        return of(session, Kind.BAN, "", Instant.now(), Duration.ZERO, session.getUserArgument(), "", "", 0, true,
                reason, 0);
    }

    /** A socket address's host as a literal, never looked up. */
    private static String host(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    private static int port(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getPort() : 0;
    }

    /** The topic its event is posted on: a failed login is {@code org/cosftp/login/failed}. */
    public String topic() {
        return succeeded ? kind.topic() : kind.topic() + "/failed";
    }

    /** When it ended. */
    public Instant end() {
        return start.plus(duration);
    }
}
