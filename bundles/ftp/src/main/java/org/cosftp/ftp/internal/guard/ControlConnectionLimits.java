package org.cosftp.ftp.internal.guard;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.cosftp.config.LoginGuardSettings;
import org.cosftp.ftp.internal.LiveSettings;
import org.cosftp.ftp.activity.ActivityListener;
import org.cosftp.ftp.internal.activity.Activities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the control connections of one FTP server. It sits before FtpServer's worker pool: a banned address,
 * or a connection over the limits, gets 421 and is closed on the I/O thread before FtpServer hears of it. It
 * closes clients that have not logged in in time, delays the answer to a failed login without holding a
 * thread, and closes a connection after its third failure.
 */
public final class ControlConnectionLimits extends IoFilterAdapter {
    static final String NAME = "guard";
    private static final Logger LOG = LoggerFactory.getLogger(ControlConnectionLimits.class);
    /** Failed logins after which a connection is closed, as vsftpd does. */
    private static final int MAX_FAILURES_PER_CONNECTION = 3;
    /** A refused client that does not read its 421 is dropped after this long. */
    private static final int REFUSED_IDLE_SECONDS = 10;
    /** FtpServer's mark of a logged-in session, as {@link FtpIoSession#isLoggedIn()} reads it. */
    private static final String USER = FtpIoSession.ATTRIBUTE_PREFIX + "user";
    private static final String ADMITTED = ControlConnectionLimits.class.getName() + ".admitted";
    private static final String REFUSED = ControlConnectionLimits.class.getName() + ".refused";
    private static final String LOGIN_TIMER = ControlConnectionLimits.class.getName() + ".loginTimer";
    private static final String BANNED = "Address banned after failed logins; try again later.";

    private final AddressBans bans;
    private final LiveSettings live;
    private final ScheduledExecutorService timers;
    private final ConnectionCounts counts = new ConnectionCounts();
    private final ActivityListener activities;

    /**
     * Guards by the settings in force at each connection and login, counting connections across rebinds, and
     * tells {@code activities} of each ban.
     */
    public ControlConnectionLimits(AddressBans bans, LiveSettings live, ScheduledExecutorService timers,
            ActivityListener activities) {
        this.bans = bans;
        this.live = live;
        this.timers = timers;
        this.activities = activities;
    }

    private LoginGuardSettings settings() {
        return live.get().guard();
    }

    /** Adds the guard to a new session's filter chain, from FtpServer's session filter. */
    public void install(IoSession session) {
        session.getFilterChain().addBefore("threadPool", NAME, this);
        DelayedReply.install(session);
    }

    /** Whether a session is logged in. */
    static boolean loggedIn(IoSession session) {
        return session.containsAttribute(USER);
    }

    /** The client's address. */
    public static InetAddress address(IoSession session) {
        return ((InetSocketAddress) session.getRemoteAddress()).getAddress();
    }

    /** A session has logged in: its login timer stops. */
    public void loginSucceeded(IoSession session) {
        if (session.getAttribute(LOGIN_TIMER) instanceof Future<?> timer) {
            timer.cancel(false);
        }
    }

    /**
     * A login failed: counts it, bans the address if it is one failure too many (closing the address's other
     * sessions that are not logged in), and sends {@code reply} after the failure delay, closing the connection
     * after it on a ban or the connection's third failure.
     */
    public void loginFailed(FtpIoSession session, FtpServerContext context, FtpReply reply) {
        InetAddress address = address(session);
        session.increaseFailedLogins();
        boolean close = session.getFailedLogins() >= MAX_FAILURES_PER_CONNECTION;
        Optional<AddressBans.Ban> ban = bans.failed(address);
        if (ban.isPresent()) {
            LOG.warn("address {} banned for {} s after {} failed logins", address.getHostAddress(),
                    ban.get().seconds(), ban.get().failures());
            activities.finished(Activities.ban(session, "banned for " + ban.get().seconds() + " s after "
                    + ban.get().failures() + " failed logins"));
            closeWaitingSessions(address, session.getId());
            close = true;
        }
        DelayedReply.send(session, reply, settings().loginFailureDelayMillis(), close,
                context.getThreadPoolExecutor(), timers);
    }

    /**
     * Closes the session with 421 if its address was banned after it connected: a connection opened just as the
     * ban began must not go on guessing.
     */
    public boolean refuseBanned(IoSession session) {
        if (bans.bannedMillis(address(session)) == 0) {
            return false;
        }
        refuse(session, BANNED);
        return true;
    }

