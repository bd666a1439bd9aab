package org.cosftp.ftp.internal;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.ftpserver.command.Command;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.cosftp.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a command that the storage failed with 451, a transient failure that clients may retry, and logs
 * why for the operator. Without it FtpServer answers any exception with 550, which clients take for "no such
 * file" and never retry.
 */
final class StorageFailureReply implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(StorageFailureReply.class);

    private final Command command;

    StorageFailureReply(Command command) {
        this.command = command;
    }

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request)
            throws IOException, FtpException {
        try {
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

    private static void failed(FtpIoSession session, FtpRequest request, StorageException e) {
        // commands that reach the storage carry paths, never secrets (PASS and ACCT do not reach it)
        LOG.warn("{} {} by {} failed: {}", request.getCommand(), request.getArgument(),
                session.getUser() == null ? "?" : session.getUser().getName(), e.getMessage());
        session.resetState();
        PathCommand.reply(session, FtpReply.REPLY_451_REQUESTED_ACTION_ABORTED,
                "The storage failed; try again later.");
    }
}
