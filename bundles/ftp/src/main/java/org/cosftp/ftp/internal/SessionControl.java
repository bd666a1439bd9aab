package org.cosftp.ftp.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.ftpserver.ftplet.User;
import org.apache.ftpserver.impl.FtpIoSession;
import org.cosftp.ftp.FtpSession;
import org.cosftp.ftp.activity.Activity.Cause;
import org.cosftp.ftp.internal.command.ControlSignals;
import org.cosftp.ftp.internal.command.RunningCommands;
import org.cosftp.ftp.internal.guard.AddressBans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What an operator sees of the sessions and does to them: lists them, kicks them, lifts bans. */
final class SessionControl {
    /** Under the server's name: an operator's acts are told in the server's own lines. */
    private static final Logger LOG = LoggerFactory.getLogger(FtpServerComponent.class);

    private final Supplier<List<FtpIoSession>> sessions;
    private final RunningCommands running;
    private final AddressBans bans;

    SessionControl(Supplier<List<FtpIoSession>> sessions, RunningCommands running, AddressBans bans) {
        this.sessions = sessions;
        this.running = running;
        this.bans = bans;
    }

    /** The sessions of an account. */
    static Predicate<FtpIoSession> of(String user) {
        return session -> session.getUser() != null && session.getUser().getName().equals(user);
    }

    /** Every session, oldest first, with the command it runs. */
    List<FtpSession> sessions() {
        return sessions.get().stream().sorted(Comparator.comparingLong(FtpIoSession::getCreationTime))
                .map(this::describe).toList();
    }

    private FtpSession describe(FtpIoSession session) {
        long now = System.currentTimeMillis();
        return new FtpSession(session.getId(), Optional.ofNullable(session.getUser()).map(User::getName),
                clientAddress(session), Instant.ofEpochMilli(session.getCreationTime()),
                Duration.ofMillis(Math.max(0, now - session.getLastIoTime())), session.isSecure(),
                running.current(session.getId()));
    }

    /** {@code 127.0.0.1:55904}, {@code [::1]:55904}: the address and port, without Java's leading slash. */
    private static String clientAddress(FtpIoSession session) {
        if (session.getRemoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null) {
            String host = remote.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + remote.getPort();
        }
        return String.valueOf(session.getRemoteAddress());
    }

    /**
     * Closes the sessions that match with a 421, their running commands aborted as if the client had gone (an
     * upload is discarded); how many.
     */
    int kick(Predicate<FtpIoSession> which) {
        List<FtpIoSession> kicked = sessions.get().stream().filter(which).toList();
        for (FtpIoSession session : kicked) {
            LOG.info("closing the session {} of {} from {}: an operator kicked it", session.getId(),
                    session.getUser() == null ? "no one logged in" : session.getUser().getName(),
                    session.getRemoteAddress());
            ControlSignals.clientGone(session, Cause.CLOSED_BY_SERVER, "an operator closed the session");
        }
        GracefulStop.closeWithNotice(kicked, "Closed by the server's operator.");
        return kicked.size();
    }

    /** Lifts the ban of an IP literal; whether it was banned. */
    boolean unban(String address) {
        boolean lifted = bans.unban(AddressBans.literal(address));
        if (lifted) {
            LOG.info("the ban of {} was lifted by an operator", address);
        }
        return lifted;
    }
}
