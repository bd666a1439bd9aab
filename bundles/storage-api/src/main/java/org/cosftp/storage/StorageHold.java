package org.cosftp.storage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A storage held in one configuration for an operation of several requests (a listing with lookups, a
 * directory rename, an RMD): every call on {@link #storage()} goes to the same client and settings, even if the
 * configuration changes meanwhile, until the hold is closed. A change made meanwhile applies to work started
 * after it.
 */
@ProviderType
public interface StorageHold extends AutoCloseable {

    /** The storage, as it was configured when the hold was taken. */
    ObjectStorage storage();

    /** Lets the configuration the hold kept go, once nothing else uses it. Closing twice does nothing. */
    @Override
    void close();
}
