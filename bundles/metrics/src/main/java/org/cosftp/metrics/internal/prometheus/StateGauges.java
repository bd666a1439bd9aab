package org.cosftp.metrics.internal.prometheus;

import java.util.List;
import java.util.function.Supplier;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.cosftp.ftp.FtpServerOperations;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.StorageStatus;

/**
 * What the server and its storages hold now, read at each scrape: sessions, bans, listeners, each storage's
 * health, open uploads and part buffers. Nothing is counted on the transfer path for them.
 */
final class StateGauges {
    StateGauges(PrometheusRegistry registry, Supplier<FtpServerOperations> server,
            Supplier<List<ObjectStorage>> storages) {
        GaugeWithCallback.builder().name("cosftp_sessions").help("Control connections open now, by TLS")
                .labelNames("tls").callback(callback -> {
                    ServerState state = ServerState.of(server.get());
                    callback.call(state.sessions() - state.tls(), "false");
                    callback.call(state.tls(), "true");
                }).register(registry);
        GaugeWithCallback.builder().name("cosftp_sessions_logged_in").help("Sessions logged in now")
                .callback(callback -> callback.call(ServerState.of(server.get()).loggedIn())).register(registry);
        GaugeWithCallback.builder().name("cosftp_bans_active").help("Client addresses banned now")
                .callback(callback -> callback.call(ServerState.of(server.get()).bansActive())).register(registry);
        GaugeWithCallback.builder().name("cosftp_listeners").help("Listeners bound now (control, implicit FTPS)")
                .callback(callback -> callback.call(ServerState.of(server.get()).listeners())).register(registry);
        storageGauge(registry, storages, "cosftp_storage_healthy",
                "1 if the store answered the storage's requests since its last failure, else 0",
                status -> status.healthy() ? 1 : 0);
        storageGauge(registry, storages, "cosftp_storage_uploads_open",
                "Uploads (and appends, renames of large objects) being written now", StorageStatus::uploadsOpen);
        storageGauge(registry, storages, "cosftp_storage_part_buffer_bytes", "Bytes of part buffers held now",
                StorageStatus::partBufferBytesInUse);
        storageGauge(registry, storages, "cosftp_storage_part_buffer_limit_bytes",
                "Bytes of part buffers the storage's uploads may hold together (uploadMemoryMiB)",
                StorageStatus::partBufferBytesMax);
    }

    /** A value of each storage's status. */
    @FunctionalInterface
    private interface StatusValue {
        double of(StorageStatus status);
    }

    private static void storageGauge(PrometheusRegistry registry, Supplier<List<ObjectStorage>> storages,
            String name, String help, StatusValue value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("storage").callback(callback -> {
            for (ObjectStorage storage : storages.get()) {
                callback.call(value.of(storage.status()), storage.name());
            }
        }).register(registry);
    }
}
