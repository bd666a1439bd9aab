package org.cosftp.metrics.internal.jmx;

import javax.management.StandardMBean;

import org.cosftp.metrics.internal.prometheus.GatewayMetrics;
import org.cosftp.storage.ObjectStorage;

/** One storage's status, read when asked, and the metrics' counts of its requests. */
final class StorageBean extends StandardMBean implements StorageMXBean {
    private final ObjectStorage storage;
    private final GatewayMetrics metrics;

    StorageBean(ObjectStorage storage, GatewayMetrics metrics) {
        super(StorageMXBean.class, true);
        this.storage = storage;
        this.metrics = metrics;
    }

    @Override
    public String getLocation() {
        return storage.status().location();
    }

    @Override
    public boolean isHealthy() {
        return storage.status().healthy();
    }

    @Override
    public String getLastFailure() {
        return storage.status().lastFailure().map(failure -> failure.at() + " " + failure.message()).orElse("");
    }

    @Override
    public int getUploadsOpen() {
        return storage.status().uploadsOpen();
    }

    @Override
    public long getPartBufferBytes() {
        return storage.status().partBufferBytesInUse();
    }

    @Override
    public long getPartBufferLimitBytes() {
        return storage.status().partBufferBytesMax();
    }

    @Override
    public long getRequests() {
        return metrics.storageRequests(storage.name(), false);
    }

    @Override
    public long getRequestsFailed() {
        return metrics.storageRequests(storage.name(), true);
    }

    @Override
    public long getRetries() {
        return metrics.storageRetries(storage.name());
    }
}
