package org.cosftp.metrics.internal.jmx;

/** {@code org.cosftp:type=Activities}: what the sessions did since Karaf started cos-ftp. */
public interface ActivitiesMXBean {
    long getUploads();

    long getUploadsFailed();

    long getDownloads();

    long getDownloadsFailed();

    long getListings();

    long getDeletes();

    long getRenames();

    long getLogins();

    long getLoginsFailed();

    long getBans();

    long getBytesUploaded();

    long getBytesDownloaded();
}
