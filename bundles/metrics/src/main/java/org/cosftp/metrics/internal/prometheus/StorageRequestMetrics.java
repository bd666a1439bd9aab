package org.cosftp.metrics.internal.prometheus;

import java.util.Set;
import java.util.function.Predicate;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import org.cosftp.storage.StorageRequest;

/** The requests the storages sent to COS: by API and outcome, their latency, retries, and the cleanups. */
final class StorageRequestMetrics {
    /** Seconds: from a HEAD on loopback to a part sent over a slow link. */
    private static final double[] LATENCY_BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
        2.5, 5, 10, 30, 60};

    private static final Set<String> ANSWERED = Set.of("success", "not_found");

    private final Counter requests;
    private final Histogram latencies;
    private final Counter retries;
    private final Counter cleanups;

    StorageRequestMetrics(PrometheusRegistry registry) {
        requests = Counter.builder().name("cosftp_cos_requests")
                .help("Requests to COS by storage, API (PutObject, GetBucket, ...) and outcome")
                .labelNames("storage", "operation", "outcome").withoutExemplars().register(registry);
        latencies = Histogram.builder().name("cosftp_cos_request_duration_seconds")
                .help("How long requests to COS took, their retries included").labelNames("storage", "operation")
                .classicOnly().classicUpperBounds(LATENCY_BOUNDS).withoutExemplars().register(registry);
        retries = Counter.builder().name("cosftp_cos_retries")
                .help("Requests to COS sent again after a failed attempt").labelNames("storage", "operation")
                .withoutExemplars().register(registry);
        cleanups = Counter.builder().name("cosftp_cos_stale_uploads_aborted")
                .help("Multipart uploads left open (by a killed process, or an abort COS did not answer) that "
                        + "were aborted later").labelNames("storage").withoutExemplars().register(registry);
    }

    void ended(StorageRequest request) {
        requests.labelValues(request.storage(), request.operation(), ActivityMetrics.label(request.outcome()))
                .inc();
        latencies.labelValues(request.storage(), request.operation()).observe(request.duration().toNanos() / 1e9);
        if (request.retries() > 0) {
            retries.labelValues(request.storage(), request.operation()).inc(request.retries());
        }
    }

    /**
     * The requests of {@code storage}: all of them, or only the failed ones (a refusal, a server or client
     * error, a timeout, a store out of reach; "no such object" is an answer).
     */
    long requests(String storage, boolean failedOnly) {
        return sum(requests, storage, outcome -> !failedOnly || !ANSWERED.contains(outcome));
    }

    long retries(String storage) {
        return sum(retries, storage, outcome -> true);
    }

    private static long sum(Counter counter, String storage, Predicate<String> outcome) {
        long sum = 0;
        for (CounterSnapshot.CounterDataPointSnapshot point : counter.collect().getDataPoints()) {
            Labels labels = point.getLabels();
            if (storage.equals(labels.get("storage"))
                    && (!labels.contains("outcome") || outcome.test(labels.get("outcome")))) {
                sum += (long) point.getValue();
            }
        }
        return sum;
    }

    void cleanedUp(String storage) {
        cleanups.labelValues(storage).inc();
    }
}
