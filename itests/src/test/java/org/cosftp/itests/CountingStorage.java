package org.cosftp.itests;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.cosftp.storage.ListEntry;
import org.cosftp.storage.Listing;
import org.cosftp.storage.ObjectInfo;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.ObjectWriter;
import org.cosftp.storage.StorageException;

/**
 * A real storage under another name that records the metadata lookups made through it: each {@link #stat} is
 * one HEAD request to the store. Registered as a service, FTP users whose {@code storage} names it work on the
 * real storage's bucket.
 */
final class CountingStorage implements ObjectStorage {
    private final String name;
    private final ObjectStorage real;
    private final ConcurrentLinkedQueue<String> lookups = new ConcurrentLinkedQueue<>();

    CountingStorage(String name, ObjectStorage real) {
        this.name = name;
        this.real = real;
    }

    /** The keys looked up under {@code prefix} since the last call, in no particular order; forgets all others. */
    List<String> takeLookupsUnder(String prefix) {
        var keys = new ArrayList<String>();
        for (String key; (key = lookups.poll()) != null;) {
            if (key.startsWith(prefix)) {
                keys.add(key);
            }
        }
        return keys;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws StorageException {
        lookups.add(key);
        return real.stat(key);
    }

    @Override
    public Listing list(String prefix, boolean recursive) {
        return real.list(prefix, recursive);
    }

    @Override
    public boolean anyKeyStartsWith(String prefix) throws StorageException {
        return real.anyKeyStartsWith(prefix);
    }

    @Override
    public InputStream read(String key, long offset) throws StorageException {
        return real.read(key, offset);
    }

    @Override
    public ObjectWriter write(String key, Map<String, String> metadata) throws StorageException {
        return real.write(key, metadata);
    }

    @Override
    public ObjectWriter append(String key, long expectedSize) throws StorageException {
        return real.append(key, expectedSize);
    }

    @Override
    public void copy(String sourceKey, String targetKey) throws StorageException {
        real.copy(sourceKey, targetKey);
    }

    @Override
    public boolean copyIfUnchanged(String sourceKey, String etag, String targetKey) throws StorageException {
        return real.copyIfUnchanged(sourceKey, etag, targetKey);
    }

    @Override
    public boolean deleteIfUnchanged(String key, String etag) throws StorageException {
        return real.deleteIfUnchanged(key, etag);
    }

    @Override
    public void setMetadata(String key, Map<String, String> metadata) throws StorageException {
        real.setMetadata(key, metadata);
    }

    @Override
    public void delete(String key) throws StorageException {
        real.delete(key);
    }

    @Override
    public void deleteAll(Collection<String> keys) throws StorageException {
        real.deleteAll(keys);
    }

    @Override
    public long maxObjectSize() {
        return real.maxObjectSize();
    }
}
