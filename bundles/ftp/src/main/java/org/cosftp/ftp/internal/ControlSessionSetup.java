package org.cosftp.ftp.internal;

import org.apache.ftpserver.ipfilter.SessionFilter;
import org.apache.mina.core.service.IoAcceptor;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.SocketSessionConfig;
import org.cosftp.ftp.internal.command.ControlWatchFilter;
import org.cosftp.ftp.internal.guard.ControlConnectionLimits;
import org.cosftp.ftp.internal.guard.ProtocolLogFilter;

/**
 * Sets up every new control connection, before FtpServer hears of it: socket options, the idle time in force,
 * the login guard and cos-ftp's filters. FtpServer calls it as the session filter of each listener.
 */
final class ControlSessionSetup implements SessionFilter {
    private final LiveSettings live;
    private final ControlConnectionLimits guard;

    ControlSessionSetup(LiveSettings live, ControlConnectionLimits guard) {
        this.live = live;
        this.guard = guard;
    }

    @Override
    public boolean accept(IoSession session) {
        // replies are small writes, often two in a row (150 then 226): with Nagle's algorithm the second
        // waits for the client's delayed acknowledgement of the first, 40 ms on Linux, after every transfer
        ((SocketSessionConfig) session.getConfig()).setTcpNoDelay(true);
        session.getConfig().setIdleTime(IdleStatus.BOTH_IDLE, live.get().idleTimeoutSeconds());
        // a listener replaced by a new one stops accepting, but its sessions go on until they end or drain
        ((IoAcceptor) session.getService()).setCloseOnDeactivation(false);
        guard.install(session);
        session.getFilterChain().addBefore("threadPool", ControlWatchFilter.NAME, new ControlWatchFilter());
        session.getFilterChain().replace(ProtocolLogFilter.NAME, new ProtocolLogFilter());
        return true;
    }
}
