package org.cosftp.ftp.internal.command;

import java.io.IOException;
import java.text.ParseException;

import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.ftpserver.util.DateUtils;
import org.cosftp.ftp.internal.fs.CosFtpFile;

/** MFMT: a file's modification time as the client sets it (kept as the object's metadata). */
final class ModifyTimeCommand extends PathCommand {

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request) throws IOException {
        session.resetState();
        String[] arguments = request.hasArgument() ? request.getArgument().split(" ", 2) : new String[0];
        long time;
        try {
            if (arguments.length != 2) {
                throw new ParseException("no time and path", 0);
            }
            time = DateUtils.parseFTPDate(arguments[0].trim()).getTime();
        } catch (ParseException e) {
            reply(session, FtpReply.REPLY_501_SYNTAX_ERROR_IN_PARAMETERS_OR_ARGUMENTS,
                    "Syntax: MFMT <yyyyMMddHHmmss> <path>");
            return;
        }
        CosFtpFile file = file(session, arguments[1].trim(), false);
        if (file == null) {
            return;
        }
        if (refusedUnlessFile(session, file)) {
            return;
        }
        file.setClientTime(time);
        reply(session, FtpReply.REPLY_213_FILE_STATUS, "Modify=" + arguments[0].trim() + "; " + file.getAbsolutePath());
    }
}
