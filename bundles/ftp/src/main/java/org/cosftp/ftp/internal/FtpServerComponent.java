package org.cosftp.ftp.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.apache.mina.core.service.IoAcceptor;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.transport.socket.SocketSessionConfig;
import org.cosftp.config.ServerConfiguration;
import org.cosftp.config.ServerSettings;
import org.cosftp.config.TlsSettings;
import org.cosftp.config.UserAccount;
import org.cosftp.config.UserDirectory;
import org.cosftp.ftp.internal.command.CommandTable;
import org.cosftp.ftp.internal.command.ControlWatchFilter;
import org.cosftp.ftp.internal.command.PasswordCommand;
import org.cosftp.ftp.internal.command.RunningCommands;
import org.cosftp.ftp.internal.data.DataConnections;
import org.cosftp.ftp.internal.fs.ClientTimeCache;
import org.cosftp.ftp.internal.fs.CosFileSystemFactory;
import org.cosftp.ftp.internal.guard.AddressBans;
import org.cosftp.ftp.internal.guard.ConnectionPolicyFtplet;
import org.cosftp.ftp.internal.guard.ControlConnectionLimits;
import org.cosftp.ftp.internal.guard.ProtocolLogFilter;
import org.cosftp.ftp.internal.tls.EarlyDataHandshake;
import org.cosftp.ftp.internal.tls.ServerKeys;
import org.cosftp.ftp.internal.tls.TlsConfiguration;
import org.cosftp.ftp.internal.user.CosUserManager;
import org.cosftp.ftp.internal.user.PermissionFtplet;
import org.cosftp.storage.ObjectStorage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the FTP server: Apache FtpServer with cos-ftp's users, file system and upload commands.
 *
 * <p>A change of the settings applies to the running listeners, for new connections and commands, and leaves
 * every session alone; only a change of address, port or TLS keys needs new listeners ({@link ListenerSet}).
 * Those are bound before the old ones let go, so that a failed bind leaves the old ones serving; the old ones
 * then stop accepting, and their sessions go on for up to {@code drainSeconds}. A change of the accounts closes
 * the sessions of accounts that were removed or disabled. When the server stops, running commands may finish
 * for up to {@code shutdownGraceSeconds}; the rest are aborted, leaving nothing half-written.
 */
