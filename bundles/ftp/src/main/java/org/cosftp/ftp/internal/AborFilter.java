package org.cosftp.ftp.internal;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.apache.ftpserver.impl.ServerDataConnectionFactory;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoSession;

/**
 * Acts on ABOR as soon as it arrives. FtpServer runs a session's commands one after the other, so an ABOR
 * sent during an upload would wait for the upload to end, which it never does while the client waits for
 * the ABOR's answer. This filter sees the raw control stream before that queue: it marks the session aborted
 * and closes the data connection, so that the running transfer fails now, is discarded, and the queued ABOR
 * is then answered in order.
 */
final class AborFilter extends IoFilterAdapter {
    /** Session attribute set when the client sent ABOR; the upload in progress must not be committed. */
    static final String ABORTED = AborFilter.class.getName() + ".aborted";
    private static final String DATA_CONNECTION = "org.apache.ftpserver.data-connection";
    /** ABOR on a line of its own, perhaps after the Telnet IP and Synch bytes RFC 959 asks clients to send. */
    private static final Pattern ABOR = Pattern.compile("(?i)(^|\\n)[\\xFF\\xF2\\xF4]*ABOR\\s*\\r?\\n");

    @Override
    public void messageReceived(NextFilter next, IoSession session, Object message) throws Exception {
        if (message instanceof IoBuffer buffer && buffer.remaining() < 512) {
            IoBuffer view = buffer.duplicate();
            byte[] bytes = new byte[view.remaining()];
            view.get(bytes);
            if (ABOR.matcher(new String(bytes, StandardCharsets.ISO_8859_1)).find()) {
                session.setAttribute(ABORTED, Boolean.TRUE);
                if (session.getAttribute(DATA_CONNECTION) instanceof ServerDataConnectionFactory data) {
                    data.closeDataConnection();
                }
            }
        }
        next.messageReceived(session, message);
    }
}
