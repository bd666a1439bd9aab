package org.cosftp.ftp.internal.command;

import java.io.IOException;

import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.cosftp.ftp.internal.fs.CosFileSystemView;
import org.cosftp.ftp.internal.fs.CosFtpFile;

/** CWD and XCWD (to the home without an argument), CDUP and XCUP. */
final class ChangeDirectoryCommand extends PathCommand {
    private final boolean up;

    private ChangeDirectoryCommand(boolean up) {
        this.up = up;
    }

    static ChangeDirectoryCommand named() {
        return new ChangeDirectoryCommand(false);
    }

    static ChangeDirectoryCommand parent() {
        return new ChangeDirectoryCommand(true);
    }

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request) throws IOException {
        session.resetState();
        String argument = up ? ".." : request.hasArgument() ? request.getArgument() : "/";
        CosFtpFile directory = file(session, argument, false);
        if (directory == null) {
            return;
        }
        if (refusedUnlessDirectory(session, directory)) {
            return;
        }
        ((CosFileSystemView) session.getFileSystemView()).enter(directory);
        reply(session, FtpReply.REPLY_250_REQUESTED_FILE_ACTION_OKAY,
                "Directory changed to " + directory.getAbsolutePath());
    }
}
