package org.cosftp.storage;

import java.time.Instant;
import java.util.Map;

/**
 * What the store knows of one object.
 *
 * @param key the full object key
 * @param size its size in bytes
 * @param lastModified when it was last written
 * @param etag the store's entity tag, which changes whenever the bytes change
 * @param metadata its user metadata (names in lower case)
 */
public record ObjectInfo(String key, long size, Instant lastModified, String etag, Map<String, String> metadata) {

    /** Copies the metadata, so that the record stays immutable. */
    public ObjectInfo {
        metadata = Map.copyOf(metadata);
    }
}
