package org.cosftp.ftp.internal.command;

import org.apache.ftpserver.command.AbstractCommand;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;

/**
 * MODE: stream mode only. FtpServer's MODE Z (deflate) would bypass the transfers' own copying and is
 * untested with uploads that must be discarded when they break; no client needs it.
 */
final class TransferModeCommand extends AbstractCommand {

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request) {
        session.resetState();
        if (!request.hasArgument()) {
            PathCommand.reply(session, FtpReply.REPLY_501_SYNTAX_ERROR_IN_PARAMETERS_OR_ARGUMENTS,
                    "Syntax: MODE S");
        } else if (request.getArgument().trim().equalsIgnoreCase("S")) {
            session.getDataConnection().setZipMode(false);
            PathCommand.reply(session, FtpReply.REPLY_200_COMMAND_OKAY, "Mode set to S.");
        } else {
            PathCommand.reply(session, FtpReply.REPLY_504_COMMAND_NOT_IMPLEMENTED_FOR_THAT_PARAMETER,
                    "Only stream mode (MODE S) is offered.");
        }
    }
}
