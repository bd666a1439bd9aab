package org.cosftp.ftp.internal.activity;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;

import org.apache.ftpserver.ftplet.DataType;
import org.apache.ftpserver.impl.FtpIoSession;
import org.cosftp.ftp.activity.Activity;
import org.cosftp.ftp.activity.Activity.Cause;
import org.cosftp.ftp.activity.Activity.Kind;

/** Builds each {@link Activity} from its FtpServer session, which holds the addresses, TLS and transfer type. */
public final class Activities {
    private Activities() {
    }

    /**
     * What {@code session} did: the client's and the server's addresses, TLS and the transfer type are the
     * session's.
     */
    public static Activity of(FtpIoSession session, Kind kind, String command, Instant start, Duration duration,
            String user, String path, String target, long bytes, String storeRequestId, Cause cause, String reason,
            int replyCode) {
        SocketAddress client = session.getRemoteAddress();
        return new Activity(kind, command, start, duration, session.getId(), user == null ? "" : user,
                host(client), port(client),
                host(session.getLocalAddress()) + ":" + port(session.getLocalAddress()),
                path, target, bytes, storeRequestId, cause == Cause.NONE, cause, reason == null ? "" : reason,
                replyCode, session.isSecure(), session.getDataType() != DataType.ASCII);
    }

    /** The ban of {@code session}'s address, begun by its failed login, for {@code reason}. */
    public static Activity ban(FtpIoSession session, String reason) {
        return of(session, Kind.BAN, "", Instant.now(), Duration.ZERO, session.getUserArgument(), "", "", 0, "",
                Cause.NONE, reason, 0);
    }

    /** A socket address's host as a literal, never looked up. */
    private static String host(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    private static int port(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getPort() : 0;
    }
}
