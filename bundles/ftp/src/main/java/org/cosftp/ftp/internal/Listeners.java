package org.cosftp.ftp.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.ipfilter.SessionFilter;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.cosftp.config.ServerSettings;
import org.cosftp.config.TlsSettings;
import org.cosftp.ftp.FtpListener;
import org.cosftp.ftp.internal.data.DataConnections;
import org.cosftp.ftp.internal.tls.ServerKeys;
import org.cosftp.ftp.internal.tls.TlsConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one server: the {@link ListenerSet} that new connections reach, and those that newer
 * settings replaced, whose sessions drain. A new set is bound before the old one lets go, so that a failed bind
 * leaves the old one serving. Not thread-safe: the component uses it under its lock.
 */
final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(FtpServerComponent.class);

    private final DefaultFtpServer server;
    private final DataConnections data;
    private final SessionFilter sessionSetup;
    private ListenerSet serving;
    private final List<ListenerSet> draining = new ArrayList<>();

    Listeners(DefaultFtpServer server, DataConnections data, SessionFilter sessionSetup) {
        this.server = server;
        this.data = data;
        this.sessionSetup = sessionSetup;
    }

    /**
     * The first listeners. Without the FTPS key (FTPS off, or the key cannot be loaded) AUTH TLS is refused:
     * the server then serves without FTPS, which a change of the settings never falls back to.
     *
     * @throws RuntimeException if they cannot be bound
     */
    void bindFirst(ServerSettings settings) {
        serving = bind(settings, firstKeys(settings.tls()));
    }

    /** The serving listeners as bound: a port of 0 shows as the one the system gave. */
    List<FtpListener> serving() {
        return serving.bound();
    }

    /**
     * Listeners for {@code settings} in place of those serving, which stop accepting and drain for up to
     * {@code drainSeconds}; {@code false}, with the reason logged, if they cannot be bound.
     */
    boolean replace(ServerSettings settings) {
        ListenerSet fresh = rebind(settings);
        if (fresh == null) {
            return false;
        }
        ListenerSet old = serving;
        serving = fresh;
        old.suspend(settings.drainSeconds());
        draining.add(old);
        LOG.info("{} stopped accepting; its {} sessions go on for up to {} s", old, old.sessions().size(),
                settings.drainSeconds());
        return true;
    }

    /**
     * Listeners for {@code settings}, bound while the old ones still serve; {@code null}, with the reason
     * logged, if they cannot be. A port the old listeners hold is let go of for the bind, and taken back if
     * the bind fails.
     */
    private ListenerSet rebind(ServerSettings settings) {
        ServerKeys keys;
        try {
            keys = settings.tls().enabled() ? ServerKeys.load(settings.tls()) : null;
        } catch (IOException | GeneralSecurityException e) {
            LOG.error("new FTP listener settings not applied, the old listeners keep serving: the FTPS key could "
                    + "not be loaded: {}", e.toString());
            return null;
        }
        try {
            return bind(settings, keys);
        } catch (RuntimeException first) {
            if (!serving.sharesPortWith(settings)) {
                LOG.error("new FTP listener settings not applied, {} keeps serving: {}", serving, reason(first));
                return null;
            }
        }
        serving.suspend(0);
        try {
            return bind(settings, keys);
        } catch (RuntimeException failed) {
            serving.resume();
            LOG.error("new FTP listener settings not applied, {} keeps serving: {}", serving, reason(failed));
            return null;
        }
    }

    private static String reason(RuntimeException e) {
        return e.getCause() != null ? e.getMessage() + ": " + e.getCause().getMessage() : e.toString();
    }

    private ListenerSet bind(ServerSettings settings, ServerKeys keys) {
        SslConfiguration controlTls = null;
        SslConfiguration dataTls = null;
        if (keys != null) {
            try {
                TlsConfiguration.Pair contexts = TlsConfiguration.controlAndData(keys);
                controlTls = contexts.control();
                dataTls = contexts.data();
            } catch (GeneralSecurityException e) {
                LOG.error("FTPS is unavailable: {}", e.toString());
            }
        }
        var set = new ListenerSet(settings, server.getServerContext());
        set.add(ListenerSet.CONTROL, settings.port(), false, controlTls, data.forListener(dataTls, false),
                sessionSetup);
        if (controlTls != null && settings.tls().implicitPort() > 0) {
            set.add(ListenerSet.IMPLICIT, settings.tls().implicitPort(), true, controlTls,
                    data.forListener(dataTls, true), sessionSetup);
        }
        BundleClassLoader.run(set::start);
        LOG.info("FTP server listening on {}:{}{}", settings.host(), set.port(ListenerSet.CONTROL),
                set.has(ListenerSet.IMPLICIT) ? ", implicit FTPS on port " + set.port(ListenerSet.IMPLICIT) : "");
        return set;
    }

    private static ServerKeys firstKeys(TlsSettings settings) {
        if (!settings.enabled()) {
            return null;
        }
        try {
            return ServerKeys.load(settings);
        } catch (IOException | GeneralSecurityException e) {
            LOG.error("FTPS is unavailable: the server key could not be loaded{}: {}",
                    settings.required() ? " (tls.required: every login is refused)" : "", e.toString());
            return null;
        }
    }

    /** Closes the replaced listeners whose sessions have all ended or whose drain time is over. */
    void endDrains() {
        draining.removeIf(old -> {
            List<FtpIoSession> left = old.sessions();
            if (!left.isEmpty() && !old.drained()) {
                return false;
            }
            if (!left.isEmpty()) {
                LOG.info("closing the {} sessions left on {}: its drain time is over", left.size(), old);
                GracefulStop.closeWithNotice(left, "The server moved to new settings; please reconnect.");
            }
            BundleClassLoader.run(old::stop);
            return true;
        });
    }

    /** The sessions of every listener, serving or draining. */
    List<FtpIoSession> sessions() {
        var sessions = new ArrayList<FtpIoSession>();
        if (serving != null) {
            sessions.addAll(serving.sessions());
        }
        draining.forEach(old -> sessions.addAll(old.sessions()));
        return sessions;
    }

    /** Closes every listener and its sessions. */
    void stop() {
        BundleClassLoader.run(() -> {
            if (serving != null) {
                serving.stop();
            }
            draining.forEach(ListenerSet::stop);
        });
        serving = null;
        draining.clear();
    }
}
