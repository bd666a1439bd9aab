package org.cosftp.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.cosftp.ftp.FtpServerOperations;

/**
 * {@code cosftp:kick}: closes sessions, by id or by account, with a 421 reply; a running upload is discarded as
 * on ABOR, so nothing of it becomes an object.
 */
@Command(scope = "cosftp", name = "kick", description = "Closes FTP sessions, by id (see cosftp:sessions) or by "
        + "account; a running upload is discarded.")
@Service
public final class KickCommand implements Action {

    @Reference
    private FtpServerOperations server;

    @Argument(name = "id", description = "The ids of the sessions to close.", multiValued = true)
    @Completion(SessionIdCompleter.class)
    private List<Long> ids;

    @Option(name = "--user", aliases = "-u", description = "Closes every session of this account.")
    private String user;

    @Override
    public Object execute() {
        if ((ids == null || ids.isEmpty()) == (user == null)) {
            System.err.println("Name the sessions to close: their ids, or --user NAME.");
            return null;
        }
        if (user != null) {
            int closed = server.kickUser(user);
            System.out.println(closed == 0 ? "No session of " + user + "."
                    : "Closed " + closed + (closed == 1 ? " session" : " sessions") + " of " + user + ".");
            return null;
        }
        for (long id : ids) {
            System.out.println(server.kick(id) ? "Closed session " + id + "." : "No session " + id + ".");
        }
        return null;
    }
}
