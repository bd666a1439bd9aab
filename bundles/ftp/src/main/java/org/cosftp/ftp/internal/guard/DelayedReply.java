package org.cosftp.ftp.internal.guard;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoEvent;
import org.apache.mina.core.session.IoEventType;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a reply after a delay without holding a thread, and keeps the commands that arrive meanwhile until it
 * is sent. The filter sits right after the decoder, on FtpServer's ordered worker pool, which runs the events of
 * one session one at a time; once the delay is over, one task on that pool sends the reply, then runs the held
 * commands in order. A pipelining client gets its answers in order and cannot get a second answer before the
 * first; one that sends more than {@value #MAX_HELD} commands meanwhile is disconnected.
 *
 * <p>The session goes on reading meanwhile. MINA's {@code suspendRead} and {@code resumeRead}, called off the I/O
 * thread, change the socket's interest set by reading and writing it back while the I/O thread does the same to
 * flush a reply: now and then the read interest was lost, and the client's next command was never read.
 */
final class DelayedReply extends IoFilterAdapter {
    static final String NAME = "delayedReply";
    static final DelayedReply FILTER = new DelayedReply();
    private static final Logger LOG = LoggerFactory.getLogger(DelayedReply.class);
    private static final String HELD = DelayedReply.class.getName() + ".held";
    /** Commands held at most: more than a client waiting for its answer has a reason to send. */
    static final int MAX_HELD = 100;

    private DelayedReply() {
    }

    /** Adds the filter to a new session's chain, after FtpServer's decoder. */
    static void install(IoSession session) {
        session.getFilterChain().addAfter("codec", NAME, FILTER);
    }

    /**
     * Sends {@code reply} after {@code delayMillis}, then runs the commands received meanwhile, or closes the
     * connection if {@code close}. Called while the session runs a command, on one of {@code workers}: FtpServer's
     * pool, which runs the tasks of one session one after the other.
     */
    static void send(IoSession command, FtpReply reply, long delayMillis, boolean close, Executor workers,
            ScheduledExecutorService timers) {
        // commands see FtpServer's wrapper; the filter chain and the worker pool need MINA's own session
        IoSession session = command.getFilterChain().getSession();
        if (delayMillis <= 0) {
            session.write(reply);
            if (close) {
                session.closeOnFlush();
            }
            return;
        }
        var held = new PendingReply(session, reply, close);
        session.setAttribute(HELD, held);
        try {
            timers.schedule(() -> {
                try {
                    workers.execute(held);
                } catch (RejectedExecutionException serverStopping) {
                    session.closeNow();
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException serverStopping) {
            session.closeNow();
        }
    }

    @Override
    public void messageReceived(NextFilter next, IoSession session, Object message) throws Exception {
        if (session.getAttribute(HELD) instanceof PendingReply held) {
            if (held.commands.size() >= MAX_HELD) {
                LOG.info("closing the connection from {}: more than {} commands while a reply was delayed",
                        session.getRemoteAddress(), MAX_HELD);
                session.closeNow();
                return;
            }
            held.commands.add(message);
            held.next = next;
            return;
        }
        next.messageReceived(session, message);
    }

    /** A reply on its way and the commands received after it; the task that sends and runs them. */
    private static final class PendingReply extends IoEvent {
        // touched only by tasks of this session, which the ordered pool runs one at a time
        private final Queue<Object> commands = new ArrayDeque<>();
        private final boolean close;
        private NextFilter next;

        PendingReply(IoSession session, FtpReply reply, boolean close) {
            super(IoEventType.MESSAGE_RECEIVED, session, reply);
            this.close = close;
        }

        @Override
        public void fire() {
            IoSession session = getSession();
            try {
                session.removeAttribute(HELD);
                if (session.isClosing()) {
                    return;
                }
                session.write(getParameter());
                if (close) {
                    session.closeOnFlush();
                    return;
                }
                while (!commands.isEmpty()) {
                    if (session.getAttribute(HELD) instanceof PendingReply later) {
                        // a command run here was refused in turn: the rest waits for its reply
                        later.commands.addAll(commands);
                        later.next = next;
                        return;
                    }
                    next.messageReceived(session, commands.poll());
                }
            } catch (RuntimeException e) {
                LOG.warn("closing the connection from {}: {}", session.getRemoteAddress(), e.toString());
                session.closeNow();
            }
        }
    }
}
