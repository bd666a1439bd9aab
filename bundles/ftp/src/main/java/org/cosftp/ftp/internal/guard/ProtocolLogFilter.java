package org.cosftp.ftp.internal.guard;

import java.nio.charset.CharacterCodingException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.listener.nio.FtpLoggingFilter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoderException;
import org.apache.mina.filter.codec.RecoverableProtocolDecoderException;
import org.apache.mina.filter.logging.LogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the control connection as FtpServer's own logging filter does, under the same name, but at DEBUG, without
 * ever logging a password: FtpServer masks only {@code PASS} followed by a space, this masks any line whose first
 * word is {@code PASS} or {@code ACCT}. Control characters are logged escaped, so that a client cannot write
 * into the log what an operator's terminal would act on.
 *
 * <p>Commands and replies are a trace for debugging, as vsftpd's {@code log_ftp_protocol}: at INFO they were five
 * lines per file stored, each costing more than the file's own COS request does. At INFO the log keeps one line
 * per transfer, login and connection.
 *
 * <p>Lines FtpServer should not see are answered here: a line that cannot be decoded (not UTF-8, or longer
 * than a command line may be), which FtpServer would log as a hex dump that spells out a password sent that
 * way, closing the session on an overlong line; and a line with NUL, which would be echoed in replies.
 */
public final class ProtocolLogFilter extends FtpLoggingFilter {
    /** The name of FtpServer's logging filter in a session's filter chain, which this one replaces. */
    public static final String NAME = "logger";
    private static final Logger LOG = LoggerFactory.getLogger(FtpLoggingFilter.class);
    private static final Pattern SECRET_COMMAND = Pattern.compile("(?i)\\s*(PASS|ACCT)(\\s.*)?", Pattern.DOTALL);

    public ProtocolLogFilter() {
        setMessageSentLogLevel(LogLevel.DEBUG);
    }

    @Override
    public void messageReceived(NextFilter next, IoSession session, Object message) throws Exception {
        if (!(message instanceof String line)) {
            super.messageReceived(next, session, message);
        } else if (line.indexOf('\0') >= 0) {
            LOG.warn("refused a command from {} with a NUL character", session.getRemoteAddress());
            session.write(new DefaultFtpReply(FtpReply.REPLY_501_SYNTAX_ERROR_IN_PARAMETERS_OR_ARGUMENTS,
                    "NUL is not allowed in a command."));
        } else {
            if (LOG.isDebugEnabled()) {
                LOG.debug("RECEIVED: {}", logged(line));
            }
            next.messageReceived(session, message);
        }
    }

    /** A received line as the log shows it: a password or account masked, control characters escaped. */
    static String logged(String line) {
        return SECRET_COMMAND.matcher(line).matches()
                ? line.trim().substring(0, 4).toUpperCase(Locale.ROOT) + " *****" : printable(line);
    }

    private static String printable(String line) {
        var text = new StringBuilder(line.length());
        for (char c : line.toCharArray()) {
            if (c < ' ' && c != '\t' || c >= 0x7f && c < 0xa0) {
                text.append(String.format("\\u%04x", (int) c));
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    @Override
    public void exceptionCaught(NextFilter next, IoSession session, Throwable cause) throws Exception {
        if (!(cause instanceof ProtocolDecoderException)) {
            super.exceptionCaught(next, session, cause);
        } else if (cause.getCause() instanceof CharacterCodingException) {
            LOG.warn("refused a command from {} that is not UTF-8", session.getRemoteAddress());
            session.write(new DefaultFtpReply(FtpReply.REPLY_501_SYNTAX_ERROR_IN_PARAMETERS_OR_ARGUMENTS,
                    "Invalid character in command."));
        } else if (cause instanceof RecoverableProtocolDecoderException) {
            // the decoder has skipped the line and goes on with the next one
            LOG.warn("refused a command line from {} longer than a command line may be", session.getRemoteAddress());
            session.write(new DefaultFtpReply(FtpReply.REPLY_500_SYNTAX_ERROR_COMMAND_UNRECOGNIZED,
                    "Command line too long."));
        } else {
            LOG.warn("closing the session of {}: a command could not be decoded", session.getRemoteAddress());
            session.write(new DefaultFtpReply(FtpReply.REPLY_500_SYNTAX_ERROR_COMMAND_UNRECOGNIZED,
                    "Command could not be decoded."));
            session.closeOnFlush();
        }
    }
}
