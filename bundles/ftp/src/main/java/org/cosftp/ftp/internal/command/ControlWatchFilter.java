package org.cosftp.ftp.internal.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.cosftp.ftp.activity.Activity.Cause;

/**
 * Watches the raw control connection on MINA's I/O thread, ahead of FtpServer's queue of the session's
 * commands: ABOR, QUIT and the client going away are acted on at once ({@link ControlSignals}), while the
 * command they concern still runs. Without it, an ABOR sent during an upload would wait for the upload to end,
 * which it never does while the client waits for the ABOR's answer; and a killed client's upload would be
 * stored, as its data connection's end looks like a clean end of file.
 */
public final class ControlWatchFilter extends IoFilterAdapter {
    public static final String NAME = "control-watch";
    /**
     * ABOR or QUIT on a line of its own, perhaps after the Telnet IP and Synch bytes RFC 959 asks clients to
     * send before ABOR. A line starts only after LF ({@code d}: no other byte ends a line), and not by consuming
     * it, so that a signal right after another in the same read is seen too.
     */
    private static final Pattern SIGNAL = Pattern.compile("(?imd)^[\\xFF\\xF2\\xF4]*(ABOR|QUIT)[ \\t]*\\r?\\n");
    /** Commands are short: a longer read is file names and the like, not a signal. */
    private static final int LONGEST_SIGNAL_READ = 512;

    @Override
    public void messageReceived(NextFilter next, IoSession session, Object message) throws Exception {
        if (message instanceof IoBuffer buffer && buffer.remaining() < LONGEST_SIGNAL_READ) {
            IoBuffer view = buffer.duplicate();
            byte[] bytes = new byte[view.remaining()];
            view.get(bytes);
            for (String signal : signals(bytes)) {
                if (signal.equals("ABOR")) {
                    ControlSignals.aborted(session);
                } else {
                    ControlSignals.quit(session);
                }
            }
        }
        next.messageReceived(session, message);
    }

    /** The ABORs and QUITs, in upper case, that one read of the control connection holds, in their order. */
    static List<String> signals(byte[] read) {
        var signals = new ArrayList<String>();
        Matcher signal = SIGNAL.matcher(new String(read, StandardCharsets.ISO_8859_1));
        while (signal.find()) {
            signals.add(signal.group(1).toUpperCase(Locale.ROOT));
        }
        return signals;
    }

    /**
     * A control connection is silent while its listing, transfer or rename runs, and that silence is the server
     * at work, not the client idle: the idle event would otherwise wait behind the command and close the session
     * the moment a long listing ended. Silence after the command's reply counts again.
     */
    @Override
    public void sessionIdle(NextFilter next, IoSession session, IdleStatus status) throws Exception {
        if (!RunningCommands.running(session)) {
            next.sessionIdle(session, status);
        }
    }

    @Override
    public void inputClosed(NextFilter next, IoSession session) throws Exception {
        ControlSignals.clientGone(session, Cause.CLIENT_GONE, "the client closed its control connection");
        next.inputClosed(session);
    }

    @Override
    public void exceptionCaught(NextFilter next, IoSession session, Throwable cause) throws Exception {
        if (cause instanceof IOException) {
            ControlSignals.clientGone(session, Cause.CLIENT_GONE,
                    "the control connection broke (" + cause.getMessage() + ")");
        }
        next.exceptionCaught(session, cause);
    }

    @Override
    public void sessionClosed(NextFilter next, IoSession session) throws Exception {
        ControlSignals.clientGone(session, Cause.CLIENT_GONE, "the control connection closed");
        next.sessionClosed(session);
    }
}
