package org.cosftp.ftp.internal;

import org.cosftp.config.ServerSettings;

/**
 * The server settings in force, read by the listeners' guards, policies, commands and data connections each
 * time they act, so that a change applies to the next connection or command without touching a session. Also
 * whether the server is stopping, which turns new connections and commands away.
 */
public final class LiveSettings {
    /** The answer (421) to connections and commands that come while the server stops. */
    public static final String STOPPING = "The server is shutting down; try again later.";

    private volatile ServerSettings current;
    private volatile boolean stopping;

    LiveSettings(ServerSettings initial) {
        this.current = initial;
    }

    public ServerSettings get() {
        return current;
    }

    void set(ServerSettings settings) {
        current = settings;
    }

    /** Whether the server is stopping: no new connection, login or command is accepted. */
    public boolean stopping() {
        return stopping;
    }

    public void stopping(boolean stopping) {
        this.stopping = stopping;
    }
}
