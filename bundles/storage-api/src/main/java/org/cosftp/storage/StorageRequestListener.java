package org.cosftp.storage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears of what the storages do with their stores: a service, which every storage tells on the thread that
 * sent the request. It must return at once; it may not throw.
 */
@ConsumerType
public interface StorageRequestListener {
    /** A request ended: answered, refused, or failed. */
    void requestEnded(StorageRequest request);

    /**
     * A multipart upload left open (by a process that was killed, or an abort the store did not answer) was
     * aborted, so that its parts no longer take space in the bucket.
     */
    void uploadCleanedUp(String storage);
}