    private void closeWaitingSessions(InetAddress address, long except) {
        for (IoSession other : counts.from(address)) {
            if (other.getId() != except && !loggedIn(other)) {
                refuse(other, BANNED);
            }
        }
    }

    @Override
    public void sessionCreated(NextFilter next, IoSession session) throws Exception {
        String refusal = admit(session);
        if (refusal != null) {
            // FtpServer never hears of the session: no statistics, no worker thread
            session.setAttribute(REFUSED, refusal);
            session.getConfig().setIdleTime(IdleStatus.BOTH_IDLE, REFUSED_IDLE_SECONDS);
            return;
        }
        next.sessionCreated(session);
    }

    private String admit(IoSession session) {
        InetAddress address = address(session);
        if (live.stopping()) {
            return LiveSettings.STOPPING;
        }
        if (bans.bannedMillis(address) > 0) {
            return BANNED;
        }
        String refusal = counts.admit(session, address, settings());
        if (refusal == null) {
            session.setAttribute(ADMITTED, address);
        }
        return refusal;
    }

    @Override
    public void sessionOpened(NextFilter next, IoSession session) throws Exception {
        if (session.getAttribute(REFUSED) instanceof String refusal) {
            LOG.debug("refused a connection from {}: {}", address(session).getHostAddress(), refusal);
            session.write(new DefaultFtpReply(FtpReply.REPLY_421_SERVICE_NOT_AVAILABLE_CLOSING_CONTROL_CONNECTION,
                    refusal));
            session.closeOnFlush();
            return;
        }
        if (settings().loginTimeoutSeconds() > 0) {
            try {
                session.setAttribute(LOGIN_TIMER, timers.schedule(() -> loginTimedOut(session),
                        settings().loginTimeoutSeconds(), TimeUnit.SECONDS));
            } catch (RejectedExecutionException serverStopping) {
                session.closeNow();
                return;
            }
        }
        next.sessionOpened(session);
    }

    private void loginTimedOut(IoSession session) {
        if (!loggedIn(session) && !session.isClosing()) {
            LOG.info("closing the connection from {}: no login within {} s", address(session).getHostAddress(),
                    settings().loginTimeoutSeconds());
            refuse(session, "No login within " + settings().loginTimeoutSeconds() + " s; closing control connection.");
        }
    }

    private static void refuse(IoSession session, String reason) {
        session.write(new DefaultFtpReply(FtpReply.REPLY_421_SERVICE_NOT_AVAILABLE_CLOSING_CONTROL_CONNECTION,
                reason));
        session.closeOnFlush();
    }

    @Override
    public void sessionClosed(NextFilter next, IoSession session) throws Exception {
        if (session.containsAttribute(REFUSED)) {
            return;
        }
        if (session.getAttribute(LOGIN_TIMER) instanceof Future<?> timer) {
            timer.cancel(false);
        }
        if (session.removeAttribute(ADMITTED) instanceof InetAddress address) {
            counts.release(session, address);
        }
        next.sessionClosed(session);
    }

    // a refused session's other events stop here too

    @Override
    public void messageReceived(NextFilter next, IoSession session, Object message) throws Exception {
        if (!session.containsAttribute(REFUSED)) {
            next.messageReceived(session, message);
        }
    }

    @Override
    public void messageSent(NextFilter next, IoSession session, WriteRequest request) throws Exception {
        if (!session.containsAttribute(REFUSED)) {
            next.messageSent(session, request);
        }
    }

    @Override
    public void sessionIdle(NextFilter next, IoSession session, IdleStatus status) throws Exception {
        if (!closedIfRefused(session)) {
            next.sessionIdle(session, status);
        }
    }

    @Override
    public void exceptionCaught(NextFilter next, IoSession session, Throwable cause) throws Exception {
        if (!closedIfRefused(session)) {
            next.exceptionCaught(session, cause);
        }
    }

    @Override
    public void inputClosed(NextFilter next, IoSession session) throws Exception {
        if (!closedIfRefused(session)) {
            next.inputClosed(session);
        }
    }

    /** A refused session that idles, fails or is half closed is simply closed: FtpServer never knew it. */
    private static boolean closedIfRefused(IoSession session) {
        if (!session.containsAttribute(REFUSED)) {
            return false;
        }
        session.closeNow();
        return true;
    }
}
