package org.cosftp.ftp.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.apache.mina.transport.socket.SocketSessionConfig;
import org.cosftp.config.ServerConfiguration;
import org.cosftp.config.ServerSettings;
import org.cosftp.config.TlsSettings;
import org.cosftp.config.UserAccount;
import org.cosftp.config.UserDirectory;
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
 * Runs the FTP server: Apache FtpServer with cos-ftp's users, file system and upload commands. A change of
 * the listener settings binds the listener anew; a change of the accounts closes the sessions of accounts
 * that were removed or disabled.
 */
@Component(immediate = true)
public final class FtpServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(FtpServerComponent.class);
    private static final String LISTENER = "default";
    private static final String IMPLICIT_LISTENER = "implicit";

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

    // login guard: bans outlive rebinds of the listener; one timer thread for all sessions
    private final LoginGuard bans = new LoginGuard();
    private final ScheduledExecutorService guardTimers = ConnectionGuard.timers();

    private volatile ServerConfiguration serverConfiguration;
    private volatile UserDirectory users;
    private DefaultFtpServer server;
    private ServerSettings running;

    @Reference(updated = "serverConfigurationUpdated")
    private void bindServerConfiguration(ServerConfiguration configuration) {
        this.serverConfiguration = configuration;
    }

    private synchronized void serverConfigurationUpdated(ServerConfiguration configuration) {
        ServerSettings settings = configuration.settings();
        if (!settings.equals(running)) {
            LOG.info("FTP listener settings changed; binding anew");
            stop();
            start(settings);
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
        guardTimers.scheduleWithFixedDelay(bans::purge, 1, 1, TimeUnit.MINUTES);
        start(serverConfiguration.settings());
    }

    @Deactivate
    private synchronized void deactivate() {
        stop();
        lookups.shutdown();
        renames.shutdown();
        handshakes.shutdownNow();
        guardTimers.shutdownNow();
    }

    private void start(ServerSettings settings) {
        var data = new DataConnectionConfigurationFactory();
        data.setPassivePorts(settings.passivePorts());
        if (!settings.passiveAddress().isEmpty()) {
            data.setPassiveExternalAddress(settings.passiveAddress());
        }
        // also the read timeout of data connections: a stalled upload fails (and is discarded) after this long,
        // as the control connection's idle timeout cannot act while a transfer holds the session
        data.setIdleTime(settings.idleTimeoutSeconds());
        data.setActiveEnabled(settings.activeEnabled());
        data.setActiveIpCheck(true);
        data.setPassiveIpCheck(true);
        ServerKeys keys = keys(settings.tls());
        SslConfiguration tls = null;
        if (keys != null) {
            try {
                TlsConfiguration.Pair contexts = TlsConfiguration.controlAndData(keys);
                tls = contexts.control();
                data.setSslConfiguration(contexts.data());
            } catch (GeneralSecurityException e) {
                LOG.error("FTPS is unavailable: {}", e.toString());
            }
        }

        var listener = new ListenerFactory();
        listener.setServerAddress(settings.host());
        listener.setPort(settings.port());
        listener.setIdleTimeout(settings.idleTimeoutSeconds());
        // one pool for both listeners, whose configurations share FtpServer's passive ports
        PassivePortPool passivePorts = PassivePortPool.forListener(settings.passivePorts(), settings.maxLogins());
        listener.setDataConnectionConfiguration(passivePorts.around(data.createDataConnectionConfiguration()));
        listener.setSslConfiguration(tls);
        bans.configure(settings.guard());
        var guard = new ConnectionGuard(bans, settings.guard(), guardTimers);
        listener.setSessionFilter(session -> {
            // replies are small writes, often two in a row (150 then 226): with Nagle's algorithm the second
            // waits for the client's delayed acknowledgement of the first, 40 ms on Linux, after every transfer
            ((SocketSessionConfig) session.getConfig()).setTcpNoDelay(true);
            guard.install(session);
            session.getFilterChain().addBefore("threadPool", ControlWatchFilter.NAME, new ControlWatchFilter());
            session.getFilterChain().replace(ControlLineFilter.NAME, new ControlLineFilter());
            return true;
        });

        var connections = new ConnectionConfigFactory();
        connections.setAnonymousLoginEnabled(false);
        connections.setMaxLogins(settings.maxLogins());
        // the guard delays refusals without blocking a worker and closes after three; FtpServer's own would block
        connections.setLoginFailureDelay(0);
        connections.setMaxLoginFailures(0);

        var factory = new FtpServerFactory();
        factory.addListener(LISTENER, listener.createListener());
        if (tls != null && settings.tls().implicitPort() > 0) {
            listener.setPort(settings.tls().implicitPort());
            listener.setImplicitSsl(true);
            // an implicit FTPS session's data connections are protected from the start, PROT P or not, as
            // clients of implicit FTPS expect (aioftp sends no PROT); the passive ports stay shared
            data.setImplicitSsl(true);
            listener.setDataConnectionConfiguration(passivePorts.around(data.createDataConnectionConfiguration()));
            factory.addListener(IMPLICIT_LISTENER, listener.createListener());
        }
        factory.setConnectionConfig(connections.createConnectionConfig());
        factory.setCommandFactory(CommandTable.create(new PasswordCommand(guard), lookups, handshakes,
                settings.uploadCommitDelayMillis()));
        factory.setUserManager(new CosUserManager(() -> users));
        factory.setFileSystem(new CosFileSystemFactory(() -> storages, () -> users, clientTimes, renames));
        // FtpServer clears this map when it stops
        factory.setFtplets(new HashMap<>(Map.of("permissions", new PermissionFtplet(() -> users),
                "policy", new ConnectionPolicyFtplet(settings.tls().required()))));

        var ftpServer = (DefaultFtpServer) factory.createServer();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(FtpServerComponent.class.getClassLoader());
        try {
            ftpServer.start();
        } catch (FtpException | RuntimeException e) {
            LOG.error("FTP server could not listen on {}:{}: {}", settings.host(), settings.port(), e.toString());
            return;
        } finally {
            thread.setContextClassLoader(previous);
        }
        server = ftpServer;
        running = settings;
        LOG.info("FTP server listening on {}:{}{}", settings.host(), server.getListener(LISTENER).getPort(),
                server.getListener(IMPLICIT_LISTENER) == null ? ""
                        : ", implicit FTPS on port " + server.getListener(IMPLICIT_LISTENER).getPort());
    }

    /** The FTPS key; {@code null} (AUTH TLS refused) if FTPS is off or the key cannot be loaded. */
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
        for (Listener listener : server.getListeners().values()) {
            sessions.addAll(listener.getActiveSessions());
        }
        return sessions;
    }

    private void stop() {
        if (server != null) {
            server.stop();
            server = null;
            running = null;
        }
    }
}
