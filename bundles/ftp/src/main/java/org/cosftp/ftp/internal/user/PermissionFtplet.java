package org.cosftp.ftp.internal.user;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.cosftp.config.UserAccount;
import org.cosftp.config.UserDirectory;
import org.cosftp.ftp.internal.fs.CosFileSystemView;

/**
 * Decides each command of a logged-in session against the account as configured now, so that a permission
 * change applies to the next command, and a removed or disabled account's session ends at its next command.
 * Names too long to be keys are refused here too (553), before FtpServer would answer them with 550.
 */
public final class PermissionFtplet extends DefaultFtplet {
    private static final Set<String> READ = Set.of("RETR", "LIST", "NLST", "MLSD", "MLST", "SIZE", "MDTM");
    private static final Set<String> WRITE = Set.of("STOR", "STOU", "APPE", "MKD", "MFMT", "RNTO");
    private static final Set<String> REMOVE = Set.of("DELE", "RMD", "RNFR");
    /** Commands that name a new key; STOR and APPE check theirs themselves. */
    private static final Set<String> NEW_NAME = Set.of("MKD", "RNTO");

    private final Supplier<UserDirectory> directory;

    public PermissionFtplet(Supplier<UserDirectory> directory) {
        this.directory = directory;
    }

    @Override
    public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException {
        if (session.getUser() == null) {
            return FtpletResult.DEFAULT;
        }
        Optional<UserAccount> account = directory.get().find(session.getUser().getName())
                .filter(UserAccount::enabled);
        if (account.isEmpty()) {
            session.write(new DefaultFtpReply(FtpReply.REPLY_421_SERVICE_NOT_AVAILABLE_CLOSING_CONTROL_CONNECTION,
                    "Account removed or disabled; closing."));
            return FtpletResult.DISCONNECT;
        }
        String command = request.getCommand().toUpperCase(Locale.ROOT);
        boolean listing = command.equals("STAT") && request.hasArgument();
        boolean allowed = (!READ.contains(command) && !listing || account.get().access().canRead())
                && (!WRITE.contains(command) || account.get().access().canWrite())
                && (!REMOVE.contains(command) || account.get().access().canWrite() && account.get().delete());
        if (!allowed) {
            session.write(new DefaultFtpReply(FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN, "Permission denied."));
            return FtpletResult.SKIP;
        }
        if (NEW_NAME.contains(command) && request.hasArgument()
                && session.getFileSystemView() instanceof CosFileSystemView view) {
            try {
                view.file(request.getArgument());
            } catch (FtpException tooLong) {
                session.write(new DefaultFtpReply(FtpReply.REPLY_553_REQUESTED_ACTION_NOT_TAKEN_FILE_NAME_NOT_ALLOWED,
                        tooLong.getMessage()));
                return FtpletResult.SKIP;
            }
        }
        return FtpletResult.DEFAULT;
    }
}
