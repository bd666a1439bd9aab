package org.cosftp.ftp.internal;

import java.io.IOException;

import org.apache.ftpserver.command.AbstractCommand;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.IODataConnectionFactory;

/** What the commands that use a data connection (RETR, STOR, APPE, LIST, NLST, MLSD) share. */
abstract class DataCommand extends AbstractCommand {

    static void reply(FtpIoSession session, int code, String message) {
        session.write(new DefaultFtpReply(code, message));
    }

    /** Refuses the command with 503 if the client has not yet said where the data connection goes. */
    static boolean refusedWithoutDataConnection(FtpIoSession session) {
        if (session.getDataConnection() instanceof IODataConnectionFactory io && io.getInetAddress() == null) {
            reply(session, FtpReply.REPLY_503_BAD_SEQUENCE_OF_COMMANDS, "PORT or PASV must be issued first");
            return true;
        }
        return false;
    }

    /** The store failed while the data connection was in use, as opposed to the data connection itself. */
    static final class StorageFailed extends IOException {
        private static final long serialVersionUID = 1L;

        StorageFailed(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
