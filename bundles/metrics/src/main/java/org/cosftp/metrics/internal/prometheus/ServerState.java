package org.cosftp.metrics.internal.prometheus;

import java.util.List;

import org.cosftp.ftp.FtpServerOperations;
import org.cosftp.ftp.FtpSession;

/** What the FTP server holds now, counted; all zero while there is no server. Read at a scrape or a JMX read. */
public record ServerState(int listeners, int sessions, int loggedIn, int tls, int bansActive) {

    public static ServerState of(FtpServerOperations server) {
        if (server == null) {
            return new ServerState(0, 0, 0, 0, 0);
        }
        List<FtpSession> sessions = server.sessions();
        return new ServerState(server.listeners().size(), sessions.size(),
                (int) sessions.stream().filter(session -> session.user().isPresent()).count(),
                (int) sessions.stream().filter(FtpSession::tls).count(), server.bans().size());
    }
}
