package org.cosftp.ftp.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.ftpserver.DataConnectionConfiguration;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.ftpserver.ipfilter.SessionFilter;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.cosftp.config.ServerSettings;
import org.cosftp.ftp.FtpListener;

/**
 * The listeners bound for one address, control port and set of TLS keys: the control port, and the implicit
 * FTPS port if there is one. When newer settings replace them, they stop accepting and their sessions go on
 * until they end or the drain time is over. All of them share one server context: its commands, users, file
 * system and command threads. Not thread-safe: the component uses them under its lock.
 */
final class ListenerSet {
    static final String CONTROL = "control";
    static final String IMPLICIT = "implicit";

    private final ServerSettings settings;
    private final FtpServerContext context;
    private final Map<String, Listener> listeners = new LinkedHashMap<>();
    private volatile long drainDeadline = Long.MAX_VALUE;

    ListenerSet(ServerSettings settings, FtpServerContext context) {
        this.settings = settings;
        this.context = context;
    }

    /** A listener on {@code port}, to be bound by {@link #start()}. */
    void add(String role, int port, boolean implicitTls, SslConfiguration tls, DataConnectionConfiguration data,
            SessionFilter filter) {
        var factory = new ListenerFactory();
        factory.setServerAddress(settings.host());
        factory.setPort(port);
        factory.setIdleTimeout(settings.idleTimeoutSeconds());
        factory.setImplicitSsl(implicitTls);
        factory.setSslConfiguration(tls);
        factory.setDataConnectionConfiguration(data);
        factory.setSessionFilter(filter);
        listeners.put(role, factory.createListener());
    }

    /** Binds every listener, or none: those bound are closed again if one fails. */
    void start() {
        var started = new ArrayList<Listener>();
        try {
            for (Listener listener : listeners.values()) {
                listener.start(context);
                started.add(listener);
            }
        } catch (RuntimeException e) {
            started.forEach(Listener::stop);
            throw e;
        }
    }

    int port(String role) {
        return listeners.get(role).getPort();
    }

    /** The listeners as bound, the control port first. */
    List<FtpListener> bound() {
        return listeners.values().stream()
                .map(listener -> new FtpListener(settings.host(), listener.getPort(), listener.isImplicitSsl()))
                .toList();
    }

    boolean has(String role) {
        return listeners.containsKey(role);
    }

    /** Whether {@code other} binds a port these listeners hold, which they must let go of first. */
    boolean sharesPortWith(ServerSettings other) {
        List<Integer> wanted = List.of(other.port(), other.tls().implicitPort());
        return listeners.values().stream().anyMatch(listener -> wanted.contains(listener.getPort()));
    }

    /** Stops accepting; the sessions go on, for {@code drainSeconds} at most. */
    void suspend(int drainSeconds) {
        drainDeadline = System.nanoTime() + drainSeconds * 1_000_000_000L;
        listeners.values().forEach(Listener::suspend);
    }

    /** Accepts again, after a replacement that could not bind. */
    void resume() {
        drainDeadline = Long.MAX_VALUE;
        listeners.values().forEach(Listener::resume);
    }

    /** Whether the drain time of suspended listeners is over. */
    boolean drained() {
        return drainDeadline != Long.MAX_VALUE && System.nanoTime() - drainDeadline >= 0;
    }

    /** The sessions on these listeners. */
    List<FtpIoSession> sessions() {
        var sessions = new ArrayList<FtpIoSession>();
        for (Listener listener : listeners.values()) {
            sessions.addAll(listener.getActiveSessions());
        }
        return sessions;
    }

    /** Closes the listeners and their sessions. */
    void stop() {
        listeners.values().forEach(Listener::stop);
    }

    @Override
    public String toString() {
        return "the listener on " + settings.host() + ":" + port(CONTROL) + (has(IMPLICIT)
                ? " (implicit FTPS on " + port(IMPLICIT) + ")" : "");
    }
}
