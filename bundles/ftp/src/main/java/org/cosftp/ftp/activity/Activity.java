package org.cosftp.ftp.activity;

import java.time.Duration;
import java.time.Instant;

/**
 * What a session did, once it is over: a transfer, a listing, a change of the bucket, a login, or a ban. It is
 * told to every {@link ActivityListener} (the transfer log, the OSGi events, the metrics), all of them given the
 * same fields.
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
 * @param storeRequestId the store's id of the request that made the uploaded object visible, or that sent a
 *        download's first bytes (COS's {@code x-cos-request-id}); empty for the others and for a failure, whose
 *        reason names the failed request's id
 * @param succeeded whether it was done; an upload that did not succeed stored nothing
 * @param cause why it was not done, as a category; {@link Cause#NONE} if it was
 * @param reason why it was not done, as the client or the log was told; empty if it was
 * @param replyCode the FTP reply that ended it; 0 if none was sent (the client had gone)
 * @param tls whether the control connection was protected by TLS
 * @param binary whether the transfer type was binary (TYPE I), not ASCII
 */
public record Activity(Kind kind, String command, Instant start, Duration duration, long sessionId, String user,
        String clientAddress, int clientPort, String localAddress, String path, String target, long bytes,
        String storeRequestId, boolean succeeded, Cause cause, String reason, int replyCode, boolean tls,
        boolean binary) {

    /** What a session did; each has an OSGi event topic of its own. */
    public enum Kind {
        UPLOAD("org/cosftp/upload"),
        DOWNLOAD("org/cosftp/download"),
        LIST("org/cosftp/list"),
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

    /** Why an activity was not done, in categories an operator counts and alerts on. */
    public enum Cause {
        /** It was done. */
        NONE,
        /** The client cancelled it: ABOR, or QUIT during a transfer. */
        ABORTED,
        /** The client's control connection closed or broke while it ran. */
        CLIENT_GONE,
        /** An operator closed the session, or the server stopped. */
        CLOSED_BY_SERVER,
        /** The data connection could not be opened, or it broke. */
        DATA_CONNECTION,
        /** The store failed, timed out or refused the gateway's request. */
        STORAGE,
        /** The gateway refused it: a wrong password, no permission, no such file, a name that is taken. */
        REFUSED,
        /** A limit refused it: too many connections or logins, a file larger than the largest accepted. */
        LIMIT
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
