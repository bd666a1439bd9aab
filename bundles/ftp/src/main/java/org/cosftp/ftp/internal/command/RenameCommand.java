package org.cosftp.ftp.internal.command;

import java.io.IOException;

import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.cosftp.ftp.internal.fs.CosFtpFile;
import org.cosftp.ftp.internal.fs.DirectoryRename;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RNFR (which must name something that exists) and RNTO: a file is copied then deleted; a directory with
 * everything under it, to a name that does not exist yet and is not inside it.
 */
final class RenameCommand extends PathCommand {
    private static final Logger LOG = LoggerFactory.getLogger(RenameCommand.class);
    private final boolean from;

    private RenameCommand(boolean from) {
        this.from = from;
    }

    static RenameCommand from() {
        return new RenameCommand(true);
    }

    static RenameCommand to() {
        return new RenameCommand(false);
    }

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request) throws IOException {
        FtpFile renameFrom = session.getRenameFrom();
        session.resetState();
        if (from) {
            renameFrom(session, request);
        } else if (renameFrom == null) {
            reply(session, FtpReply.REPLY_503_BAD_SEQUENCE_OF_COMMANDS, "RNFR must come first.");
        } else {
            renameTo(session, request, (CosFtpFile) renameFrom);
        }
    }

    private static void renameFrom(FtpIoSession session, FtpRequest request) {
        CosFtpFile source = file(session, request, false);
        if (source == null) {
            return;
        }
        String path = source.getAbsolutePath();
        if (path.equals("/")) {
            permissionDenied(session, path);
        } else if (!source.doesExist()) {
            noSuchFile(session, path);
        } else {
            session.setRenameFrom(source);
            reply(session, FtpReply.REPLY_350_REQUESTED_FILE_ACTION_PENDING_FURTHER_INFORMATION,
                    "File or directory exists, ready for destination name.");
        }
    }

    private static void renameTo(FtpIoSession session, FtpRequest request, CosFtpFile source) throws IOException {
        CosFtpFile target = file(session, request, true);
        if (target == null) {
            return;
        }
        String path = target.getAbsolutePath();
        if (!target.isWritable() || !source.isRemovable()) {
            permissionDenied(session, path);
            return;
        }
        // what RNFR saw may have changed since: ask again
        source = file(session, source.getAbsolutePath(), false);
        if (source == null) {
            return;
        }
        if (!source.doesExist()) {
            noSuchFile(session, source.getAbsolutePath());
            return;
        }
        if (source.getAbsolutePath().equals(path)) {
            // as rename(2): a name onto itself changes nothing (a copy onto itself, then a delete, would lose it)
            reply(session, FtpReply.REPLY_250_REQUESTED_FILE_ACTION_OKAY, "Rename successful; nothing changed.");
            return;
        }
        boolean targetExists = target.doesExist();
        if (source.isDirectory() && (targetExists || source.contains(target))) {
            if (targetExists) {
                exists(session, path);
            } else {
                reply(session, FtpReply.REPLY_553_REQUESTED_ACTION_NOT_TAKEN_FILE_NAME_NOT_ALLOWED,
                        path + ": a directory cannot move into itself");
            }
            return;
        }
        if (underAFile(session, target)) {
            return;
        }
        if (source.isFile() && target.isDirectory()) {
            reply(session, FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN, path + ": Is a directory");
            return;
        }
        long kept;
        try {
            kept = source.renameTo(target);
        } catch (DirectoryRename.PartlyRenamedException e) {
            LOG.warn("RNTO {} by {} failed: {}", path, session.getUser().getName(), e.getMessage());
            reply(session, FtpReply.REPLY_451_REQUESTED_ACTION_ABORTED, e.reply() + " Try again later.");
            return;
        }
        String from = source.getAbsolutePath();
        if (kept == 0) {
            reply(session, FtpReply.REPLY_250_REQUESTED_FILE_ACTION_OKAY, "Rename successful.");
            return;
        }
        String stayed = source.isFile() ? from + " was stored again during the rename and is kept too"
                : kept + (kept == 1 ? " file" : " files") + " stored in " + from + " during the rename "
                        + (kept == 1 ? "stays" : "stay") + " there";
        LOG.info("RNTO {} by {}: {}", path, session.getUser().getName(), stayed);
        reply(session, FtpReply.REPLY_250_REQUESTED_FILE_ACTION_OKAY, "Rename successful; " + stayed + ".");
    }
}
