package org.cosftp.ftp.internal.command;

import java.io.IOException;
import java.util.concurrent.ExecutorService;

import org.apache.ftpserver.command.Command;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.mina.core.session.AttributeKey;
import org.cosftp.ftp.internal.tls.EarlyDataHandshake;

/**
 * PASV, EPSV, PORT and EPRT, each good for one data command, as vsftpd has it. FtpServer keeps the address of
 * the last one after its data connection closed: a second transfer without a new PASV was answered 150, then
 * failed on the closed passive socket, and its 425 came where the client expected the next command's reply.
 */
final class DataPortCommand implements Command {
    private static final AttributeKey READY = new AttributeKey(DataPortCommand.class, "ready");

    private final Command command;
    /** For PASV and EPSV: where protected passive connections are handshaken ahead of their command. */
    private final ExecutorService handshakes;

    private DataPortCommand(Command command, ExecutorService handshakes) {
        this.command = command;
        this.handshakes = handshakes;
    }

    static DataPortCommand passive(Command command, ExecutorService handshakes) {
        return new DataPortCommand(command, handshakes);
    }

    static DataPortCommand active(Command command) {
        return new DataPortCommand(command, null);
    }

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request)
            throws IOException, FtpException {
        session.removeAttribute(READY);
        command.execute(session, context, request);
        FtpReply reply = session.getLastReply();
        if (reply != null && reply.getCode() >= 200 && reply.getCode() < 300) {
            session.setAttribute(READY, Boolean.TRUE);
            if (handshakes != null) {
                EarlyDataHandshake.start(session, handshakes);
            }
        }
    }

    /** Whether a data port was set up for the data command now running; it is then used up. */
    static boolean takeReady(FtpIoSession session) {
        return session.removeAttribute(READY) != null;
    }

    /** Ends a data command, however it ended: its data port is used up, and closed. */
    static void used(FtpIoSession session) {
        session.removeAttribute(READY);
        session.getDataConnection().closeDataConnection();
    }
}
