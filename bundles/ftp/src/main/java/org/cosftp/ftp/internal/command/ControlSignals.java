package org.cosftp.ftp.internal.command;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.apache.ftpserver.impl.IODataConnectionFactory;
import org.apache.ftpserver.impl.ServerDataConnectionFactory;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.cosftp.ftp.activity.Activity.Cause;
import org.cosftp.ftp.internal.FtpServerInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a session's control connection said while its upload ran: ABOR, QUIT, or the client gone (its end of
 * the connection closed, or the connection broken). Each of them cancels the upload. They are seen on MINA's
 * I/O thread ({@link ControlWatchFilter}), not in FtpServer's queue of the session's commands, where they
 * would wait behind the upload itself and so always come too late.
 *
 * <p>The client being gone matters most at the end: a killed client's kernel closes all its sockets with
 * FIN, so the server reads a clean end of the data that looks exactly like a finished upload. The control
 * connection tells them apart, as it closes in the same moment (usually first, as it was opened first); so
 * at the end of the data the upload {@linkplain #awaitCancel waits a little} for the control connection to say
 * so before it stores the file.
 *
 * <p>Acting on a signal never blocks the I/O thread that saw it, which serves many other sessions: the data
 * connection is closed without FtpServer's lock (a command waiting for its data connection to be opened holds
 * it for as long as the client makes it wait), and an upload waiting for part buffers is interrupted.
 */
public final class ControlSignals {
    private static final Logger LOG = LoggerFactory.getLogger(ControlSignals.class);
    private static final AttributeKey ATTRIBUTE = new AttributeKey(ControlSignals.class, "signals");
    /** Where FtpServer keeps a session's data connection (FtpIoSession.ATTRIBUTE_DATA_CONNECTION). */
    private static final String DATA_CONNECTION = "org.apache.ftpserver.data-connection";
    private static final boolean SOCKETS_IN_REACH = FtpServerInternals.socketsUnavailable().map(why -> {
        LOG.warn("ABOR and vanished clients close data connections on a thread of their own: FtpServer's "
                + "data sockets are out of reach ({})", why);
        return false;
    }).orElse(true);

    /** Why an upload was cancelled: its category, and the words the log and the transfer log are given. */
    record Cancel(Cause cause, String why) {
        @Override
        public String toString() {
            return why;
        }
    }

    /** Why the running upload was cancelled: ABOR or QUIT, which concern the upload they came during. */
    private Cancel cancelled;
    /** How the client went away, for good: it cancels the running upload and any that starts after it. */
    private Cancel gone;
    /** The thread receiving an upload's data; interrupted by a cancel, so that no wait outlives it. */
    private Thread receiving;
    /**
     * Whether the receiving thread was interrupted: once per upload. The wait it breaks makes the upload discard
     * itself, and a second interrupt (the connection's close follows its end) would break that discarding.
     */
    private boolean interrupted;
    private boolean uploading;

    private ControlSignals() {
    }

    /** The signals of one session. */
    static ControlSignals of(IoSession session) {
        Object signals = session.getAttribute(ATTRIBUTE);
        if (signals == null) {
            signals = session.setAttributeIfAbsent(ATTRIBUTE, new ControlSignals());
            if (signals == null) {
                signals = session.getAttribute(ATTRIBUTE);
            }
        }
        return (ControlSignals) signals;
    }

    /**
     * An upload starts receiving on the calling thread: from now on, ABOR and QUIT cancel it. A client that went
     * away before (its upload command was still queued) cancels it at once.
     */
    synchronized void uploadStarted() {
        cancelled = gone;
        uploading = true;
        receiving = Thread.currentThread();
        interrupted = false;
    }

    /**
     * The upload's data ended (cleanly or not): no more interrupts, and an interrupt that came is cleared, so
     * that discarding or storing the upload runs uninterrupted.
     */
    synchronized void dataEnded() {
        receiving = null;
        Thread.interrupted();
    }

    /**
     * Waits up to {@code millis} for a sign that the client cancelled or went away, after the data ended
     * cleanly: why, or {@code null} if the control connection stayed quiet.
     */
    synchronized Cancel awaitCancel(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        boolean interrupted = false;
        try {
            for (long left = millis; cancelled == null && left > 0;
                    left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return cancelled;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Why the running upload was cancelled, or {@code null}. */
    synchronized Cancel cancelled() {
        return cancelled;
    }

    /** The upload ended, stored or not: signals from now on concern no upload. */
    synchronized void uploadEnded() {
        uploading = false;
        receiving = null;
    }

    /** ABOR, whether or not an upload runs: the data connection closes now, so the transfer ends. */
    static void aborted(IoSession session) {
        of(session).cancel(new Cancel(Cause.ABORTED, "aborted by the client (ABOR)"));
        closeDataConnection(session);
    }

    /** QUIT: during an upload it means the client gives up on it (RFC 959 has it wait for the reply). */
    static void quit(IoSession session) {
        ControlSignals signals = of(session);
        if (signals.cancelIfUploading(new Cancel(Cause.ABORTED, "the client sent QUIT during the transfer"))) {
            closeDataConnection(session);
        }
    }

    /**
     * The client closed its end of the control connection, or the connection broke or closed ({@code cause}
     * {@link Cause#CLIENT_GONE}), or the server closed it ({@link Cause#CLOSED_BY_SERVER}).
     */
    public static void clientGone(IoSession session, Cause cause, String how) {
        of(session).leave(new Cancel(cause, how));
        closeDataConnection(session);
    }

    private synchronized boolean cancelIfUploading(Cancel why) {
        if (uploading) {
            cancel(why);
        }
        return uploading;
    }

    private synchronized void leave(Cancel how) {
        if (gone == null) {
            gone = how;
        }
        cancel(how);
    }

    private synchronized void cancel(Cancel why) {
        if (cancelled == null) {
            cancelled = why;
        }
        if (receiving != null && !interrupted) {
            interrupted = true;
            receiving.interrupt();
        }
        notifyAll();
    }

    /**
     * Closes the sockets of the session's data connection (passive, being accepted, or open) without FtpServer's
     * lock; FtpServer releases the rest (the passive port) when the command ends.
     */
    private static void closeDataConnection(IoSession session) {
        Object data = session.getAttribute(DATA_CONNECTION);
        if (data instanceof IODataConnectionFactory io && SOCKETS_IN_REACH) {
            for (Closeable socket : FtpServerInternals.sockets(io)) {
                try {
                    socket.close();
                } catch (IOException e) {
                    LOG.debug("closing a data socket: {}", e.toString());
                }
            }
        } else if (data instanceof ServerDataConnectionFactory other) {
            Thread closer = new Thread(other::closeDataConnection, "cos-ftp data connection closer");
            closer.setDaemon(true);
            closer.start();
        }
    }
}
