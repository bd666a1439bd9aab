package org.cosftp.ftp.internal.command;

import java.io.IOException;

import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.ftpserver.impl.ServerFtpStatistics;
import org.cosftp.ftp.internal.fs.CosFtpFile;

/** RMD and XRMD: removes an empty directory, and refuses one with anything in it, as a disk would. */
final class RemoveDirectoryCommand extends PathCommand {

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request) throws IOException {
        session.resetState();
        CosFtpFile directory = file(session, request, false);
        if (directory == null) {
            return;
        }
        if (refusedUnlessDirectory(session, directory)) {
            return;
        }
        String path = directory.getAbsolutePath();
        if (path.equals("/") || !directory.isRemovable()) {
            permissionDenied(session, path);
            return;
        }
        if (directory.hasChildren()) {
            reply(session, FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN, path + ": Directory not empty");
            return;
        }
        directory.deleteDirectory();
        reply(session, FtpReply.REPLY_250_REQUESTED_FILE_ACTION_OKAY, "RMD command successful.");
        ((ServerFtpStatistics) context.getFtpStatistics()).setRmdir(session, directory);
    }
}
