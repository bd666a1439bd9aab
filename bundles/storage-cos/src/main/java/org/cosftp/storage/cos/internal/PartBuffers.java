package org.cosftp.storage.cos.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.cosftp.storage.StorageException;

/**
 * One writer's part buffers: at most {@code uploadThreads + 1}, each counted against the budget its storage
 * shares among all its writers ({@link CosObjectStorage#partBudget()}). A writer that finds no buffer free
 * waits: for one of its own parts to finish uploading if it has any, else for the budget.
 *
 * <p>That cannot deadlock: a writer blocks on the budget only while it holds none of it. A writer that holds
 * some either fills its buffer from its client or waits for its own parts in flight, and a part upload always
 * ends (retries and timeouts bound it) and gives its buffer back; a writer's budget returns in full when it
 * commits or aborts.
 */
final class PartBuffers {
    private final String key;
    private final int partSize;
    private final int max;
    private final Semaphore budget;
    /** What the writer is once it ended, for the message of a buffer asked for after that. */
    private final Supplier<String> endedAs;
    /** The buffers not in use; those in use are the one filling and those in flight. */
    private final BlockingQueue<byte[]> free;
    /** Buffers taken from the budget, one permit each. Guarded by {@code this}, as are the next three. */
    private int taken;
    private int inFlight;
    /** Closed or aborted: no more buffers are taken, and the budget goes back once no part is in flight. */
    private boolean ended;
    private boolean returned;

    PartBuffers(String key, int partSize, int max, Semaphore budget, Supplier<String> endedAs) {
        this.key = key;
        this.partSize = partSize;
        this.max = max;
        this.budget = budget;
        this.endedAs = endedAs;
        this.free = new ArrayBlockingQueue<>(max);
    }

    /** A whole part buffer: a free one, a new one from the budget, or one to wait for. */
    byte[] take() throws StorageException {
        try {
            byte[] part = free.poll();
            if (part != null) {
                return part;
            }
            boolean holdsBuffers;
            synchronized (this) {
                holdsBuffers = taken > 0;
                // a timed try rather than tryAcquire(), which would jump the queue of writers waiting with none
                if (taken < max && budget.tryAcquire(0, TimeUnit.SECONDS)) {
                    return newBuffer();
                }
            }
            if (holdsBuffers) {
                // all of them are in flight, the one just filled included, and will come back
                return free.take();
            }
            budget.acquire();
            synchronized (this) {
                return newBuffer();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("upload of '" + key + "' was interrupted");
        }
    }

    /** Counts a permit just acquired as this writer's, or gives it back if the writer has ended meanwhile. */
    private byte[] newBuffer() throws StorageException {
        assert Thread.holdsLock(this);
        if (ended) {
            budget.release();
            throw new StorageException("upload of '" + key + "' is already " + endedAs.get());
        }
        byte[] part;
        try {
            part = new byte[partSize];
        } catch (OutOfMemoryError e) {
            budget.release();
            throw e;
        }
        taken++;
        return part;
    }

    /** A filled buffer goes out as a part. */
    synchronized void sending() {
        inFlight++;
    }

    /** A part's upload ended, and its buffer is free again; the last to end after {@link #end()} returns the budget. */
    void sent(byte[] part) {
        if (part.length == partSize) {
            free.offer(part);
        }
        int permits;
        synchronized (this) {
            inFlight--;
            permits = toReturn();
        }
        budget.release(permits);
    }

    /**
     * The writer ended: the budget goes back, at once if no part is in flight, else when the last one ends (an
     * abort interrupted while waiting for them leaves them running). Only the first call counts.
     */
    void end() {
        int permits;
        synchronized (this) {
            ended = true;
            permits = toReturn();
        }
        budget.release(permits);
    }

    /** Lets go of the free buffers at once, as an abort does; their permits go back with {@link #end()}. */
    void dropFree() {
        free.clear();
    }

    /** The permits to give back now: all of them, once, when the writer has ended and no part is in flight. */
    private int toReturn() {
        assert Thread.holdsLock(this);
        if (!ended || inFlight > 0 || returned) {
            return 0;
        }
        returned = true;
        // the buffers go with their permits: a writer still reachable for a moment must not keep them alive while
        // other writers already fill new ones
        free.clear();
        return taken;
    }
}
