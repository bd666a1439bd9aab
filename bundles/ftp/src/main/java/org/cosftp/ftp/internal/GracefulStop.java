package org.cosftp.ftp.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.impl.FtpIoSession;
import org.cosftp.ftp.activity.Activity.Cause;
import org.cosftp.ftp.internal.command.ControlSignals;
import org.cosftp.ftp.internal.command.RunningCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stop of the FTP server: new logins get 421 at once, running commands may finish within
 * {@code shutdownGraceSeconds}, those that outlast it are aborted (leaving nothing half-written) and given time
 * to discard what they wrote; the log says how many of each.
 */
final class GracefulStop {
    /** Under the server's name: its stop is told in the server's own lines. */
    private static final Logger LOG = LoggerFactory.getLogger(FtpServerComponent.class);
    /** How long commands aborted at a stop may take to discard what they wrote (a multipart upload's abort). */
    private static final long ABORT_MILLIS = 15_000;

    private GracefulStop() {
    }

    /**
     * Stops the server: no new connection or command; running commands may finish within the grace; those
     * that outlast it are aborted and given time to discard what they wrote.
     */
    static void run(LiveSettings live, RunningCommands running, Supplier<List<FtpIoSession>> activeSessions,
            Runnable stopListenersAndServer) {
        live.stopping(true);
        int grace = live.get().shutdownGraceSeconds();
        List<FtpIoSession> sessions = activeSessions.get();
        int busy = running.sessions().size();
        LOG.info("FTP server stopping: {} sessions, {} commands running; they have {} s to finish",
                sessions.size(), busy, grace);
        boolean interrupted = false;
        List<FtpIoSession> outlasting = List.of();
        try {
            if (!running.awaitNone(TimeUnit.SECONDS.toMillis(grace))) {
                outlasting = running.sessions();
                for (FtpIoSession session : outlasting) {
                    ControlSignals.clientGone(session, Cause.CLOSED_BY_SERVER, "the server stopped before it ended");
                }
                running.awaitNone(ABORT_MILLIS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        List<FtpIoSession> unfinished = running.sessions();
        if (busy == 0) {
            LOG.info("FTP server stopped: no command was running; {} sessions closed", sessions.size());
        } else {
            LOG.info("FTP server stopped: {} of {} running commands finished within {} s, {} aborted{}; {} "
                    + "sessions closed", busy - Math.min(busy, outlasting.size()), busy, grace, outlasting.size(),
                    unfinished.isEmpty() ? "" : " (" + unfinished.size() + " still discarding)", sessions.size());
        }
        closeWithNotice(activeSessions.get(), LiveSettings.STOPPING);
        stopListenersAndServer.run();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeWithNotice(List<FtpIoSession> sessions, String notice) {
        for (FtpIoSession session : sessions) {
            session.write(new DefaultFtpReply(FtpReply.REPLY_421_SERVICE_NOT_AVAILABLE_CLOSING_CONTROL_CONNECTION,
                    notice));
            session.closeOnFlush();
        }
    }
}
