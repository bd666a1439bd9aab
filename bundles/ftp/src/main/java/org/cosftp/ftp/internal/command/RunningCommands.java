package org.cosftp.ftp.internal.command;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.ftpserver.command.Command;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.mina.core.session.IoSession;
import org.cosftp.ftp.FtpCommand;
import org.cosftp.ftp.internal.fs.CosFileSystemView;

/**
 * The commands running in all sessions, so that a stopping server can let them finish, and abort those that
 * outlast its grace, so that a session busy with a long command is not taken for idle, and so that an operator
 * sees what each session does. FtpServer runs one
 * command of a session at a time.
 */
public final class RunningCommands {
    /** Marks the MINA session of a running command, for the filters that see only that session. */
    private static final String RUNNING = RunningCommands.class.getName() + ".running";

    /** Commands whose argument is a path (MFMT's follows a time); LIST's and NLST's may be options instead. */
    private static final Set<String> NAMING_A_PATH = Set.of("RETR", "STOR", "APPE", "LIST", "NLST", "MLSD", "MLST",
            "CWD", "MKD", "RMD", "DELE", "RNFR", "RNTO", "SIZE", "MDTM", "MFMT");

    /** A command as it began. */
    private record Started(FtpIoSession session, FtpRequest request, long nanos, long bytes) {
    }

    /** By the id of the MINA session: FtpServer wraps it in a new FtpIoSession for every event. */
    private final Map<Long, Started> running = new HashMap<>();

    /** {@code command}, counted while it runs. */
    Command track(Command command) {
        return new Command() {
            @Override
            public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request)
                    throws IOException, FtpException {
                started(session, request);
                try {
                    command.execute(session, context, request);
                } finally {
                    ended(session);
                }
            }
        };
    }

    private synchronized void started(FtpIoSession session, FtpRequest request) {
        running.put(session.getId(), new Started(session, request, System.nanoTime(), movedBytes(session)));
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
        return running.values().stream().map(Started::session).toList();
    }

    /** The command running in the session with this id, if one is. */
    public synchronized Optional<FtpCommand> current(long sessionId) {
        Started started = running.get(sessionId);
        if (started == null) {
            return Optional.empty();
        }
        return Optional.of(new FtpCommand(started.request.getCommand(), path(started), movedBytes(started.session)
                - started.bytes, Duration.ofNanos(System.nanoTime() - started.nanos)));
    }

    /** Bytes of the control and data connections together: FtpServer counts the data's on the session. */
    private static long movedBytes(FtpIoSession session) {
        return session.getReadBytes() + session.getWrittenBytes();
    }

    private static Optional<String> path(Started started) {
        String argument = started.request.getArgument();
        String command = started.request.getCommand();
        if (command.equals("MFMT") && argument != null) {
            int space = argument.indexOf(' ');
            argument = space < 0 ? null : argument.substring(space + 1);
        }
        if (!NAMING_A_PATH.contains(command) || argument != null && argument.startsWith("-")
                || !(started.session.getFileSystemView() instanceof CosFileSystemView view)) {
            return Optional.empty();
        }
        return Optional.of(view.resolve(argument == null ? "" : argument));
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
