package org.cosftp.storage.cos.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.cosftp.storage.StorageException;

/**
 * One lock per object that some request of this process is making visible or deleting at the moment. COS has
 * no conditional delete, so a delete "only if unchanged" is a look-up followed by a delete; holding the key's
 * lock across both keeps every upload, copy and metadata change made through this process out of the gap.
 * Shared by all storages of the bundle, old and new configurations alike, keyed by bucket and key.
 */
final class KeyLocks {
    static final KeyLocks SHARED = new KeyLocks();

    private final ConcurrentHashMap<String, Entry> locks = new ConcurrentHashMap<>();

    /** Runs {@code request} holding the lock of {@code key} in {@code bucket}. */
    <T> T holding(String bucket, String key, Step<T> request) throws StorageException {
        String name = bucket + "/" + key;
        Entry entry = locks.compute(name, (k, existing) -> {
            Entry held = existing == null ? new Entry() : existing;
            held.users++;
            return held;
        });
        entry.lock.lock();
        try {
            return request.run();
        } finally {
            entry.lock.unlock();
            locks.compute(name, (k, held) -> --held.users == 0 ? null : held);
        }
    }

    /** What runs under a key's lock. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws StorageException;
    }

    /** How many keys are locked or waited for; for tests. */
    int size() {
        return locks.size();
    }

    /** A key's lock and how many threads hold or wait for it; {@code users} is guarded by the map's compute. */
    private static final class Entry {
        private final ReentrantLock lock = new ReentrantLock();
        private int users;
    }
}
