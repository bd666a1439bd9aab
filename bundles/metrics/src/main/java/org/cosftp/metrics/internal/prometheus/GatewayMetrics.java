package org.cosftp.metrics.internal.prometheus;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.cosftp.ftp.FtpServerOperations;
import org.cosftp.ftp.activity.Activity;
import org.cosftp.ftp.activity.ActivityListener;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.StorageRequest;
import org.cosftp.storage.StorageRequestListener;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * cos-ftp's Prometheus metrics: it hears of every activity of the FTP sessions and every request of the
 * storages, and reads the server's and the storages' state at each scrape. Its registry is its own, not the
 * library's default one, so that another bundle's metrics never mix into cos-ftp's.
 */
@Component(service = {GatewayMetrics.class, ActivityListener.class, StorageRequestListener.class})
public final class GatewayMetrics implements ActivityListener, StorageRequestListener {
    private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile FtpServerOperations server;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<ObjectStorage> storages = List.of();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ActivityMetrics activities = new ActivityMetrics(registry);
    private final StorageRequestMetrics requests = new StorageRequestMetrics(registry);
    /** Off while the monitoring endpoint is disabled: nothing then reads what would be counted. */
    private volatile boolean counting = true;

    public GatewayMetrics() {
        new StateGauges(registry, () -> server, () -> storages);
    }

    /** Where other metrics of cos-ftp (the readiness of the monitoring endpoint) are registered. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Whether activities and requests are counted (the gauges are read only at a scrape anyway). */
    public void counting(boolean counting) {
        this.counting = counting;
    }

    /** Every metric, in Prometheus's text format (version 0.0.4). */
    public void writeText(OutputStream out) throws IOException {
        TEXT.write(out, registry.scrape());
    }

    /** The content type of {@link #writeText}. */
    public static String textContentType() {
        return TEXT.getContentType();
    }

    /** How many activities of {@code kind} were done, or failed. */
    public long count(Activity.Kind kind, boolean succeeded) {
        return activities.count(kind, succeeded);
    }

    /** The bytes moved by uploads ({@code upload}) or downloads ({@code download}). */
    public long transferBytes(String direction) {
        return activities.bytes(direction);
    }

    /** The requests of {@code storage} to its store: all, or the failed ones. */
    public long storageRequests(String storage, boolean failedOnly) {
        return requests.requests(storage, failedOnly);
    }

    /** The retries of {@code storage}'s requests. */
    public long storageRetries(String storage) {
        return requests.retries(storage);
    }

    @Override
    public void finished(Activity activity) {
        if (counting) {
            activities.finished(activity);
        }
    }

    @Override
    public void requestEnded(StorageRequest request) {
        if (counting) {
            requests.ended(request);
        }
    }

    @Override
    public void uploadCleanedUp(String storage) {
        if (counting) {
            requests.cleanedUp(storage);
        }
    }
}
