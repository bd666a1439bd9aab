package org.cosftp.ftp.internal;

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
import org.cosftp.config.ServerConfiguration;
import org.cosftp.config.ServerSettings;
import org.cosftp.config.UserAccount;
import org.cosftp.config.UserDirectory;
import org.cosftp.ftp.AddressBan;
import org.cosftp.ftp.FtpListener;
import org.cosftp.ftp.FtpServerOperations;
import org.cosftp.ftp.FtpSession;
import org.cosftp.ftp.activity.Activity;
import org.cosftp.ftp.activity.ActivityListener;
import org.cosftp.ftp.internal.command.CommandTable;
import org.cosftp.ftp.internal.command.PasswordCommand;
import org.cosftp.ftp.internal.command.RunningCommands;
import org.cosftp.ftp.internal.data.DataConnections;
import org.cosftp.ftp.internal.fs.ClientTimeCache;
import org.cosftp.ftp.internal.fs.CosFileSystemFactory;
import org.cosftp.ftp.internal.guard.AddressBans;
import org.cosftp.ftp.internal.guard.ConnectionPolicyFtplet;
import org.cosftp.ftp.internal.guard.ControlConnectionLimits;
import org.cosftp.ftp.internal.tls.EarlyDataHandshake;
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
 *
 * <p>Its length is the wiring of FtpServer's parts and the methods of {@link FtpServerOperations}, each one line
 * forwarded to {@link Listeners}, {@link SessionControl} or the bans.
 */
@Component(immediate = true, service = FtpServerOperations.class)
public final class FtpServerComponent implements FtpServerOperations {
    private static final Logger LOG = LoggerFactory.getLogger(FtpServerComponent.class);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    // package-private, as the bind methods and activate: tests run the component in-process, without DS
    volatile List<ObjectStorage> storages;

    /** Told of every transfer, change of the bucket, login and ban: the transfer log, the OSGi events. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<ActivityListener> activityListeners = List.of();

    /** Metadata lookups of listings (file times set with MFMT), shared by all sessions in turn. */
    private final FairWorkers lookups = new FairWorkers("cos-ftp-listing-lookup", 16);

    /** Copies and deletes of directory renames, shared by all sessions in turn. */
    private final FairWorkers renames = new FairWorkers("cos-ftp-rename", 16);

    /** TLS handshakes of protected passive connections, each ahead of its command (see EarlyDataHandshake). */
    private final ExecutorService handshakes = Executors.newCachedThreadPool(
            DaemonThreads.named("cos-ftp-data-handshake"));

    /** Client times learned from stats and MFMT, shared by all sessions and kept across rebinds. */
    private final ClientTimeCache clientTimes = new ClientTimeCache(ClientTimeCache.DEFAULT_CAPACITY);

    // login guard: bans outlive rebinds of the listener; one timer thread for all sessions and drains
    private final AddressBans bans = new AddressBans();
    /** Times logins and delayed replies for all sessions: its tasks only write or hand over. */
    private final ScheduledExecutorService timers = DaemonThreads.timer("cos-ftp-login-guard");
    /** Ends the drains of replaced listeners; a thread of its own, as it takes the component's lock. */
    private final ScheduledExecutorService drains = DaemonThreads.timer("cos-ftp-listener-drain");
    private final RunningCommands running = new RunningCommands(this::finished);
    private final SessionControl control = new SessionControl(this::liveSessions, running, bans);

    private volatile ServerConfiguration serverConfiguration;
    private volatile UserDirectory users;
    /** The settings in force; null until the first good ones came. */
    private LiveSettings live;
    private DataConnections data;
    private ControlConnectionLimits guard;
    /** One server for the component's life: its listeners come and go with the settings. */
    private DefaultFtpServer server;
    private Listeners listeners;

    @Reference(updated = "serverConfigurationUpdated")
    void bindServerConfiguration(ServerConfiguration configuration) {
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
    void bindUsers(UserDirectory directory) {
        this.users = directory;
    }

    private synchronized void usersUpdated(UserDirectory directory) {
        if (server == null) {
            return;
        }
        for (FtpIoSession session : listeners.sessions()) {
            if (session.getUser() != null && directory.find(session.getUser().getName())
                    .filter(UserAccount::enabled).isEmpty()) {
                LOG.info("closing the session of {} from {}: account removed or disabled",
                        session.getUser().getName(), session.getRemoteAddress());
                session.closeNow();
            }
        }
    }

    @Activate
    synchronized void activate() {
        timers.scheduleWithFixedDelay(bans::purge, 1, 1, TimeUnit.MINUTES);
        drains.scheduleWithFixedDelay(this::endDrains, 1, 1, TimeUnit.SECONDS);
        serverConfiguration.settings().ifPresentOrElse(this::start,
                () -> LOG.error("FTP server not listening: etc/org.cosftp.server.cfg was refused (see above)"));
    }

    @Deactivate
    synchronized void deactivate() {
        if (server != null) {
            stopGracefully();
        }
        lookups.shutdown();
        renames.shutdown();
        handshakes.shutdownNow();
        timers.shutdownNow();
        drains.shutdownNow();
    }

    @Override
    public synchronized List<FtpListener> listeners() {
        return listeners == null ? List.of() : listeners.serving();
    }

    @Override
    public List<FtpSession> sessions() {
        return control.sessions();
    }

    @Override
    public boolean kick(long sessionId) {
        return control.kick(session -> session.getId() == sessionId) > 0;
    }

    @Override
    public int kickUser(String user) {
        return control.kick(SessionControl.of(user));
    }

    @Override
    public List<AddressBan> bans() {
        return bans.banned();
    }

    @Override
    public boolean unban(String address) {
        return control.unban(address);
    }

    private synchronized List<FtpIoSession> liveSessions() {
        return listeners == null ? List.of() : listeners.sessions();
    }

    /** Tells every activity listener of {@code activity}. */
    private void finished(Activity activity) {
        for (ActivityListener listener : activityListeners) {
            listener.finished(activity);
        }
    }

    /** Waits up to {@code millis} for no FTP command to be running; whether none is. */
    boolean awaitNoCommand(long millis) throws InterruptedException {
        return running.awaitNone(millis);
    }

    /** The first good settings: the server and its first listeners. */
    private void start(ServerSettings settings) {
        live = new LiveSettings(settings);
        data = new DataConnections(settings);
        bans.configure(settings.guard());
        guard = new ControlConnectionLimits(bans, live, timers, this::finished);

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
        var bound = new Listeners(ftpServer, data, new ControlSessionSetup(live, guard));
        try {
            BundleClassLoader.run(ftpServer::start);
            bound.bindFirst(settings);
        } catch (FtpException | RuntimeException e) {
            LOG.error("FTP server could not listen on {}:{}: {}", settings.host(), settings.port(), e.toString());
            ftpServer.stop();
            live = null;
            return;
        }
        server = ftpServer;
        listeners = bound;
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
        if (rebind && !listeners.replace(settings)) {
            return;
        }
        live.set(settings);
        data.apply(settings);
        bans.configure(settings.guard());
        LOG.info("FTP server settings applied: {}; open sessions go on", rebind
                ? "new connections reach the new listener" : "new connections and commands follow them");
    }

    private synchronized void endDrains() {
        if (listeners != null) {
            listeners.endDrains();
        }
    }

    /** Stops the server after its running commands had their grace ({@link GracefulStop}). */
    private void stopGracefully() {
        GracefulStop.run(live, running, listeners::sessions, () -> {
            listeners.stop();
            BundleClassLoader.run(server::stop);
        });
        server = null;
        listeners = null;
    }
}
