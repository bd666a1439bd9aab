package org.cosftp.metrics.internal.jmx;

/** {@code org.cosftp:type=Storage,name=<storage>}: a storage, as {@code cosftp:status} shows it, and its requests. */
public interface StorageMXBean {
    String getLocation();

    boolean isHealthy();

    /** The last failed request, {@code <time> <message>}; empty if none failed. */
    String getLastFailure();

    int getUploadsOpen();

    long getPartBufferBytes();

    long getPartBufferLimitBytes();

    long getRequests();

    /** Requests refused, failed on the server, timed out or out of reach ("no such object" is an answer). */
    long getRequestsFailed();

    long getRetries();
}
