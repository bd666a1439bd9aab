package org.cosftp.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.cosftp.ftp.FtpServerOperations;

/** Completes the ids of the sessions open now. */
@Service
public final class SessionIdCompleter implements Completer {

    @Reference
    private FtpServerOperations server;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return Candidates.complete(server.sessions().stream().map(open -> Long.toString(open.id())), session,
                commandLine, candidates);
    }
}
