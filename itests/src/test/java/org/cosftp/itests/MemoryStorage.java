package org.cosftp.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import org.cosftp.storage.ListEntry;
import org.cosftp.storage.Listing;
import org.cosftp.storage.ObjectInfo;
import org.cosftp.storage.ObjectNotFoundException;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.ObjectWriter;
import org.cosftp.storage.StorageException;

/**
 * A storage that keeps its objects in memory, for keys a real bucket may hold but the local store cannot
 * (its files cannot be named with NUL, {@code .} or {@code ..}). Registered as a service, FTP users whose
 * {@code storage} names it work on it like on any other.
 */
final class MemoryStorage implements ObjectStorage {
    private static final Instant TIME = Instant.parse("2024-05-06T07:08:09Z");

    private final String name;
    private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

    MemoryStorage(String name, Collection<String> keys) {
        this.name = name;
        keys.forEach(key -> objects.put(key, new byte[] {1}));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        byte[] data = objects.get(key);
        return data == null ? Optional.empty() : Optional.of(new ObjectInfo(key, data.length, TIME, "etag", Map.of()));
    }

    @Override
    public Listing list(String prefix, boolean recursive) {
        var entries = new ArrayList<ListEntry>();
        for (var object : objects.tailMap(prefix).entrySet()) {
            String key = object.getKey();
            if (!key.startsWith(prefix)) {
                break;
            }
            int slash = key.indexOf('/', prefix.length());
            if (recursive || slash < 0) {
                entries.add(ListEntry.object(key, object.getValue().length, TIME, "etag"));
            } else {
                String directory = key.substring(0, slash + 1);
                if (entries.isEmpty() || !entries.get(entries.size() - 1).key().equals(directory)) {
                    entries.add(ListEntry.directory(directory));
                }
            }
        }
        return Listing.of(entries.iterator());
    }

    @Override
    public boolean anyKeyStartsWith(String prefix) {
        String first = objects.ceilingKey(prefix);
        return first != null && first.startsWith(prefix);
    }

    @Override
    public InputStream read(String key, long offset) throws StorageException {
        byte[] data = objects.get(key);
        if (data == null) {
            throw new ObjectNotFoundException("no object '" + key + "'");
        }
        return new ByteArrayInputStream(data, (int) Math.min(offset, data.length), data.length);
    }

    @Override
    public ObjectWriter write(String key, Map<String, String> metadata) {
        return new ObjectWriter() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            private boolean ended;

            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void abort() {
                ended = true;
            }

            @Override
            public long bytesWritten() {
                return bytes.size();
            }

            @Override
            public boolean commitIf(java.util.function.BooleanSupplier proceed) {
                if (ended || !proceed.getAsBoolean()) {
                    ended = true;
                    return false;
                }
                ended = true;
                objects.put(key, bytes.toByteArray());
                return true;
            }
        };
    }

    @Override
    public ObjectWriter append(String key, long expectedSize) throws StorageException {
        throw new StorageException("appends are not kept in memory");
    }

    @Override
    public void copy(String sourceKey, String targetKey) throws StorageException {
        byte[] data = objects.get(sourceKey);
        if (data == null) {
            throw new ObjectNotFoundException("no object '" + sourceKey + "'");
        }
        objects.put(targetKey, data);
    }

    @Override
    public boolean copyIfUnchanged(String sourceKey, String etag, String targetKey) {
        byte[] data = objects.get(sourceKey);
        if (data == null || !etag.equals("etag")) {
            return false;
        }
        objects.put(targetKey, data);
        return true;
    }

    @Override
    public boolean deleteIfUnchanged(String key, String etag) {
        return etag.equals("etag") && objects.remove(key) != null;
    }

    @Override
    public void setMetadata(String key, Map<String, String> metadata) {
        // times are fixed in memory
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
    }

    @Override
    public void deleteAll(Collection<String> keys) {
        keys.forEach(objects::remove);
    }

    @Override
    public long maxObjectSize() {
        return 1 << 20;
    }

    /** Every key held now. */
    List<String> keys() {
        return List.copyOf(objects.keySet());
    }
}
