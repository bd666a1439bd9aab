package org.cosftp.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.cosftp.ftp.FtpCommand;
import org.cosftp.ftp.FtpServerOperations;
import org.cosftp.ftp.FtpSession;

/**
 * {@code cosftp:sessions}: every control connection, with what it does now: the command running, the path it
 * names, the bytes it moved so far and at what rate.
 */
@Command(scope = "cosftp", name = "sessions", description = "Lists the FTP sessions and what each one does now.")
@Service
public final class SessionsCommand implements Action {

    @Reference
    private FtpServerOperations server;

    @Override
    public Object execute() {
        var table = new ShellTable();
        table.emptyTableText("no session");
        for (String column : new String[] {"Id", "User", "Client", "Since", "Idle", "TLS", "Command", "Path"}) {
            table.column(column);
        }
        table.column("Bytes").alignRight();
        table.column("Rate").alignRight();
        for (FtpSession session : server.sessions()) {
            var running = session.command();
            table.addRow().addContent(session.id(), session.user().orElse("-"), session.clientAddress(),
                    Formats.time(session.since()), Formats.duration(session.idle()), session.tls() ? "yes" : "no",
                    running.map(FtpCommand::name).orElse("-"), running.flatMap(FtpCommand::path).orElse(""),
                    running.map(command -> Formats.bytes(command.bytes())).orElse(""),
                    running.map(command -> Formats.bytes(command.bytesPerSecond()) + "/s").orElse(""));
        }
        table.print(System.out);
        return null;
    }
}
