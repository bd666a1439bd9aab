package org.cosftp.storage.cos.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.ObjectMetadata;
import org.cosftp.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The COS client of one set of settings, with its transfer threads, and the leases that keep it open. Every
 * request goes through {@link #call}, under a lease, within the storage's time bound and with its failure
 * mapped. Once {@linkplain #retire() retired} it takes no new lease, and it closes when the last one ends.
 */
final class LeasedClient {
    private static final Logger LOG = LoggerFactory.getLogger(LeasedClient.class);

    private final StorageSettings settings;
    private final COSClient cos;
    private final CosErrors errors;
    private final ExecutorService transfers;
    private final StorageHealth health;
    private final RequestListeners listeners;
    private int leases;
    private boolean retired;
    private boolean closed;

    /** A client of {@code settings}, whose requests {@code listeners} hear of. */
    LeasedClient(StorageSettings settings, RequestListeners listeners) {
        this.settings = settings;
        this.listeners = listeners;
        this.errors = new CosErrors(settings);
        this.health = new StorageHealth(settings);
        this.cos = Sdk.call(() -> CosClients.create(settings));
        this.transfers = TransferThreads.pool(settings);
    }

    StorageSettings settings() {
        return settings;
    }

    /** Whether COS answers this client's requests. */
    StorageHealth health() {
        return health;
    }

    /** The messages of this client's failures, free of its secret. */
    CosErrors errors() {
        return errors;
    }

    /** One request to COS, made with the client it is given. */
    @FunctionalInterface
    interface Request<T> {
        T send(COSClient cos);
    }

    /**
     * Sends one request of COS's {@code api} with this bundle's class loader and maps its failure; the
     * {@code operation} on {@code key} is what a failure's message says was being done.
     */
    <T> T call(CosApi api, String operation, String key, Request<T> request) throws StorageException {
        return call(api, operation, key, 0, request);
    }

    /**
     * Sends one request as {@link #call(CosApi, String, String, Request)} does, allowing it {@code extraMillis}
     * beyond the storage's bound: the time to send a body, or for COS to copy an object, is work, not a stall.
     */
    <T> T call(CosApi api, String operation, String key, long extraMillis, Request<T> request)
            throws StorageException {
        // taken and given back here, so no Lease object: this runs for every request
        acquire();
        long bound = settings.commandTimeoutSeconds() * 1000L + extraMillis;
        boolean interrupted = Thread.currentThread().isInterrupted();
        long start = System.nanoTime();
        RequestDeadline.start(bound);
        try {
            T answer = Sdk.call(() -> request.send(cos));
            health.answered();
            listeners.ended(settings.name(), api, start, null, null);
            return answer;
        } catch (RuntimeException e) {
            // the SDK's timer of the last attempt may end it a moment before the bound is over: an attempt
            // interrupted then is the bound's too
            StorageException failure = RequestDeadline.endingOrPassed() ? errors.timedOut(operation, key, bound)
                    : errors.map(operation, key, e);
            health.ended(e, failure);
            listeners.ended(settings.name(), api, start, e, failure);
            throw failure;
        } finally {
            // the SDK's timer interrupts the thread of an attempt it ends, and takes the interrupt back only when
            // it wins the race with the attempt's own end: one left behind would fail this thread's next request
            if (!interrupted && RequestDeadline.endingOrPassed() && Thread.interrupted()) {
                LOG.debug("cleared the interrupt of an ended request timer ({} '{}')", operation, key);
            }
            RequestDeadline.end();
            release();
        }
    }

    /** The metadata of {@code key}: a HEAD request; an object that is not there fails as not found. */
    ObjectMetadata head(String key) throws StorageException {
        return call(CosApi.HEAD_OBJECT, "stat", key, cos -> cos.getObjectMetadata(settings.bucket(), key));
    }

    /**
     * Sends a request that makes an object visible under {@code lockedKey}, holding the key's lock, so that no
     * delete "only if unchanged" of this process runs between its look-up and its delete meanwhile.
     */
    <T> T callHoldingKey(CosApi api, String operation, String key, String lockedKey, long extraMillis,
            Request<T> request) throws StorageException {
        return KeyLocks.SHARED.holding(settings.bucket(), lockedKey,
                () -> call(api, operation, key, extraMillis, request));
    }

    /** A multipart upload left open was aborted: told to the listeners. */
    void uploadCleanedUp() {
        listeners.uploadCleanedUp(settings.name());
    }

    /** Runs {@code task} on a transfer thread; the caller holds a lease until it ends. */
    <T> Future<T> submit(Callable<T> task) {
        return transfers.submit(task);
    }

    /** Runs {@code task} on a transfer thread; the caller holds a lease until it ends. */
    Future<?> submit(Runnable task) {
        return transfers.submit(task);
    }

    /** Runs {@code task} on a transfer thread; the caller holds a lease until it ends. */
    void execute(Runnable task) {
        transfers.execute(task);
    }

    /** An operation of several requests, run under one lease so that a reconfiguration cannot cut it. */
    @FunctionalInterface
    interface Operation<T> {
        T run() throws StorageException;
    }

    <T> T leased(Operation<T> operation) throws StorageException {
        // taken and given back here, so no Lease object: this runs for every operation of several requests
        acquire();
        try {
            return operation.run();
        } finally {
            release();
        }
    }

    /**
     * A claim on this client, which stays open until every lease taken before its retirement is closed:
     * whoever takes one closes it, once (a second close does nothing).
     */
    final class Lease implements AutoCloseable {
        private final AtomicBoolean closed = new AtomicBoolean();
        private final Runnable onClose;

        private Lease(Runnable onClose) {
            this.onClose = onClose;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release();
                onClose.run();
            }
        }
    }

    /** A lease on this client; refused if it has closed, so that the caller can go to its successor. */
    Lease lease() throws StorageException {
        return lease(() -> { });
    }

    /** A lease as {@link #lease()}, which runs {@code onClose} as it closes: what counts the work it is for. */
    Lease lease(Runnable onClose) throws StorageException {
        acquire();
        return new Lease(onClose);
    }

    private synchronized void acquire() throws StorageException {
        if (closed) {
            throw new ClosedException(settings + " was reconfigured and has closed; the new settings take new work");
        }
        leases++;
    }

    /**
     * This client closed before a call could take its lease: nothing of the call was done, and the call can go
     * to the storage that replaced it.
     */
    static final class ClosedException extends StorageException {
        private static final long serialVersionUID = 1L;

        ClosedException(String message) {
            super(message);
        }
    }

    private void release() {
        boolean close;
        synchronized (this) {
            leases--;
            close = retired && leases == 0 && !closed;
            closed |= close;
        }
        if (close) {
            LOG.info("the previous COS client of {} closed: the work it had started has ended", settings);
            shutdown();
        }
    }

    /** Stops taking work; closes the client once the work in flight has ended. */
    void retire() {
        boolean close;
        int running;
        synchronized (this) {
            retired = true;
            running = leases;
            close = leases == 0 && !closed;
            closed |= close;
        }
        if (close) {
            shutdown();
        } else if (running > 0) {
            LOG.info("{} operations started before the change of {} finish on its previous COS client", running,
                    settings.name());
        }
    }

    private void shutdown() {
        LOG.debug("closing the COS client of {}", settings);
        transfers.shutdown();
        Sdk.call(() -> {
            cos.shutdown();
            return null;
        });
    }
}
