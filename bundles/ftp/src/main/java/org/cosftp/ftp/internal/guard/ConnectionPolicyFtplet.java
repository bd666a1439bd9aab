package org.cosftp.ftp.internal.guard;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.cosftp.ftp.internal.LiveSettings;

/**
 * The server's rules for connections, whoever the user: with {@code tls.required}, no login before AUTH TLS
 * and no transfer or listing before PROT P; and no active-mode connection to a port below 1024, so that the
 * server can never be used to bounce data at another host's services (FtpServer's own check already keeps
 * the address to the client's). While the server stops, a new command gets 421 and its session is closed; the
 * commands already running may finish.
 */
public final class ConnectionPolicyFtplet extends DefaultFtplet {
    private static final Set<String> LOGIN = Set.of("USER", "PASS", "ACCT");
    private static final Set<String> DATA = Set.of("RETR", "STOR", "STOU", "APPE", "LIST", "NLST", "MLSD");
    private static final int LOWEST_ACTIVE_PORT = 1024;

    private final LiveSettings settings;

    /** Applies {@code tls.required} as it is at each command. */
    public ConnectionPolicyFtplet(LiveSettings settings) {
        this.settings = settings;
    }

    @Override
    public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException {
        if (settings.stopping()) {
            session.write(new DefaultFtpReply(FtpReply.REPLY_421_SERVICE_NOT_AVAILABLE_CLOSING_CONTROL_CONNECTION,
                    LiveSettings.STOPPING));
            return FtpletResult.DISCONNECT;
        }
        String command = request.getCommand().toUpperCase(Locale.ROOT);
        boolean tlsRequired = settings.get().tls().required();
        if (tlsRequired && LOGIN.contains(command) && !session.isSecure()) {
            return refuse(session, FtpReply.REPLY_530_NOT_LOGGED_IN,
                    "This server requires FTPS: send AUTH TLS before logging in.");
        }
        if (tlsRequired && DATA.contains(command) && !session.getDataConnection().isSecure()) {
            return refuse(session, 521, "Data connections must be protected: send PBSZ 0 and PROT P first.");
        }
        if ((command.equals("PORT") || command.equals("EPRT")) && request.hasArgument()) {
            int port = activePort(command, request.getArgument());
            if (port >= 0 && port < LOWEST_ACTIVE_PORT) {
                return refuse(session, FtpReply.REPLY_501_SYNTAX_ERROR_IN_PARAMETERS_OR_ARGUMENTS,
                        "Active connections to ports below " + LOWEST_ACTIVE_PORT + " are refused.");
            }
        }
        return FtpletResult.DEFAULT;
    }

    private static FtpletResult refuse(FtpSession session, int code, String message) throws FtpException {
        session.write(new DefaultFtpReply(code, message));
        return FtpletResult.SKIP;
    }

    /**
     * The port of {@code PORT h1,h2,h3,h4,p1,p2} or {@code EPRT |af|address|port|}; -1 if the argument is
     * malformed, which FtpServer's command then refuses itself.
     */
    static int activePort(String command, String argument) {
        try {
            if (command.equals("PORT")) {
                String[] parts = argument.trim().split(",");
                if (parts.length != 6) {
                    return -1;
                }
                int high = Integer.parseInt(parts[4].trim());
                int low = Integer.parseInt(parts[5].trim());
                return high >= 0 && high < 256 && low >= 0 && low < 256 ? high * 256 + low : -1;
            }
            String trimmed = argument.trim();
            if (trimmed.length() < 2) {
                return -1;
            }
            String[] parts = trimmed.substring(1).split(Pattern.quote(trimmed.substring(0, 1)), -1);
            return parts.length >= 3 ? Integer.parseInt(parts[2].trim()) : -1;
        } catch (NumberFormatException malformed) {
            return -1;
        }
    }
}
