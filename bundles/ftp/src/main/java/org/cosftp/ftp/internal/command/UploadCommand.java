package org.cosftp.ftp.internal.command;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.apache.ftpserver.ftplet.DataConnection;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.ftpserver.impl.LocalizedFtpReply;
import org.apache.ftpserver.impl.ServerFtpStatistics;
import org.cosftp.ftp.activity.Activity.Cause;
import org.cosftp.ftp.internal.FairWorkers;
import org.cosftp.ftp.internal.StorageFailureReply;
import org.cosftp.ftp.internal.fs.CosFtpFile;
import org.cosftp.ftp.internal.fs.UploadStream;
import org.cosftp.storage.ObjectTooLargeException;
import org.cosftp.storage.OffsetMismatchException;
import org.cosftp.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STOR, APPE (and REST + STOR) and STOU: the upload becomes an object only when the client's data ended cleanly
 * and its control connection stayed quiet for the commit delay after that ({@link ControlSignals}): a killed
 * client's data ends as cleanly as a finished one. A broken data connection, ABOR, QUIT, a timeout, a client gone
 * or any error discards it, and an older object of the same name stays as it was. This replaces FtpServer's own
 * commands, which close (and so would commit) the stream on error paths too.
 */
public final class UploadCommand extends DataCommand {
    private static final Logger LOG = LoggerFactory.getLogger(UploadCommand.class);

    private enum Kind { STORE, APPEND, UNIQUE }

    /** STOU's names: two uploads at once never get the same one. */
    private final UniqueNames unique = new UniqueNames();
    private final Kind kind;
    /** How long an upload waits after its data ended for the control connection to say the client is gone. */
    private final IntSupplier commitDelayMillis;
    /** Where a STOR's check that its name is no directory's runs while its bytes arrive; null: checked first. */
    private final FairWorkers checks;
    /** Told how each transfer ended. */
    private final RunningCommands running;

    private UploadCommand(Kind kind, IntSupplier commitDelayMillis, FairWorkers checks, RunningCommands running) {
        this.kind = kind;
        this.commitDelayMillis = commitDelayMillis;
        this.checks = checks;
        this.running = running;
    }

    /** STOR, whose check of its name runs on {@code checks} while the bytes arrive. */
    static UploadCommand store(IntSupplier commitDelayMillis, FairWorkers checks, RunningCommands running) {
        return new UploadCommand(Kind.STORE, commitDelayMillis, checks, running);
    }

    static UploadCommand append(IntSupplier commitDelayMillis, RunningCommands running) {
        return new UploadCommand(Kind.APPEND, commitDelayMillis, null, running);
    }

