package org.cosftp.metrics.internal.jmx;

import javax.management.StandardMBean;

import org.cosftp.ftp.activity.Activity.Kind;
import org.cosftp.metrics.internal.prometheus.GatewayMetrics;

/** The metrics' counts of activities, summed over their causes. */
final class ActivitiesBean extends StandardMBean implements ActivitiesMXBean {
    private final GatewayMetrics metrics;

    ActivitiesBean(GatewayMetrics metrics) {
        super(ActivitiesMXBean.class, true);
        this.metrics = metrics;
    }

    @Override
    public long getUploads() {
        return metrics.count(Kind.UPLOAD, true);
    }

    @Override
    public long getUploadsFailed() {
        return metrics.count(Kind.UPLOAD, false);
    }

    @Override
    public long getDownloads() {
        return metrics.count(Kind.DOWNLOAD, true);
    }

    @Override
    public long getDownloadsFailed() {
        return metrics.count(Kind.DOWNLOAD, false);
    }

    @Override
    public long getListings() {
        return metrics.count(Kind.LIST, true);
    }

    @Override
    public long getDeletes() {
        return metrics.count(Kind.DELETE, true);
    }

    @Override
    public long getRenames() {
        return metrics.count(Kind.RENAME, true);
    }

    @Override
    public long getLogins() {
        return metrics.count(Kind.LOGIN, true);
    }

    @Override
    public long getLoginsFailed() {
        return metrics.count(Kind.LOGIN, false);
    }

    @Override
    public long getBans() {
        return metrics.count(Kind.BAN, true);
    }

    @Override
    public long getBytesUploaded() {
        return metrics.transferBytes("upload");
    }

    @Override
    public long getBytesDownloaded() {
        return metrics.transferBytes("download");
    }
}
