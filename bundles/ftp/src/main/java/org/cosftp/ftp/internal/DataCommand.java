package org.cosftp.ftp.internal;

import java.io.IOException;

import org.apache.ftpserver.command.AbstractCommand;
import org.apache.ftpserver.ftplet.DataConnection;
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

    /** Opens the data connection the client asked for; if that fails, replies 425 and returns null. */
    static DataConnection openDataConnection(FtpIoSession session) {
        try {
            return session.getDataConnection().openConnection();
        } catch (Exception e) {
            reply(session, FtpReply.REPLY_425_CANT_OPEN_DATA_CONNECTION, "Can't open data connection.");
            return null;
        }
    }

    /** The store failed while the data connection was in use, as opposed to the data connection itself. */
    static final class StorageFailed extends IOException {
        private static final long serialVersionUID = 1L;

        StorageFailed(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
