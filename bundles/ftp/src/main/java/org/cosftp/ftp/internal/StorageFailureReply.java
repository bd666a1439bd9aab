package org.cosftp.ftp.internal;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.ftpserver.command.Command;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.cosftp.ftp.internal.command.PathCommand;
import org.cosftp.ftp.internal.fs.CosFileSystemView;
import org.cosftp.storage.StorageException;
import org.cosftp.storage.StorageHold;
import org.cosftp.storage.StorageTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command on one configuration of the session's storage, and answers a failure of the storage with
 * 451, a transient failure that clients may retry, logging why for the operator. Without it FtpServer
 * answers any exception with 550, which clients take for "no such file" and never retry.
 *
 * <p>The storage is {@linkplain CosFileSystemView#hold() held} for the whole command: a listing, a directory
 * rename or an RMD that a storage change meets half-way finishes on the client it started on, and the next
 * command uses the new settings.
 */
public final class StorageFailureReply implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(StorageFailureReply.class);

    private final Command command;

    public StorageFailureReply(Command command) {
        this.command = command;
    }

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request)
            throws IOException, FtpException {
        try (StorageHold held = hold(session)) {
            command.execute(session, context, request);
        } catch (StorageException e) {
            failed(session, request, e);
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof StorageException cause)) {
                throw e;
            }
            failed(session, request, cause);
        }
    }

    /** The session's storage held for this command; none before login. */
    private static StorageHold hold(FtpIoSession session) throws StorageException {
        return session.getFileSystemView() instanceof CosFileSystemView view ? view.hold() : null;
    }

    private static void failed(FtpIoSession session, FtpRequest request, StorageException e) {
        // commands that reach the storage carry paths, never secrets (PASS and ACCT do not reach it)
        LOG.warn("{} {} by {} failed: {}", request.getCommand(), request.getArgument(),
                session.getUser() == null ? "?" : session.getUser().getName(), e.getMessage());
        session.resetState();
        PathCommand.reply(session, FtpReply.REPLY_451_REQUESTED_ACTION_ABORTED, told(e) + "; try again later.");
    }

    /**
     * What a client is told of a storage failure: which storage did not answer and for how long, or that the
     * storage failed. Never more: the operator's message names buckets and keys.
     */
    public static String told(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StorageTimeoutException timeout) {
                return "Storage '" + timeout.storage() + "' did not answer within " + timeout.seconds() + " s";
            }
        }
        return "The storage failed";
    }
}
