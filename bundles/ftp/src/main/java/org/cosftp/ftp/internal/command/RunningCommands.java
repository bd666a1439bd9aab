package org.cosftp.ftp.internal.command;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.ftpserver.command.Command;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.mina.core.session.IoSession;

/**
 * The commands running in all sessions, so that a stopping server can let them finish, and abort those that
 * outlast its grace, and so that a session busy with a long command is not taken for idle. FtpServer runs one
 * command of a session at a time.
 */
public final class RunningCommands {
    /** Marks the MINA session of a running command, for the filters that see only that session. */
    private static final String RUNNING = RunningCommands.class.getName() + ".running";

    /** By the id of the MINA session: FtpServer wraps it in a new FtpIoSession for every event. */
    private final Map<Long, FtpIoSession> running = new HashMap<>();

    /** {@code command}, counted while it runs. */
    Command track(Command command) {
        return new Command() {
            @Override
            public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request)
                    throws IOException, FtpException {
                started(session);
                try {
                    command.execute(session, context, request);
                } finally {
                    ended(session);
                }
            }
        };
    }

    private synchronized void started(FtpIoSession session) {
        running.put(session.getId(), session);
        session.setAttribute(RUNNING, Boolean.TRUE);
    }

    private synchronized void ended(FtpIoSession session) {
        running.remove(session.getId());
        session.removeAttribute(RUNNING);
        notifyAll();
    }

    /** Whether {@code session} runs a command now. */
    static boolean running(IoSession session) {
        return session.containsAttribute(RUNNING);
    }

    /** The sessions running a command now. */
    public synchronized List<FtpIoSession> sessions() {
        return List.copyOf(running.values());
    }

    /** Waits up to {@code millis} until no command runs; whether none does. */
    public synchronized boolean awaitNone(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = millis; !running.isEmpty() && left > 0;
                left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
            wait(left);
        }
        return running.isEmpty();
    }
}
