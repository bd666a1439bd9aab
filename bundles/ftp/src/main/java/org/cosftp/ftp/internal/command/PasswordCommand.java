package org.cosftp.ftp.internal.command;

import java.io.IOException;

import org.apache.ftpserver.command.AbstractCommand;
import org.apache.ftpserver.ftplet.AuthenticationFailedException;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.FileSystemView;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.User;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.ftpserver.impl.LocalizedFtpReply;
import org.apache.ftpserver.impl.ServerFtpStatistics;
import org.apache.ftpserver.usermanager.UsernamePasswordAuthentication;
import org.apache.ftpserver.usermanager.impl.UserMetadata;
import org.cosftp.ftp.internal.guard.ControlConnectionLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PASS as FtpServer's own, but a refusal is logged as one stable line with the client's address (for fail2ban),
 * counts towards a ban of that address, and is answered after the failure delay without holding a thread.
 */
public final class PasswordCommand extends AbstractCommand {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordCommand.class);
    /** Longest user name written to the log, so that a client cannot fill it. */
    private static final int LOGGED_NAME_LENGTH = 64;

    private final ControlConnectionLimits guard;

    public PasswordCommand(ControlConnectionLimits guard) {
        this.guard = guard;
    }

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request)
            throws IOException, FtpException {
        boolean success = false;
        try {
            session.resetState();
            String userName = session.getUserArgument();
            if (userName == null && session.getUser() == null) {
                session.write(LocalizedFtpReply.translate(session, request, context,
                        FtpReply.REPLY_503_BAD_SEQUENCE_OF_COMMANDS, "PASS", null));
                return;
            }
            if (session.isLoggedIn()) {
                session.write(LocalizedFtpReply.translate(session, request, context,
                        FtpReply.REPLY_202_COMMAND_NOT_IMPLEMENTED, "PASS", null));
                return;
            }
            var statistics = (ServerFtpStatistics) context.getFtpStatistics();
            int maxLogins = context.getConnectionConfig().getMaxLogins();
            if (maxLogins != 0 && statistics.getCurrentLoginNumber() >= maxLogins) {
                session.write(LocalizedFtpReply.translate(session, request, context,
                        FtpReply.REPLY_421_SERVICE_NOT_AVAILABLE_CLOSING_CONTROL_CONNECTION, "PASS.login", null));
                session.closeOnFlush();
                return;
            }
            if (guard.refuseBanned(session)) {
                return;
            }
            User user = authenticate(session, context, userName, request.getArgument());
            if (user == null || !user.getEnabled()) {
                LOG.warn("login failed: user \"{}\" from {}", printable(userName),
                        ControlConnectionLimits.address(session).getHostAddress());
                statistics.setLoginFail(session);
                guard.loginFailed(session, context, LocalizedFtpReply.translate(session, request, context,
                        FtpReply.REPLY_530_NOT_LOGGED_IN, "PASS", userName));
                return;
            }
            FileSystemView view;
            try {
                view = context.getFileSystemManager().createFileSystemView(user);
            } catch (FtpException storageMissing) {
                // a storage that is not there yet (Karaf still starting) or refused: not the client's fault
                session.write(new DefaultFtpReply(FtpReply.REPLY_421_SERVICE_NOT_AVAILABLE_CLOSING_CONTROL_CONNECTION,
                        "This account's storage is not available; try again later."));
                session.closeOnFlush();
                return;
            }
            session.setUser(user);
            session.setUserArgument(null);
            session.setMaxIdleTime(user.getMaxIdleTime());
            session.setLogin(view);
            statistics.setLogin(session);
            success = true;
            guard.loginSucceeded(session);
            session.write(LocalizedFtpReply.translate(session, request, context,
                    FtpReply.REPLY_230_USER_LOGGED_IN, "PASS", userName));
            LOG.info("login: user \"{}\" from {}", printable(userName), ControlConnectionLimits.address(session).getHostAddress());
        } finally {
            if (!success) {
                session.reinitialize();
            }
        }
    }

    private static User authenticate(FtpIoSession session, FtpServerContext context, String userName,
            String password) {
        var metadata = new UserMetadata();
        metadata.setInetAddress(ControlConnectionLimits.address(session));
        metadata.setCertificateChain(session.getClientCertificates());
        try {
            return context.getUserManager().authenticate(
                    new UsernamePasswordAuthentication(userName, password, metadata));
        } catch (AuthenticationFailedException refused) {
            return null;
        } catch (FtpException | RuntimeException e) {
            // the message names the cause, never the password, which is not part of it
            LOG.warn("login of user \"{}\" could not be checked: {}", printable(userName), e.toString());
            return null;
        }
    }

    /** A user name as the log may show it: one line, no control characters, no quotes, of bounded length. */
    static String printable(String name) {
        if (name == null) {
            return "";
        }
        var printable = new StringBuilder(Math.min(name.length(), LOGGED_NAME_LENGTH + 3));
        name.codePoints().limit(LOGGED_NAME_LENGTH).forEach(c -> printable.appendCodePoint(
                Character.isISOControl(c) || c == '"' || c == '\\' || !visible(c) ? '?' : c));
        if (name.codePointCount(0, name.length()) > LOGGED_NAME_LENGTH) {
            printable.append("...");
        }
        return printable.toString();
    }

    private static boolean visible(int c) {
        int type = Character.getType(c);
        return type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR && type != Character.FORMAT
                && type != Character.UNASSIGNED && type != Character.SURROGATE && type != Character.PRIVATE_USE;
    }
}
