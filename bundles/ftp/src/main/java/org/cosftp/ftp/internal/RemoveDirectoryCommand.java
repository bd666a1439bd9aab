package org.cosftp.ftp.internal;

import java.io.IOException;

import org.apache.ftpserver.command.AbstractCommand;
import org.apache.ftpserver.command.impl.RMD;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;

/** RMD that refuses a directory with anything in it with 550, as a disk would, before FtpServer's RMD runs. */
final class RemoveDirectoryCommand extends AbstractCommand {
    private final RMD rmd = new RMD();

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request)
            throws IOException, FtpException {
        if (request.hasArgument() && session.getFileSystemView() instanceof CosFileSystemView view) {
            try {
                CosFtpFile directory = view.file(request.getArgument());
                if (directory.isDirectory() && directory.hasChildren()) {
                    session.resetState();
                    session.write(new DefaultFtpReply(FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN,
                            directory.getAbsolutePath() + ": directory not empty."));
                    return;
                }
            } catch (FtpException invalidPath) {
                // FtpServer's RMD answers for it
            }
        }
        rmd.execute(session, context, request);
    }
}
