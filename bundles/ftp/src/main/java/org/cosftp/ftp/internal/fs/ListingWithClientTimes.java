package org.cosftp.ftp.internal.fs;

import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import org.cosftp.storage.StorageException;

/**
 * Listing entries with the modification time a client set with MFMT, which only the object's metadata holds
 * (a listing from COS carries none). A file the gateway already knows, unchanged since (same entity tag and
 * modification time), takes its time from the {@link ClientTimeCache}; the metadata of the others is fetched,
 * in parallel, a bounded window at a time, and remembered. Entries come out in their listing order.
 */
public final class ListingWithClientTimes implements FileListing {
    /** Lookups asked for ahead of the entry being sent. */
    public static final int WINDOW = 64;

    private final FileListing entries;
    private final Executor lookups;
    private final Deque<CompletableFuture<CosFtpFile>> ahead = new ArrayDeque<>();

    /** @param lookups this listing's lane of the threads that listings share */
    public ListingWithClientTimes(FileListing entries, Executor lookups) {
        this.entries = entries;
        this.lookups = lookups;
    }

    private void fill() {
        while (ahead.size() < WINDOW && entries.hasNext()) {
            CosFtpFile file = entries.next();
            ahead.addLast(file.isDirectory() || file.clientTimeRemembered() ? CompletableFuture.completedFuture(file)
                    : CompletableFuture.supplyAsync(() -> withMetadata(file), lookups));
        }
    }

    private static CosFtpFile withMetadata(CosFtpFile file) {
        try {
            file.lookUpClientTime();
            return file;
        } catch (StorageException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean hasNext() {
        fill();
        return !ahead.isEmpty();
    }

    @Override
    public CosFtpFile next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        try {
            return ahead.removeFirst().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u : e;
        }
    }

    /** Stops the listing; lookups already started finish on their own, and their answers are dropped. */
    @Override
    public void close() {
        ahead.forEach(lookup -> lookup.cancel(false));
        ahead.clear();
        entries.close();
    }
}
