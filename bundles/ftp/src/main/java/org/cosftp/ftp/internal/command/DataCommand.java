package org.cosftp.ftp.internal.command;

import java.io.IOException;

import org.apache.ftpserver.ftplet.DataConnection;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.impl.FtpIoSession;

/** What the commands that use a data connection (RETR, STOR, APPE, LIST, NLST, MLSD) share. */
abstract class DataCommand extends PathCommand {

    /** Refuses with 425 unless PASV, EPSV, PORT or EPRT came just before (see {@link DataPortCommand}). */
    static boolean refusedWithoutDataConnection(FtpIoSession session) {
        if (!DataPortCommand.takeReady(session)) {
            reply(session, FtpReply.REPLY_425_CANT_OPEN_DATA_CONNECTION, "Use PASV, EPSV, PORT or EPRT first.");
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
    static final class StoreFailure extends IOException {
        private static final long serialVersionUID = 1L;

        StoreFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
