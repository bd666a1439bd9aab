package org.cosftp.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.cosftp.ftp.AddressBan;
import org.cosftp.ftp.FtpServerOperations;

/** {@code cosftp:bans}: the client addresses banned now for failed logins, the longest left first. */
@Command(scope = "cosftp", name = "bans", description = "Lists the client addresses banned for failed logins.")
@Service
public final class BansCommand implements Action {

    @Reference
    private FtpServerOperations server;

    @Override
    public Object execute() {
        var table = new ShellTable();
        table.emptyTableText("no address is banned");
        table.column("Address");
        table.column("Ban").alignRight();
        table.column("Left").alignRight();
        for (AddressBan ban : server.bans()) {
            table.addRow().addContent(ban.address(), Formats.duration(ban.length()), Formats.duration(ban.left()));
        }
        table.print(System.out);
        return null;
    }
}
