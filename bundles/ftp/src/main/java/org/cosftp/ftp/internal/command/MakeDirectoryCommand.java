package org.cosftp.ftp.internal.command;

import java.io.IOException;

import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.ftpserver.impl.ServerFtpStatistics;
import org.cosftp.ftp.internal.fs.CosFtpFile;

/** MKD and XMKD: writes the directory's marker object, in a parent that is a directory (or none yet). */
final class MakeDirectoryCommand extends PathCommand {

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request) throws IOException {
        session.resetState();
        CosFtpFile directory = file(session, request, true);
        if (directory == null) {
            return;
        }
        String path = directory.getAbsolutePath();
        if (!directory.isWritable()) {
            permissionDenied(session, path);
            return;
        }
        if (underAFile(session, directory)) {
            return;
        }
        if (directory.doesExist()) {
            exists(session, path);
            return;
        }
        directory.makeDirectory();
        reply(session, FtpReply.REPLY_257_PATHNAME_CREATED,
                "\"" + path.replace("\"", "\"\"") + "\" directory created.");
        ((ServerFtpStatistics) context.getFtpStatistics()).setMkdir(session, directory);
    }
}
