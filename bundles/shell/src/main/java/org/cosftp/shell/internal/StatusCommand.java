package org.cosftp.shell.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.cosftp.ftp.FtpCommand;
import org.cosftp.ftp.FtpListener;
import org.cosftp.ftp.FtpServerOperations;
import org.cosftp.ftp.FtpSession;
import org.cosftp.metrics.MonitoringEndpoint;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.StorageStatus;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * {@code cosftp:status}: the server at a glance: its listeners, its sessions and what they run, its bans, and
 * each storage: where it points, whether the store answers, the uploads it holds and their part buffers; and
 * where the monitoring endpoint listens.
 */
@Command(scope = "cosftp", name = "status", description = "Shows the FTP listeners, sessions, bans and each "
        + "storage's health and uploads.")
@Service
public final class StatusCommand implements Action {
    private static final Set<String> UPLOADS = Set.of("STOR", "APPE", "STOU");
    private static final Set<String> DOWNLOADS = Set.of("RETR");
    private static final Set<String> LISTINGS = Set.of("LIST", "NLST", "MLSD");

    @Reference
    private FtpServerOperations server;

    @Reference
    private BundleContext context;

    @Reference(optional = true)
    private MonitoringEndpoint monitoring;

    @Override
    public Object execute() throws InvalidSyntaxException {
        List<FtpListener> listeners = server.listeners();
        System.out.println(listeners.isEmpty() ? "FTP server: not listening (see the log)" : "FTP server listening:");
        if (!listeners.isEmpty()) {
            var table = new ShellTable();
            table.column("Address");
            table.column("Port").alignRight();
            table.column("Protocol");
            for (FtpListener listener : listeners) {
                table.addRow().addContent(listener.host(), listener.port(),
                        listener.implicitTls() ? "implicit FTPS" : "FTP, AUTH TLS if enabled");
            }
            table.print(System.out);
        }
        List<FtpSession> sessions = server.sessions();
        List<String> running = sessions.stream().flatMap(session -> session.command().stream())
                .map(FtpCommand::name).toList();
        System.out.printf("Sessions: %d, %d logged in; running: %d uploads, %d downloads, %d listings%n",
                sessions.size(), sessions.stream().filter(session -> session.user().isPresent()).count(),
                count(running, UPLOADS), count(running, DOWNLOADS), count(running, LISTINGS));
        System.out.printf("Banned addresses: %d%n", server.bans().size());
        System.out.println(monitoring == null ? "Monitoring: off (etc/org.cosftp.monitoring.cfg)"
                : "Monitoring: " + monitoring.uri() + " (metrics, livez, readyz)");
        System.out.println();
        storages().print(System.out);
        return null;
    }

    private static long count(List<String> commands, Set<String> kind) {
        return commands.stream().filter(kind::contains).count();
    }

    private ShellTable storages() throws InvalidSyntaxException {
        var table = new ShellTable();
        table.emptyTableText("no storage is configured");
        for (String column : new String[] {"Storage", "Location", "Health", "Last answer", "Last failure"}) {
            table.column(column);
        }
        table.column("Uploads").alignRight();
        table.column("Part buffers").alignRight();
        var storages = context.getServiceReferences(ObjectStorage.class, null).stream()
                .map(this::storage).filter(Objects::nonNull)
                .sorted(Comparator.comparing(ObjectStorage::name)).toList();
        for (ObjectStorage storage : storages) {
            StorageStatus status = storage.status();
            table.addRow().addContent(storage.name(), status.location(),
                    status.lastAnswer().isEmpty() && status.lastFailure().isEmpty() ? "no request yet"
                            : status.healthy() ? "healthy" : "failing",
                    status.lastAnswer().map(Formats::time).orElse("-"),
                    status.lastFailure().map(failure -> Formats.time(failure.at()) + " " + failure.message())
                            .orElse("-"),
                    status.uploadsOpen(), Formats.bytes(status.partBufferBytesInUse()) + " of "
                            + Formats.bytes(status.partBufferBytesMax()));
        }
        return table;
    }

    /** The storage behind {@code reference}, or {@code null} if it went away meanwhile. */
    private ObjectStorage storage(ServiceReference<ObjectStorage> reference) {
        ObjectStorage storage = context.getService(reference);
        // the registry counts the use; a storage object outlives it, and the command ends at once
        context.ungetService(reference);
        return storage;
    }
}
