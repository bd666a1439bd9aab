package org.cosftp.ftp.internal.command;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.ftpserver.ftplet.DataConnection;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.ftpserver.impl.LocalizedFtpReply;
import org.apache.ftpserver.impl.ServerFtpStatistics;
import org.cosftp.ftp.activity.Activity.Cause;
import org.cosftp.ftp.internal.StorageFailureReply;
import org.cosftp.ftp.internal.fs.CosFileSystemView;
import org.cosftp.ftp.internal.fs.CosFtpFile;
import org.cosftp.storage.ObjectNotFoundException;
import org.cosftp.storage.StoreRequestIdentified;
import org.cosftp.storage.OffsetMismatchException;
import org.cosftp.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RETR and REST + RETR of binary transfers: one GET, without asking the store first whether the file exists
 * (a missing object is found out by the GET itself), and the object's bytes handed to the data socket in large
 * blocks (see {@link DataSocketCopy}); TYPE A too, its line ends rewritten by FtpServer's copying.
 */
final class DownloadCommand extends DataCommand {
    private static final Logger LOG = LoggerFactory.getLogger(DownloadCommand.class);

    /** Told how each transfer ended. */
    private final RunningCommands running;

    DownloadCommand(RunningCommands running) {
        this.running = running;
    }

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request)
            throws IOException, FtpException {
        try {
            String argument = request.getArgument();
            if (argument == null) {
                reply(session, FtpReply.REPLY_501_SYNTAX_ERROR_IN_PARAMETERS_OR_ARGUMENTS, "Syntax: RETR <file>");
                return;
            }
            if (refusedWithoutDataConnection(session)) {
                return;
            }
            CosFtpFile file;
            try {
                file = ((CosFileSystemView) session.getFileSystemView()).file(argument);
            } catch (FtpException e) {
                reply(session, FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN, argument + ": " + e.getMessage());
                return;
            }
            String path = file.getAbsolutePath();
            if (!file.isReadable()) {
                reply(session, FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN, path + ": permission denied");
                return;
            }
            InputStream in;
            try {
                in = file.read(session.getFileOffset());
            } catch (ObjectNotFoundException e) {
                reply(session, FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN,
                        path + (file.isDirectory() ? ": not a plain file" : ": no such file"));
                return;
            } catch (OffsetMismatchException e) {
                reply(session, 554, path + ": the restart offset lies past the end of the file");
                return;
            } catch (StorageException e) {
                LOG.warn("download of {} by {} refused: {}", path, session.getUser().getName(), e.getMessage());
                reply(session, FtpReply.REPLY_451_REQUESTED_ACTION_ABORTED,
                        path + ": " + StorageFailureReply.told(e) + ".");
                return;
            }
            try (in) {
                transfer(session, context, request, file, in);
            }
        } finally {
            session.resetState();
            DataPortCommand.used(session);
        }
    }

    private void transfer(FtpIoSession session, FtpServerContext context, FtpRequest request, CosFtpFile file,
            InputStream in) {
        String path = file.getAbsolutePath();
        session.write(LocalizedFtpReply.translate(session, request, context, FtpReply.REPLY_150_FILE_STATUS_OKAY,
                "RETR", null));
        DataConnection data = openDataConnection(session);
        if (data == null) {
            running.transferred(session, path, 0, Cause.DATA_CONNECTION, "the data connection could not be opened");
            return;
        }
        var bytes = new ObjectBytes(in);
        try {
            long sent = DataSocketCopy.toClient(session, data, bytes);
            LOG.info("downloaded {} ({} bytes) for {}", path, sent, session.getUser().getName());
            running.transferredAll(session, path, sent,
                    in instanceof StoreRequestIdentified identified ? identified.storeRequestId() : "");
            ((ServerFtpStatistics) context.getFtpStatistics()).setDownload(session, file, sent);
            reply(session, FtpReply.REPLY_226_CLOSING_DATA_CONNECTION, "Transfer complete.");
        } catch (StoreFailure e) {
            LOG.warn("download of {} aborted: {}", path, e.getMessage());
            running.transferred(session, path, bytes.read, Cause.STORAGE, StorageFailureReply.told(e));
            reply(session, FtpReply.REPLY_451_REQUESTED_ACTION_ABORTED,
                    StorageFailureReply.told(e) + "; transfer aborted.");
        } catch (IOException e) {
            LOG.info("download of {} aborted: the data connection broke ({})", path, e.getMessage());
            running.transferred(session, path, bytes.read, Cause.DATA_CONNECTION,
                    "the data connection broke (" + e.getMessage() + ")");
            reply(session, FtpReply.REPLY_426_CONNECTION_CLOSED_TRANSFER_ABORTED,
                    "Data connection closed; transfer aborted.");
        }
    }

    /**
     * The object's bytes, whose failures say they are the store's, and how many were read: of a transfer that
     * broke, at most one block more than the client got.
     */
    private static final class ObjectBytes extends FilterInputStream {
        long read;

        ObjectBytes(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                int n = super.read(buffer, offset, length);
                read += Math.max(n, 0);
                return n;
            } catch (IOException e) {
                throw new StoreFailure(e);
            }
        }
    }
}
