package org.cosftp.ftp.internal.command;

import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.impl.FtpIoSession;
import org.cosftp.ftp.activity.Activity.Cause;
import org.cosftp.ftp.activity.Activity.Kind;

/**
 * How a command that is an activity ended, as its activity tells it: the category of a failure, its words, and
 * the reply code.
 */
record CommandOutcome(Cause cause, String reason, int replyCode) {

    /**
     * The outcome of a command of {@code kind} that ended with {@code reply} ({@code null} if none was sent);
     * {@code failure} is why a transfer moved nothing or not all ({@code null} if it moved all, or is none).
     */
    static CommandOutcome of(Kind kind, FtpIoSession session, FtpReply reply, Cause failureCause, String failure) {
        int code = reply == null ? 0 : reply.getCode();
        if (kind == Kind.LOGIN) {
            boolean succeeded = session.isLoggedIn() && code == FtpReply.REPLY_230_USER_LOGGED_IN;
            if (succeeded) {
                return new CommandOutcome(Cause.NONE, "", code);
            }
            // a refused password is answered after the failure delay, by a timer: not this command's reply yet
            return reply == null ? new CommandOutcome(Cause.REFUSED, "Login incorrect.",
                    FtpReply.REPLY_530_NOT_LOGGED_IN) : new CommandOutcome(causeOf(code), reply.getMessage(), code);
        }
        if (failure != null) {
            return new CommandOutcome(failureCause, failure, code);
        }
        Cause cause = code >= 200 && code < 300 ? Cause.NONE : causeOf(code);
        return new CommandOutcome(cause, cause == Cause.NONE ? "" : reply == null ? "no reply" : reply.getMessage(),
                code);
    }

    /** The category of a failure, told by the reply that ended it ({@code 0}: none, the client had gone). */
    static Cause causeOf(int replyCode) {
        return switch (replyCode) {
            case 0 -> Cause.CLIENT_GONE;
            case FtpReply.REPLY_421_SERVICE_NOT_AVAILABLE_CLOSING_CONTROL_CONNECTION,
                    FtpReply.REPLY_552_REQUESTED_FILE_ACTION_ABORTED_EXCEEDED_STORAGE -> Cause.LIMIT;
            case FtpReply.REPLY_425_CANT_OPEN_DATA_CONNECTION,
                    FtpReply.REPLY_426_CONNECTION_CLOSED_TRANSFER_ABORTED -> Cause.DATA_CONNECTION;
            default -> replyCode >= 400 && replyCode < 500 ? Cause.STORAGE : Cause.REFUSED;
        };
    }
}
