package org.cosftp.ftp.internal.command;

import java.io.IOException;

import org.apache.ftpserver.command.impl.STAT;
import org.apache.ftpserver.command.impl.listing.ListArgumentParser;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.cosftp.ftp.internal.fs.CosFtpFile;

/** STAT: the server's status without an argument; with a path, its listing over the control connection. */
final class StatusCommand extends PathCommand {
    private final STAT stat = new STAT();

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request)
            throws IOException, FtpException {
        if (request.hasArgument()) {
            CosFtpFile file = file(session, ListArgumentParser.parse(request.getArgument()).getFile(), false);
            if (file == null) {
                return;
            }
            if (!file.doesExist()) {
                session.resetState();
                noSuchFile(session, file.getAbsolutePath());
                return;
            }
        }
        stat.execute(session, context, request);
    }
}
