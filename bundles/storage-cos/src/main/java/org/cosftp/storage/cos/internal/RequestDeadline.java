package org.cosftp.storage.cos.internal;

/**
 * The moment by which the request running on this thread, with all its retries, must be answered. The SDK
 * runs a request and its retries on the calling thread, and asks its configuration for the time one attempt
 * may take before each attempt ({@link CosClients}): reading it from here gives every attempt only what is left
 * of the whole, so that a store that stalls costs the caller the bound once, not once per retry.
 */
final class RequestDeadline {
    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();
    /** The retries of the request running on this thread, which the SDK's retry policy counts. */
    private static final ThreadLocal<int[]> RETRIES = ThreadLocal.withInitial(() -> new int[1]);

    private RequestDeadline() {
    }

    /** Starts the bound of one request on this thread; {@link #end()} it when the request is over. */
    static void start(long boundMillis) {
        DEADLINE.set(System.nanoTime() + boundMillis * 1_000_000);
        RETRIES.get()[0] = 0;
    }

    static void end() {
        DEADLINE.remove();
    }

    /** The SDK sends this thread's request again. */
    static void retrying() {
        RETRIES.get()[0]++;
    }

    /** How many times this thread's request was sent again since it {@linkplain #start started}. */
    static int retries() {
        return RETRIES.get()[0];
    }

    /** What is left of this thread's bound, in milliseconds (at least 1 while it runs); {@code whole} without one. */
    static long remainingMillis(long whole) {
        Long deadline = DEADLINE.get();
        if (deadline == null) {
            return whole;
        }
        return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    }

    /**
     * Whether this thread's bound is over or about to be (within 100 ms): the SDK's timer of the last attempt may
     * have fired, a moment early, and it interrupts the thread it times.
     */
    static boolean endingOrPassed() {
        Long deadline = DEADLINE.get();
        return deadline != null && System.nanoTime() - deadline >= -100_000_000L;
    }

    /**
     * The time a request may take beyond the bound to send {@code bytes} of body: at 256 KiB/s, so that a slow
     * link is not taken for a stalled store (a 16 MiB part gets another minute).
     */
    static long sendingMillis(long bytes) {
        return bytes / 256;
    }

    /** The time COS may take beyond the bound to copy {@code bytes} inside the bucket: at 8 MiB/s. */
    static long copyingMillis(long bytes) {
        return bytes / (8 * 1024);
    }
}
