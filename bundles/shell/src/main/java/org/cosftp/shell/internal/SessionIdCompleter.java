package org.cosftp.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.cosftp.ftp.FtpServerOperations;
import org.cosftp.ftp.FtpSession;

/** Completes the ids of the sessions open now. */
@Service
public final class SessionIdCompleter implements Completer {

    @Reference
    private FtpServerOperations server;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        var ids = new StringsCompleter();
        for (FtpSession open : server.sessions()) {
            ids.getStrings().add(Long.toString(open.id()));
        }
        return ids.complete(session, commandLine, candidates);
    }
}
