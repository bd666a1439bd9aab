package org.cosftp.metrics.internal.jmx;

import java.util.function.Supplier;

import javax.management.StandardMBean;

import org.cosftp.ftp.FtpServerOperations;
import org.cosftp.metrics.internal.prometheus.ServerState;

final class ServerBean extends StandardMBean implements ServerMXBean {
    private final Supplier<FtpServerOperations> server;

    ServerBean(Supplier<FtpServerOperations> server) {
        super(ServerMXBean.class, true);
        this.server = server;
    }

    private ServerState state() {
        return ServerState.of(server.get());
    }

    @Override
    public int getListeners() {
        return state().listeners();
    }

    @Override
    public int getSessions() {
        return state().sessions();
    }

    @Override
    public int getSessionsLoggedIn() {
        return state().loggedIn();
    }

    @Override
    public int getSessionsTls() {
        return state().tls();
    }

    @Override
    public int getBansActive() {
        return state().bansActive();
    }
}
