package org.cosftp.storage;

import java.time.Instant;

/**
 * One entry of a listing: an object, or a directory that stands for every key under {@code key}.
 *
 * @param key the full object key, or the directory's prefix ending in {@code /}
 * @param directory whether this entry groups keys rather than being an object
 * @param size the object's size; 0 for a directory
 * @param lastModified when the object was last written; {@code null} for a directory
 */
public record ListEntry(String key, boolean directory, long size, Instant lastModified) {

    /** A directory entry for a prefix. */
    public static ListEntry directory(String prefix) {
        return new ListEntry(prefix, true, 0, null);
    }
}