    /** STOU (RFC 1123): a name of the server's choice, in the current directory or the one named. */
    static UploadCommand storeUnique(IntSupplier commitDelayMillis, RunningCommands running) {
        return new UploadCommand(Kind.UNIQUE, commitDelayMillis, null, running);
    }

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request)
            throws IOException, FtpException {
        CosFtpFile file = null;
        try {
            long offset = kind == Kind.STORE ? session.getFileOffset() : 0;
            if (kind != Kind.UNIQUE && !request.hasArgument()) {
                reply(session, FtpReply.REPLY_501_SYNTAX_ERROR_IN_PARAMETERS_OR_ARGUMENTS,
                        "Syntax: " + request.getCommand() + " <path>");
                return;
            }
            if (refusedWithoutDataConnection(session)) {
                return;
            }
            file = kind == Kind.UNIQUE ? unique.reserve(session, request) : file(session, request, true);
            if (file == null) {
                return;
            }
            String path = file.getAbsolutePath();
            // A new file costs one request beside its upload, not two. Where nothing else needs to know the file
            // first (a STOR from the start by an account that may overwrite), that request runs while the bytes
            // arrive, and the commit awaits it: the client learns after its data that the name is a directory's.
            boolean checkMeanwhile = checks != null && offset == 0 && file.isRemovable();
            if (kind != Kind.UNIQUE && !checkMeanwhile && file.isDirectoryByOneListing()) {
                reply(session, FtpReply.REPLY_553_REQUESTED_ACTION_NOT_TAKEN_FILE_NAME_NOT_ALLOWED,
                        path + ": Is a directory");
                return;
            }
            if (!file.isWritable()) {
                permissionDenied(session, path);
                return;
            }
            if (kind == Kind.APPEND) {
                offset = file.getSize();
            } else if (offset == 0 && !file.isRemovable() && kind == Kind.STORE && file.isFile()) {
                reply(session, FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN,
                        path + ": exists, and this account may not overwrite");
                return;
            }
            transfer(session, context, request, file, offset,
                    checkMeanwhile ? file.isDirectoryMeanwhile(checks.lane(1)) : null);
        } finally {
            if (kind == Kind.UNIQUE && file != null) {
                unique.release(file);
            }
            session.resetState();
            DataPortCommand.used(session);
        }
    }

    /** Receives and stores the upload; {@code directory}, if given, says before the commit whether it may be. */
    private void transfer(FtpIoSession session, FtpServerContext context, FtpRequest request, CosFtpFile file,
            long offset, CompletableFuture<Boolean> directory) throws IOException {
        String path = file.getAbsolutePath();
        UploadStream upload;
        try {
            upload = (UploadStream) file.createOutputStream(offset);
        } catch (OffsetMismatchException e) {
            reply(session, 554, path + ": " + e.getMessage());
            return;
        } catch (StorageException e) {
            LOG.warn("upload of {} by {} refused: {}", path, session.getUser().getName(), e.getMessage());
            reply(session, FtpReply.REPLY_451_REQUESTED_ACTION_ABORTED,
                    path + ": " + StorageFailureReply.told(e) + ".");
            return;
        }
        ControlSignals signals = ControlSignals.of(session);
        // before the 150: a QUIT that answers it must find the upload started
        signals.uploadStarted();
        try (OutputStream out = upload) {
            // STOU's name, as RFC 1123 gives it, is how the client learns it
            session.write(kind == Kind.UNIQUE ? new DefaultFtpReply(FtpReply.REPLY_150_FILE_STATUS_OKAY,
                    "FILE: " + path) : LocalizedFtpReply.translate(session, request, context,
                    FtpReply.REPLY_150_FILE_STATUS_OKAY, "STOR", path)).awaitUninterruptibly(10_000);
            long received;
            try {
                DataConnection data = openDataConnection(session);
                if (data == null) {
                    ControlSignals.Cancel cancelled = signals.cancelled();
                    if (cancelled != null) {
                        LOG.info("upload of {} discarded after 0 bytes: {}, before its data connection opened", path,
                                cancelled);
                        running.transferred(session, path, 0, cancelled.cause(), cancelled.why());
                    } else {
                        running.transferred(session, path, 0, Cause.DATA_CONNECTION,
                                "the data connection could not be opened");
                    }
                    return;
                }
                received = DataSocketCopy.fromClient(session, data, out);
            } finally {
                signals.dataEnded();
            }
            long dataEnd = System.nanoTime();
            ControlSignals.Cancel cancelled = signals.awaitCancel(commitDelayMillis.getAsInt());
            if (cancelled != null) {
                discarded(session, path, received, cancelled.cause(), cancelled + ", "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dataEnd) + " ms after its data ended");
                return;
            }
            if (directory != null && isDirectory(directory)) {
                upload.close();
                LOG.info("upload of {} discarded after {} bytes: a directory has its name", path, received);
                running.transferred(session, path, received, Cause.REFUSED, "a directory has its name");
                reply(session, FtpReply.REPLY_553_REQUESTED_ACTION_NOT_TAKEN_FILE_NAME_NOT_ALLOWED,
                        path + ": Is a directory; nothing stored");
                return;
            }
            // a multipart upload stores its last parts first: a client seen gone meanwhile still cancels it
            if (!upload.commitIf(() -> signals.cancelled() == null)) {
                discarded(session, path, received, signals.cancelled().cause(), signals.cancelled() + ", "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dataEnd) + " ms after its data ended"
                        + " (while its last parts were stored)");
                return;
            }
            LOG.info("uploaded {} ({} bytes) for {}", path, upload.bytesWritten(), session.getUser().getName());
            running.transferredAll(session, path, received, upload.storeRequestId());
            ((ServerFtpStatistics) context.getFtpStatistics()).setUpload(session, file, received);
            reply(session, FtpReply.REPLY_226_CLOSING_DATA_CONNECTION, kind == Kind.UNIQUE
                    ? "Transfer complete (unique file name: " + path + ")." : "Transfer complete.");
        } catch (IOException e) {
            ControlSignals.Cancel cancelled = signals.cancelled();
            if (cancelled != null) {
                // the transfer broke because of the cancel (its data connection closed, its wait interrupted)
                discarded(session, path, upload.bytesWritten(), cancelled.cause(), cancelled.why());
            } else {
                failed(session, path, upload.bytesWritten(), e);
            }
        } finally {
            signals.uploadEnded();
        }
    }

    /** The answer of the check that ran while the bytes arrived; a failed check fails the upload. */
    private static boolean isDirectory(CompletableFuture<Boolean> check) throws IOException {
        try {
            return check.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while checking that the name is no directory's");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private void discarded(FtpIoSession session, String path, long received, Cause cause, String why) {
        LOG.info("upload of {} discarded after {} bytes: {}", path, received, why);
        running.transferred(session, path, received, cause, why);
        if (session.isConnected() && !session.isClosing()) {
            reply(session, FtpReply.REPLY_426_CONNECTION_CLOSED_TRANSFER_ABORTED, "Transfer aborted, nothing stored.");
        }
    }

    private void failed(FtpIoSession session, String path, long received, IOException e) {
        if (e instanceof ObjectTooLargeException) {
            running.transferred(session, path, received, Cause.LIMIT, "larger than the largest file accepted");
            LOG.info("upload of {} discarded: larger than the largest file accepted", path);
            reply(session, FtpReply.REPLY_552_REQUESTED_FILE_ACTION_ABORTED_EXCEEDED_STORAGE,
                    path + ": larger than the largest file accepted; discarded");
        } else if (e instanceof SocketException) {
            running.transferred(session, path, received, Cause.DATA_CONNECTION,
                    "the data connection broke (" + e.getMessage() + ")");
            LOG.info("upload of {} discarded: the data connection broke ({})", path, e.getMessage());
            reply(session, FtpReply.REPLY_426_CONNECTION_CLOSED_TRANSFER_ABORTED,
                    "Data connection closed; transfer aborted, nothing stored.");
        } else if (e instanceof StorageException) {
            running.transferred(session, path, received, Cause.STORAGE, StorageFailureReply.told(e));
            LOG.warn("upload of {} discarded: {}", path, e.getMessage());
            reply(session, FtpReply.REPLY_451_REQUESTED_ACTION_ABORTED,
                    path + ": " + StorageFailureReply.told(e) + "; nothing stored.");
        } else {
            running.transferred(session, path, received, Cause.DATA_CONNECTION, e.toString());
            LOG.info("upload of {} discarded: {}", path, e.toString());
            reply(session, FtpReply.REPLY_426_CONNECTION_CLOSED_TRANSFER_ABORTED,
                    "Transfer aborted, nothing stored.");
        }
    }
}
