package org.cosftp.storage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a storage returns when its store gives each request an id (COS's {@code x-cos-request-id}), the id an
 * operator quotes to the store's support: a committed {@link ObjectWriter}'s, and the stream
 * {@link ObjectStorage#read} returns if it implements this.
 *
 * @since 1.5
 */
@ProviderType
public interface StoreRequestIdentified {
    /**
     * The id of the request that made the object visible (a writer's, once committed) or that sent the first
     * bytes (a read's); empty if there is none yet, or the store gives none.
     */
    String storeRequestId();
}
