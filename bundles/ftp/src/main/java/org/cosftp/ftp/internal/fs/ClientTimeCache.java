package org.cosftp.ftp.internal.fs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.cosftp.storage.ObjectInfo;
import org.cosftp.storage.ObjectStorage;

/**
 * What the gateway learned of objects' client times (the modification time set with MFMT, kept in the
 * object's metadata), so that a listing, which carries no metadata, need not fetch every file's metadata
 * again.
 *
 * <p>Each entry is tied to the object it was learned from by its entity tag and its modification time, and is
 * used only while a listing shows both unchanged. Any write, copy or metadata change, through this gateway or
 * anywhere else (another gateway, the SDK, the console), gives the object a new modification time, so a stale
 * entry is never used; invalidating entries on our own writes only keeps the cache small. The one thing the
 * check cannot see is a metadata change made elsewhere within the same second as the one remembered (both
 * times are to the second, and the bytes, hence the tag, stay the same); MDTM, which always asks the store,
 * shows it.
 *
 * <p>Bounded, least recently used entries going first. An entry costs about 350 bytes with a 60-character key
 * (map node, key, tag, times), so the default of 100,000 entries holds at most about 35 MB.
 */
public final class ClientTimeCache {
    public static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    private final LinkedHashMap<Key, Known> entries;

    public ClientTimeCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Known> eldest) {
                return size() > ClientTimeCache.this.capacity;
            }
        };
    }

    /** What a stat said of an object: its identity, and its client time if it has one. */
    void remember(ObjectStorage storage, ObjectInfo info) {
        if (info.etag() == null || info.lastModified() == null) {
            forget(storage, info.key());
            return;
        }
        var known = new Known(info.etag(), info.lastModified(),
                ClientTime.of(info.metadata()));
        synchronized (entries) {
            entries.put(new Key(storage, info.key()), known);
        }
    }

    /**
     * What is known of the object a listing shows with this tag and time: the answer, if the object is still
     * the one it was learned from; otherwise {@code null}, and a stale entry is dropped.
     */
    Lookup lookup(ObjectStorage storage, String key, String etag, Instant lastModified) {
        if (etag == null || lastModified == null) {
            return null;
        }
        var entryKey = new Key(storage, key);
        synchronized (entries) {
            Known known = entries.get(entryKey);
            if (known == null) {
                return null;
            }
            if (!known.etag.equals(etag) || !known.lastModified.equals(lastModified)) {
                entries.remove(entryKey);
                return null;
            }
            return new Lookup(known.clientTime);
        }
    }

    /** Forgets an object that was written, replaced or deleted. */
    void forget(ObjectStorage storage, String key) {
        synchronized (entries) {
            entries.remove(new Key(storage, key));
        }
    }

    /** Forgets every object under a prefix (a directory renamed or removed); walks the whole cache. */
    void forgetUnder(ObjectStorage storage, String prefix) {
        synchronized (entries) {
            entries.keySet().removeIf(k -> k.storage == storage && k.key.startsWith(prefix));
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** The answer of a {@link #lookup}: the object's client time, {@code null} if a client never set one. */
    record Lookup(Instant clientTime) {
    }

    private record Known(String etag, Instant lastModified, Instant clientTime) {
    }

    /**
     * One object of one storage. Storages are told apart by identity: a storage service keeps its identity when
     * reconfigured, and then the tag and time checks keep an entry from being used for another bucket's object.
     */
    private static final class Key {
        private final ObjectStorage storage;
        private final String key;

        Key(ObjectStorage storage, String key) {
            this.storage = storage;
            this.key = key;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.storage == storage && k.key.equals(key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(System.identityHashCode(storage), key);
        }
    }
}
