package org.cosftp.ftp.internal.command;

import java.util.Locale;

import org.apache.ftpserver.command.AbstractCommand;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.cosftp.ftp.internal.FtpServerInternals;

/**
 * FEAT (RFC 2389): exactly the extensions that work, each covered by the tests. FtpServer's own list names
 * some that cos-ftp does not offer (MODE Z, MD5, LANG) or offers only partly.
 */
final class FeatureCommand extends AbstractCommand {
    private static final String[] MLST_FACTS = {"Size", "Modify", "Type", "Perm"};
    /** What MLST and MLSD show until OPTS MLST selects otherwise (FtpServer's formatter). */
    private static final String[] MLST_DEFAULT = {"Size", "Modify", "Type"};

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request) {
        session.resetState();
        var features = new StringBuilder("Extensions supported:\n");
        if (tlsOffered(session)) {
            features.append(" AUTH TLS\n PBSZ\n PROT\n");
        }
        features.append(" EPRT\n EPSV\n MDTM\n MFMT\n");
        features.append(" MLST ").append(mlstFacts((String[]) session.getAttribute(FtpServerInternals.MLST_TYPES))).append('\n');
        features.append(" REST STREAM\n SIZE\n STOU\n TVFS\n UTF8\nEnd");
        PathCommand.reply(session, FtpReply.REPLY_211_SYSTEM_STATUS_REPLY, features.toString());
    }

    private static boolean tlsOffered(FtpIoSession session) {
        return session.getListener().getSslConfiguration() != null;
    }

    /** The facts, those shown marked with '*' (RFC 3659, 7.8). */
    private static String mlstFacts(String[] selected) {
        String[] shown = selected == null ? MLST_DEFAULT : selected;
        var facts = new StringBuilder();
        for (String fact : MLST_FACTS) {
            facts.append(fact);
            if (contains(shown, fact)) {
                facts.append('*');
            }
            facts.append(';');
        }
        return facts.toString();
    }

    private static boolean contains(String[] selected, String fact) {
        for (String type : selected) {
            if (type.toUpperCase(Locale.ROOT).equals(fact.toUpperCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
