package org.cosftp.ftp.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.cosftp.storage.ListEntry;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.StorageException;

/**
 * Renames a directory: every key under the old prefix is copied to the new one, a page at a time with the
 * copies of a page in parallel, and only when all are copied are the old keys deleted. A failure part-way
 * leaves the old directory whole (and a partial copy under the new name), never a half-moved directory.
 */
final class DirectoryRename {
    private static final int PARALLEL_COPIES = 8;
    private static final int BATCH = 1000;

    private final ObjectStorage storage;
    private final String from;
    private final String to;

    DirectoryRename(ObjectStorage storage, String from, String to) {
        this.storage = storage;
        this.from = from;
        this.to = to;
    }

    void run() throws StorageException {
        ExecutorService copiers = Executors.newFixedThreadPool(PARALLEL_COPIES, task -> {
            var thread = new Thread(task, "cos-ftp-rename");
            thread.setDaemon(true);
            return thread;
        });
        try {
            forEachBatch(keys -> copy(copiers, keys));
        } finally {
            copiers.shutdown();
        }
        // files first, then the directory markers one by one, deepest first: a store kept on a file system (the
        // local store) cannot remove a marker's folder while anything lies in it, keeps it as a ghost directory,
        // and may work through a batch delete in any order
        forEachBatch(keys -> storage.deleteAll(keys.stream().filter(key -> !key.endsWith("/")).toList()));
        forEachBatch(keys -> {
            var markers = new ArrayList<>(keys.stream().filter(key -> key.endsWith("/")).toList());
            Collections.reverse(markers);
            for (String marker : markers) {
                storage.delete(marker);
            }
        });
    }

    /** A step taken on a batch of keys. */
    @FunctionalInterface
    private interface BatchStep {
        void apply(List<String> keys) throws StorageException;
    }

    /** Walks the keys under the old prefix, a batch at a time, so that no directory is held whole. */
    private void forEachBatch(BatchStep step) throws StorageException {
        var batch = new ArrayList<String>(BATCH);
        for (Iterator<ListEntry> it = storage.list(from, true); it.hasNext();) {
            batch.add(it.next().key());
            if (batch.size() == BATCH) {
                step.apply(batch);
                batch.clear();
            }
        }
        step.apply(batch);
    }

    private void copy(ExecutorService copiers, List<String> keys) throws StorageException {
        var copies = new ArrayList<Future<Void>>();
        for (String key : keys) {
            copies.add(copiers.submit(() -> {
                storage.copy(key, to + key.substring(from.length()));
                return null;
            }));
        }
        for (Future<Void> copy : copies) {
            try {
                copy.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("renaming " + from + " was interrupted");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof StorageException se ? se
                        : new StorageException("renaming " + from + " failed: " + e.getCause());
            }
        }
    }
}
