package org.cosftp.shell.internal;

import java.util.List;
import java.util.stream.Stream;

import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes a word of a command line from what the server holds now, for the commands' completers. */
final class Candidates {
    private Candidates() {
    }

    static int complete(Stream<String> values, Session session, CommandLine commandLine, List<String> candidates) {
        var strings = new StringsCompleter();
        values.forEach(strings.getStrings()::add);
        return strings.complete(session, commandLine, candidates);
    }
}
