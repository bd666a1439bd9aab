package org.cosftp.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.apache.mina.transport.socket.SocketSessionConfig;

/**
 * Apache FtpServer as it comes, serving a folder of the local disk: what FTP itself costs on this machine, the
 * ceiling of any gateway built on it. One setting is the gateway's: Nagle's algorithm is off on control
 * connections. With it on, every 226 that follows a 150 waits for the client's delayed acknowledgement (40 ms),
 * and the figures for many small files would measure that wait rather than FTP.
 */
final class StockFtpServer implements AutoCloseable {
    static final String USER = "disk";
    static final String PASSWORD = "disk-password";

    private final FtpServer server;
    private final int port;

    StockFtpServer(Path root) throws IOException, FtpException {
        Files.createDirectories(root);
        var factory = new FtpServerFactory();
        var listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        // bound by the server itself, in this process: any free port, read back once it listens
        listener.setPort(0);
        var passive = new DataConnectionConfigurationFactory();
        int passiveBase = LoopbackPorts.freeRange(64);
        passive.setPassivePorts(passiveBase + "-" + (passiveBase + 63));
        listener.setDataConnectionConfiguration(passive.createDataConnectionConfiguration());
        listener.setSessionFilter(session -> {
            ((SocketSessionConfig) session.getConfig()).setTcpNoDelay(true);
            return true;
        });
        Listener control = listener.createListener();
        factory.addListener("default", control);
        var connections = new ConnectionConfigFactory();
        connections.setMaxLogins(1024);
        connections.setAnonymousLoginEnabled(false);
        factory.setConnectionConfig(connections.createConnectionConfig());

        var users = new PropertiesUserManagerFactory();
        Path usersFile = root.resolveSibling("stock-users.properties");
        if (Files.notExists(usersFile)) {
            Files.createFile(usersFile);
        }
        users.setFile(usersFile.toFile());
        var userManager = users.createUserManager();
        var user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
        user.setHomeDirectory(root.toString());
        user.setAuthorities(List.of(new WritePermission()));
        userManager.save(user);
        factory.setUserManager(userManager);

        server = factory.createServer();
        server.start();
        port = control.getPort();
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        server.stop();
    }
}
