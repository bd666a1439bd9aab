package org.cosftp.ftp.internal.command;

import java.io.IOException;

import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.ftpserver.impl.ServerFtpStatistics;
import org.cosftp.ftp.internal.fs.CosFtpFile;

/** DELE: deletes a file; its directory stays, as on a disk. */
final class DeleteCommand extends PathCommand {

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request) throws IOException {
        session.resetState();
        CosFtpFile file = file(session, request, false);
        if (file == null) {
            return;
        }
        String path = file.getAbsolutePath();
        if (!file.isFile()) {
            if (file.isDirectory()) {
                reply(session, FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN, path + ": Is a directory");
            } else {
                noSuchFile(session, path);
            }
            return;
        }
        if (!file.isRemovable()) {
            permissionDenied(session, path);
            return;
        }
        file.deleteFile();
        reply(session, FtpReply.REPLY_250_REQUESTED_FILE_ACTION_OKAY, "DELE command successful.");
        ((ServerFtpStatistics) context.getFtpStatistics()).setDelete(session, file);
    }
}
