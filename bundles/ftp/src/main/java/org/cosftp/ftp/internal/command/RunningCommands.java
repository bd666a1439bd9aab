package org.cosftp.ftp.internal.command;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.ftpserver.command.Command;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.mina.core.session.IoSession;
import org.cosftp.ftp.FtpCommand;
import org.cosftp.ftp.activity.Activity;
import org.cosftp.ftp.activity.Activity.Cause;
import org.cosftp.ftp.activity.ActivityListener;
import org.cosftp.ftp.internal.activity.Activities;
import org.cosftp.ftp.internal.fs.CosFileSystemView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands running in all sessions, so that a stopping server can let them finish, and abort those that
 * outlast its grace, so that a session busy with a long command is not taken for idle, and so that an operator
 * sees what each session does. FtpServer runs one command of a session at a time. A command that does something
 * (a transfer, a change of the bucket, a login) is told to the {@link ActivityListener} when it is over, with the
 * reply it ended with.
 */
public final class RunningCommands {
    private static final Logger LOG = LoggerFactory.getLogger(RunningCommands.class);
    /** Marks the MINA session of a running command, for the filters that see only that session. */
    private static final String RUNNING = RunningCommands.class.getName() + ".running";

    /** Commands whose argument is a path (MFMT's follows a time); LIST's and NLST's may be options instead. */
    private static final Set<String> NAMING_A_PATH = Set.of("RETR", "STOR", "APPE", "LIST", "NLST", "MLSD", "MLST",
            "CWD", "MKD", "RMD", "DELE", "RNFR", "RNTO", "SIZE", "MDTM", "MFMT");

    /** The commands that are an {@link Activity}, and what each does. */
    private static final Map<String, Activity.Kind> ACTIVITIES = Map.ofEntries(
            Map.entry("RETR", Activity.Kind.DOWNLOAD), Map.entry("STOR", Activity.Kind.UPLOAD),
            Map.entry("APPE", Activity.Kind.UPLOAD), Map.entry("STOU", Activity.Kind.UPLOAD),
            Map.entry("LIST", Activity.Kind.LIST), Map.entry("NLST", Activity.Kind.LIST),
            Map.entry("MLSD", Activity.Kind.LIST), Map.entry("DELE", Activity.Kind.DELETE),
            Map.entry("RNTO", Activity.Kind.RENAME), Map.entry("MKD", Activity.Kind.MKDIR),
            Map.entry("RMD", Activity.Kind.RMDIR), Map.entry("PASS", Activity.Kind.LOGIN));

    /**
     * A command as it began, and what a transfer told of itself meanwhile. {@code given}: the user name a PASS
     * checks, or the path an RNTO renames.
     */
    private static final class Started {
        final FtpIoSession session;
        final FtpRequest request;
        final Instant start = Instant.now();
        final long nanos = System.nanoTime();
        final long bytes;
        final String given;
        volatile Transfer transfer;

        Started(FtpIoSession session, FtpRequest request, String given) {
            this.session = session;
            this.request = request;
            this.bytes = movedBytes(session);
            this.given = given;
        }
    }

    /** What a transfer command tells of itself: the file, its bytes moved, and why it failed, if it did. */
    private record Transfer(String path, long bytes, String storeRequestId, Cause cause, String failure) {
    }

    /** By the id of the MINA session: FtpServer wraps it in a new FtpIoSession for every event. */
    private final Map<Long, Started> running = new HashMap<>();
    private final ActivityListener activities;

    /** @param activities told of every command that is an {@link Activity} */
    public RunningCommands(ActivityListener activities) {
        this.activities = activities;
    }

    /** {@code command}, counted while it runs. */
    Command track(Command command) {
        return new Command() {
            @Override
            public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request)
                    throws IOException, FtpException {
                Started started = started(session, request);
                try {
                    command.execute(session, context, request);
                } finally {
                    ended(session);
                    tell(started);
                }
            }
        };
    }

    private synchronized Started started(FtpIoSession session, FtpRequest request) {
        String given = switch (request.getCommand()) {
            case "PASS" -> session.getUserArgument();
            case "RNTO" -> {
                FtpFile from = session.getRenameFrom();
                yield from == null ? null : from.getAbsolutePath();
            }
            default -> null;
        };
        var started = new Started(session, request, given);
        running.put(session.getId(), started);
        session.setAttribute(RUNNING, Boolean.TRUE);
        return started;
    }

    /**
     * Called by a transfer command when it knows how it ended: {@code path} is the file as the client sees it
     * (STOU's the server's choice), {@code cause} and {@code failure} why nothing, or not all, was moved
     * ({@link Cause#NONE} and {@code null} if all was).
     */
    public synchronized void transferred(FtpIoSession session, String path, long bytes, Cause cause,
            String failure) {
        Started started = running.get(session.getId());
        if (started != null) {
            started.transfer = new Transfer(path, bytes, "", cause, failure);
        }
    }

    /**
     * Called by a transfer command that moved all of the file: {@code storeRequestId} is the store's id of the
     * request that made the object, or sent the first bytes ({@code ""} if the store gave none).
     */
    public synchronized void transferredAll(FtpIoSession session, String path, long bytes, String storeRequestId) {
        Started started = running.get(session.getId());
        if (started != null) {
            started.transfer = new Transfer(path, bytes, storeRequestId, Cause.NONE, null);
        }
    }

    /** Tells the activity listener of a command that is an activity, never throwing into FtpServer. */
    private void tell(Started started) {
        Activity.Kind kind = ACTIVITIES.get(started.request.getCommand());
        FtpReply reply = started.session.getLastReply();
        // a PASS after the login (202) or without a USER (503) is no login attempt
        if (kind == null || kind == Activity.Kind.LOGIN && reply != null
                && (reply.getCode() == FtpReply.REPLY_202_COMMAND_NOT_IMPLEMENTED
                        || reply.getCode() == FtpReply.REPLY_503_BAD_SEQUENCE_OF_COMMANDS)) {
            return;
        }
        try {
            activities.finished(activity(kind, started, reply));
        } catch (RuntimeException e) {
            LOG.warn("{} of session {} not told to its listeners: {}", kind, started.session.getId(), e.toString());
        }
    }

    private static Activity activity(Activity.Kind kind, Started started, FtpReply reply) {
        FtpIoSession session = started.session;
        Transfer transfer = started.transfer;
        String path = transfer != null ? transfer.path : path(started).orElse("");
        String target = "";
        if (kind == Activity.Kind.RENAME) {
            target = path;
            path = started.given == null ? "" : started.given;
        }
        CommandOutcome outcome = CommandOutcome.of(kind, session, reply, transfer == null ? null : transfer.cause,
                transfer == null ? null : transfer.failure);
        String user = kind == Activity.Kind.LOGIN ? started.given
                : session.getUser() == null ? null : session.getUser().getName();
        return Activities.of(session, kind, started.request.getCommand(), started.start,
                Duration.ofNanos(System.nanoTime() - started.nanos), user, path, target,
                transfer == null ? 0 : transfer.bytes, transfer == null ? "" : transfer.storeRequestId,
                outcome.cause(), outcome.reason(), outcome.replyCode());
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
        return running.values().stream().map(started -> started.session).toList();
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