@Component(immediate = true)
public final class FtpServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(FtpServerComponent.class);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ObjectStorage> storages;

    /** Metadata lookups of listings (file times set with MFMT), shared by all sessions in turn. */
    private final FairWorkers lookups = new FairWorkers("cos-ftp-listing-lookup", 16);

    /** Copies and deletes of directory renames, shared by all sessions in turn. */
    private final FairWorkers renames = new FairWorkers("cos-ftp-rename", 16);

    /** TLS handshakes of protected passive connections, each ahead of its command (see EarlyDataHandshake). */
    private final ExecutorService handshakes = Executors.newCachedThreadPool(task -> {
        var thread = new Thread(task, "cos-ftp-data-handshake");
        thread.setDaemon(true);
        return thread;
    });

    /** Client times learned from stats and MFMT, shared by all sessions and kept across rebinds. */
    private final ClientTimeCache clientTimes = new ClientTimeCache(ClientTimeCache.DEFAULT_CAPACITY);

    // login guard: bans outlive rebinds of the listener; one timer thread for all sessions and drains
    private final AddressBans bans = new AddressBans();
    private final ScheduledExecutorService timers = ControlConnectionLimits.timers();
    /** Ends the drains of replaced listeners; a thread of its own, as it takes the component's lock. */
    private final ScheduledExecutorService drains = Executors.newSingleThreadScheduledExecutor(task -> {
        var thread = new Thread(task, "cos-ftp-listener-drain");
        thread.setDaemon(true);
        return thread;
    });
    private final RunningCommands running = new RunningCommands();

    private volatile ServerConfiguration serverConfiguration;
    private volatile UserDirectory users;
    /** The settings in force; null until the first good ones came. */
    private LiveSettings live;
    private DataConnections data;
    private ControlConnectionLimits guard;
    /** One server for the component's life: its listeners come and go with the settings. */
    private DefaultFtpServer server;
    /** The listeners that new connections reach. */
    private ListenerSet serving;
    private final List<ListenerSet> draining = new ArrayList<>();

    @Reference(updated = "serverConfigurationUpdated")
    private void bindServerConfiguration(ServerConfiguration configuration) {
        this.serverConfiguration = configuration;
    }

    private synchronized void serverConfigurationUpdated(ServerConfiguration configuration) {
        Optional<ServerSettings> settings = configuration.settings();
        if (settings.isEmpty() || live != null && settings.get().equals(live.get())) {
            return;
        }
        if (server == null) {
            start(settings.get());
        } else {
            apply(settings.get());
        }
    }

    @Reference(updated = "usersUpdated")
    private void bindUsers(UserDirectory directory) {
        this.users = directory;
    }

    private synchronized void usersUpdated(UserDirectory directory) {
        if (server == null) {
            return;
        }
        for (FtpIoSession session : activeSessions()) {
            if (session.getUser() != null && directory.find(session.getUser().getName())
                    .filter(UserAccount::enabled).isEmpty()) {
                LOG.info("closing the session of {} from {}: account removed or disabled",
                        session.getUser().getName(), session.getRemoteAddress());
                session.closeNow();
            }
        }
    }

    @Activate
    private synchronized void activate() {
        timers.scheduleWithFixedDelay(bans::purge, 1, 1, TimeUnit.MINUTES);
        drains.scheduleWithFixedDelay(this::endDrains, 1, 1, TimeUnit.SECONDS);
        serverConfiguration.settings().ifPresentOrElse(this::start,
                () -> LOG.error("FTP server not listening: etc/org.cosftp.server.cfg was refused (see above)"));
    }

    @Deactivate
    private synchronized void deactivate() {
        if (server != null) {
            stopGracefully();
        }
        lookups.shutdown();
        renames.shutdown();
        handshakes.shutdownNow();
        timers.shutdownNow();
        drains.shutdownNow();
    }

    /** The first good settings: the server and its first listeners. */
    private void start(ServerSettings settings) {
        live = new LiveSettings(settings);
        data = new DataConnections(settings);
        bans.configure(settings.guard());
        guard = new ControlConnectionLimits(bans, live, timers);

        var factory = new FtpServerFactory();
        // FtpServer comes with a listener of its own, on port 21 of every address, which its start would bind:
        // cos-ftp's listeners are the ListenerSet's alone
        factory.setListeners(new HashMap<>());
        factory.setConnectionConfig(new LiveConnectionConfig(live));
        factory.setCommandFactory(CommandTable.create(new PasswordCommand(guard), lookups, handshakes,
                () -> live.get().uploadCommitDelayMillis(), running));
        factory.setUserManager(new CosUserManager(() -> users));
        factory.setFileSystem(new CosFileSystemFactory(() -> storages, () -> users, clientTimes, renames));
        // FtpServer clears this map when it stops
        factory.setFtplets(new HashMap<>(Map.of("permissions", new PermissionFtplet(() -> users),
                "policy", new ConnectionPolicyFtplet(live))));
        var ftpServer = (DefaultFtpServer) factory.createServer();
        startAllCommandThreads(ftpServer);
        try {
            withBundleClassLoader(ftpServer::start);
            serving = bind(settings, ftpServer, keys(settings.tls()));
        } catch (FtpException | RuntimeException e) {
            LOG.error("FTP server could not listen on {}:{}: {}", settings.host(), settings.port(), e.toString());
            ftpServer.stop();
            live = null;
            return;
        }
        server = ftpServer;
    }

    /**
     * Starts FtpServer's command threads, one per login, at once. A command that waits holds its thread (a
     * PASV for a free port, an upload for part buffers), and MINA adds a thread only when none is idle at the
     * moment an event comes: the threads set free one by one went to the next commands that would wait too, and
     * the transfers of the sessions holding the ports queued behind them until the waits timed out. With a
     * thread for each session that can log in, and a session running one command at a time, none is starved.
     */
    private static void startAllCommandThreads(DefaultFtpServer ftpServer) {
        ThreadPoolExecutor commands = ftpServer.getServerContext().getThreadPoolExecutor();
        commands.setCorePoolSize(commands.getMaximumPoolSize());
        commands.prestartAllCoreThreads();
    }

    /** Changed settings: to the running listeners, or to new ones that replace them if they bind. */
    private void apply(ServerSettings settings) {
        ServerSettings before = live.get();
        boolean rebind = settings.bindsDifferently(before);
        if (rebind) {
            ListenerSet fresh = rebind(settings);
            if (fresh == null) {
                return;
            }
            ListenerSet old = serving;
            serving = fresh;
            old.suspend(settings.drainSeconds());
            draining.add(old);
            LOG.info("{} stopped accepting; its {} sessions go on for up to {} s", old, old.sessions().size(),
                    settings.drainSeconds());
        }
        live.set(settings);
        data.apply(settings);
        bans.configure(settings.guard());
        LOG.info("FTP server settings applied: {}; open sessions go on", rebind
                ? "new connections reach the new listener" : "new connections and commands follow them");
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
            return bind(settings, server, keys);
        } catch (RuntimeException first) {
            if (serving == null || !serving.sharesPortWith(settings)) {
                LOG.error("new FTP listener settings not applied, {} keeps serving: {}", serving, reason(first));
                return null;
            }
        }
        serving.suspend(0);
        try {
            return bind(settings, server, keys);
        } catch (RuntimeException failed) {
            serving.resume();
            LOG.error("new FTP listener settings not applied, {} keeps serving: {}", serving, reason(failed));
            return null;
        }
    }

    private static String reason(RuntimeException e) {
        return e.getCause() != null ? e.getMessage() + ": " + e.getCause().getMessage() : e.toString();
    }

    private ListenerSet bind(ServerSettings settings, DefaultFtpServer ftpServer, ServerKeys keys) {
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
        var set = new ListenerSet(settings, ftpServer.getServerContext());
        set.add(ListenerSet.CONTROL, settings.port(), false, controlTls, data.forListener(dataTls, false),
                this::sessionCreated);
        if (controlTls != null && settings.tls().implicitPort() > 0) {
            set.add(ListenerSet.IMPLICIT, settings.tls().implicitPort(), true, controlTls,
                    data.forListener(dataTls, true), this::sessionCreated);
        }
        withBundleClassLoader(set::start);
        LOG.info("FTP server listening on {}:{}{}", settings.host(), set.port(ListenerSet.CONTROL),
                set.has(ListenerSet.IMPLICIT) ? ", implicit FTPS on port " + set.port(ListenerSet.IMPLICIT) : "");
        return set;
    }

    /** FtpServer's session filter: every new control connection, before FtpServer hears of it. */
    private boolean sessionCreated(org.apache.mina.core.session.IoSession session) {
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

    /** Closes the listeners replaced by newer ones whose sessions have all ended or whose drain time is over. */
    private synchronized void endDrains() {
        draining.removeIf(old -> {
            List<FtpIoSession> left = old.sessions();
            if (!left.isEmpty() && !old.drained()) {
                return false;
            }
            if (!left.isEmpty()) {
                LOG.info("closing the {} sessions left on {}: its drain time is over", left.size(), old);
                GracefulStop.closeWithNotice(left, "The server moved to new settings; please reconnect.");
            }
            withBundleClassLoader(old::stop);
            return true;
        });
    }

    /** Stops the server after its running commands had their grace ({@link GracefulStop}). */
    private void stopGracefully() {
        GracefulStop.run(live, running, this::activeSessions, () -> withBundleClassLoader(() -> {
            serving.stop();
            draining.forEach(ListenerSet::stop);
            server.stop();
        }));
        server = null;
        serving = null;
        draining.clear();
    }

    /**
     * The FTPS key at the first start; {@code null} (AUTH TLS refused) if FTPS is off or the key cannot be
     * loaded: the server then serves without FTPS, which a change of the settings never falls back to.
     */
    private static ServerKeys keys(TlsSettings settings) {
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

    private List<FtpIoSession> activeSessions() {
        var sessions = new ArrayList<FtpIoSession>();
        if (serving != null) {
            sessions.addAll(serving.sessions());
        }
        draining.forEach(old -> sessions.addAll(old.sessions()));
        return sessions;
    }

    /** FtpServer and MINA load classes by the context class loader as they start and stop. */
    private static <E extends Exception> void withBundleClassLoader(ThrowingRunnable<E> action) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(FtpServerComponent.class.getClassLoader());
        try {
            action.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable<E extends Exception> {
        void run() throws E;
    }
}
