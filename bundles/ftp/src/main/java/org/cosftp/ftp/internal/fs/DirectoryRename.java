package org.cosftp.ftp.internal.fs;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;

import org.cosftp.ftp.internal.FairWorkers;
import org.cosftp.ftp.internal.StorageFailureReply;
import org.cosftp.storage.ListEntry;
import org.cosftp.storage.Listing;
import org.cosftp.storage.ObjectInfo;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.StorageException;

/**
 * Renames a directory without losing what clients store in it meanwhile. The keys under the old prefix are
 * moved a page of the listing at a time: each key of the page is copied, in parallel, only if it is still the
 * version listed, then each key copied is deleted only if it is still the version copied. A file stored or
 * replaced during the rename therefore stays under the old name. Directory markers, empty, are copied as they
 * are and deleted last, deepest first: a store kept on a file system (the local store) cannot remove a
 * marker's folder while anything lies in it.
 * One page and the directory markers are held, whatever the size of the directory.
 *
 * <p>A failure part-way leaves every file under the old name or the new one (a file copied but not yet deleted
 * under both), and the {@link PartlyRenamedException} says which holds what.
 */
public final class DirectoryRename {
    /** Keys of one rename copied or deleted at once; the threads are shared with other renames. */
    private static final int PARALLEL = 8;
    private static final int BATCH = 1000;

    private final ObjectStorage storage;
    private final Executor workers;
    private final String from;
    private final String to;
    private final String fromPath;
    private final String toPath;
    private final List<ListEntry> markers = new ArrayList<>();
    private final AtomicLong moved = new AtomicLong();
    private final AtomicLong kept = new AtomicLong();
    private boolean filesDone;

    /**
     * @param workers the threads renames share
     * @param from the old key prefix, ending in {@code /}
     * @param to the new key prefix, ending in {@code /}
     * @param fromPath the old name as the client sees it, for messages
     * @param toPath the new name as the client sees it
     */
    DirectoryRename(ObjectStorage storage, FairWorkers workers, String from, String to, String fromPath,
            String toPath) {
        this.storage = storage;
        this.workers = workers.lane(PARALLEL);
        this.from = from;
        this.to = to;
        this.fromPath = fromPath;
        this.toPath = toPath;
    }

    /**
     * Moves everything.
     *
     * @return how many files were stored or replaced under the old name during the rename, and stay there
     */
    long run() throws StorageException {
        try (Listing keys = storage.list(from, true)) {
            var page = new ArrayList<ListEntry>(BATCH);
            while (keys.hasNext()) {
                page.add(keys.next());
                if (page.size() == BATCH) {
                    move(page);
                    page.clear();
                }
            }
            move(page);
            filesDone = true;
            Collections.reverse(markers);
            for (ListEntry marker : markers) {
                storage.delete(marker.key());
            }
            return kept.get();
        } catch (StorageException | UncheckedIOException e) {
            throw failed(e);
        }
    }

    private void move(List<ListEntry> page) throws StorageException {
        List<ListEntry> copied = inParallel(page, this::copy);
        var files = new ArrayList<ListEntry>();
        for (ListEntry entry : copied) {
            if (entry == null) {
                continue;
            }
            if (entry.key().endsWith("/")) {
                markers.add(entry);
            } else {
                files.add(entry);
            }
        }
        inParallel(files, file -> {
            (storage.deleteIfUnchanged(file.key(), file.etag()) ? moved : kept).incrementAndGet();
            return null;
        });
    }

    /** Copies a listed key if it is still the version listed; returns it with the entity tag copied, or null. */
    private ListEntry copy(ListEntry entry) throws StorageException {
        String key = entry.key();
        String target = to + key.substring(from.length());
        if (key.endsWith("/")) {
            // a marker holds nothing that could be lost, and the local store gives its markers no entity tag
            storage.copy(key, target);
            return entry;
        }
        ListEntry listed = entry;
        if (entry.etag() == null) {
            Optional<ObjectInfo> info = storage.stat(key);
            if (info.isEmpty()) {
                return null;
            }
            listed = ListEntry.object(key, info.get().size(), info.get().lastModified(), info.get().etag());
        }
        if (storage.copyIfUnchanged(key, listed.etag(), target)) {
            return listed;
        }
        if (storage.stat(key).isPresent()) {
            kept.incrementAndGet();
        }
        return null;
    }

    /** A step applied to one key. */
    @FunctionalInterface
    private interface Step<T> {
        T apply(ListEntry entry) throws StorageException;
    }

    private <T> List<T> inParallel(List<ListEntry> entries, Step<T> step) throws StorageException {
        var futures = new ArrayList<Future<T>>(entries.size());
        for (ListEntry entry : entries) {
            var future = new FutureTask<T>(() -> step.apply(entry));
            workers.execute(future);
            futures.add(future);
        }
        var results = new ArrayList<T>(entries.size());
        StorageException failure = null;
        // every step is waited for, so that the counts are final when the failure is reported
        for (Future<T> future : futures) {
            try {
                results.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(false));
                failure = failure != null ? failure : new StorageException("interrupted");
            } catch (ExecutionException e) {
                failure = failure != null ? failure : e.getCause() instanceof StorageException se ? se
                        : new StorageException(String.valueOf(e.getCause()));
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    private PartlyRenamedException failed(Exception e) {
        String cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause().getMessage()
                : e.getMessage();
        String state;
        if (filesDone) {
            state = "every file is in " + toPath + " (some emptied directories are still in " + fromPath + ")";
        } else if (moved.get() == 0) {
            state = "every file is still in " + fromPath + " (some may also have been copied to " + toPath + ")";
        } else {
            state = moved.get() + " files were moved to " + toPath + "; every other file is still in " + fromPath
                    + " (the last ones copied also in " + toPath + ")";
        }
        return new PartlyRenamedException("renaming " + fromPath + " to " + toPath + " stopped part-way: "
                + state + ": " + cause, StorageFailureReply.told(e) + "; the rename stopped part-way: " + state
                + ".");
    }

    /** A rename that stopped part-way; its reply, for the client, names only the client's paths. */
    public static final class PartlyRenamedException extends StorageException {
        private static final long serialVersionUID = 1L;
        private final String reply;

        PartlyRenamedException(String message, String reply) {
            super(message);
            this.reply = reply;
        }

        public String reply() {
            return reply;
        }
    }
}
