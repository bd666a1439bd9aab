package org.cosftp.storage;

import java.time.Instant;

/**
 * One entry of a listing: an object, or a directory that stands for every key under {@code key}.
 *
 * @param key the full object key, or the directory's prefix ending in {@code /}
 * @param directory whether this entry groups keys rather than being an object
 * @param size the object's size; 0 for a directory
 * @param lastModified when the object was last written; {@code null} for a directory
 * @param etag the object's entity tag, in the same form as {@link ObjectInfo#etag()} gives it, so that a
 *        listed object can be told to be the one a {@link ObjectStorage#stat stat} saw; {@code null} for a
 *        directory, or if the store did not say
 */
public record ListEntry(String key, boolean directory, long size, Instant lastModified, String etag) {

    /** An entry without an entity tag. */
    public ListEntry(String key, boolean directory, long size, Instant lastModified) {
        this(key, directory, size, lastModified, null);
    }

    /** An object entry. */
    public static ListEntry object(String key, long size, Instant lastModified, String etag) {
        return new ListEntry(key, false, size, lastModified, etag);
    }

    /** A directory entry for a prefix. */
    public static ListEntry directory(String prefix) {
        return new ListEntry(prefix, true, 0, null, null);
    }
}
