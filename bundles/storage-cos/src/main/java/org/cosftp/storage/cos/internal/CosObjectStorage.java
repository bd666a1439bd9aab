package org.cosftp.storage.cos.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.COSObject;
import com.qcloud.cos.model.CopyObjectRequest;
import com.qcloud.cos.model.DeleteObjectsRequest;
import com.qcloud.cos.model.GetObjectRequest;
import com.qcloud.cos.model.ListObjectsRequest;
import com.qcloud.cos.model.ObjectMetadata;
import org.cosftp.storage.ListEntry;
import org.cosftp.storage.Listing;
import org.cosftp.storage.ObjectInfo;
import org.cosftp.storage.ObjectNotFoundException;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.ObjectWriter;
import org.cosftp.storage.OffsetMismatchException;
import org.cosftp.storage.StorageException;
import org.cosftp.storage.StorageHold;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bucket through one COS client. Built for one set of settings and never changed; a new configuration
 * builds a new instance, and the old one is {@linkplain #retire() retired}: it finishes the work in flight
 * and closes its client when the last of it ends. Work in flight is whatever holds a lease: one request, and
 * for as long as they run, every operation of several requests (a copy, an append, a metadata change, a batch
 * delete), listings until their end or close, streams, writers, and {@linkplain #hold() holds}.
 */
final class CosObjectStorage implements ObjectStorage {
    private static final Logger LOG = LoggerFactory.getLogger(CosObjectStorage.class);
    /** COS deletes at most 1,000 keys per batch request. */
    private static final int DELETE_BATCH = 1000;
    /** How often a copy or a metadata change starts over when the object is replaced while it runs. */
    private static final int CHANGED_RETRIES = 3;

    private final StorageSettings settings;
    private final COSClient cos;
    private final CosErrors errors;
    private final ExecutorService transfers;
    /**
     * The part buffers all writers of this storage may hold together, one permit per buffer: every buffer
     * counted is exactly one part size, so counting buffers rather than MiB leaves no fragments to track. Fair,
     * so that a writer holding no buffer and waiting for one is served before writers that already have some.
     */
    private final Semaphore partBuffers;
    private final UploadJournal journal;
    private int leases;
    private boolean retired;
    private boolean closed;

    /** Records its multipart uploads in {@code journal} while they are open. */
    CosObjectStorage(StorageSettings settings, UploadJournal journal) {
        this.settings = settings;
        this.journal = journal;
        this.errors = new CosErrors(settings);
        this.cos = Sdk.call(() -> CosClients.create(settings));
        this.transfers = TransferThreads.pool(settings);
        this.partBuffers = new Semaphore(settings.uploadBufferBudget(), true);
    }

    StorageSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public long maxObjectSize() {
        return settings.maxObjectSize();
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws StorageException {
        try {
            ObjectMetadata metadata = call("stat", key, () -> cos.getObjectMetadata(settings.bucket(), key));
            return Optional.of(info(key, metadata));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    private static ObjectInfo info(String key, ObjectMetadata metadata) {
        return new ObjectInfo(key, metadata.getContentLength(),
                metadata.getLastModified() == null ? null : metadata.getLastModified().toInstant(),
                Etags.unquoted(metadata.getETag()), metadata.getUserMetadata());
    }

    @Override
    public Listing list(String prefix, boolean recursive) {
        try {
            return listing(prefix, recursive);
        } catch (StorageException e) {
            return failedListing(e);
        }
    }

    /** A listing with a lease of its own, taken now: it fails here, not later, if this storage is closed. */
    Listing listing(String prefix, boolean recursive) throws StorageException {
        return new PagedListing(this, lease(), prefix, recursive ? null : "/");
    }

    /** A listing that fails as a page that cannot be fetched does. */
    static Listing failedListing(StorageException e) {
        return Listing.of(new Iterator<>() {
            @Override
            public boolean hasNext() {
                throw new UncheckedIOException(e);
            }

            @Override
            public ListEntry next() {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public StorageHold hold() throws StorageException {
        Lease lease = lease();
        return new StorageHold() {
            @Override
            public ObjectStorage storage() {
                return CosObjectStorage.this;
            }

            @Override
            public void close() {
                lease.close();
            }
        };
    }

    /** An operation of several requests, run under one lease so that a reconfiguration cannot cut it. */
    @FunctionalInterface
    interface Operation<T> {
        T run() throws StorageException;
    }

    private <T> T leased(Operation<T> operation) throws StorageException {
        // taken and given back here, so no Lease object: this runs for every operation of several requests
        acquire();
        try {
            return operation.run();
        } finally {
            release();
        }
    }

    @Override
    public boolean anyKeyStartsWith(String prefix) throws StorageException {
        var request = new ListObjectsRequest(settings.bucket(), prefix, null, null, 1);
        return !call("list", prefix, () -> cos.listObjects(request)).getObjectSummaries().isEmpty();
    }

    @Override
    public InputStream read(String key, long offset) throws StorageException {
        Lease lease = lease();
        try {
            return new ResumingInputStream(this, lease, key, offset);
        } catch (StorageException | RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /**
     * Opens the bytes of {@code key} from {@code offset}; with an {@code etag}, only if the object still
     * has it. Returns {@code null} if {@code offset} is the object's size: there is nothing left to read.
     */
    COSObject open(String key, long offset, String etag) throws StorageException {
        var request = new GetObjectRequest(settings.bucket(), key);
        if (offset > 0) {
            request.setRange(offset, -1);
        }
        if (etag != null) {
            request.setMatchingETagConstraints(new ArrayList<>(List.of(Etags.quoted(etag))));
        }
        COSObject object = call("read", key, () -> {
            try {
                return cos.getObject(request);
            } catch (CosServiceException e) {
                if (offset > 0 && e.getStatusCode() == 416) {
                    return null;
                }
                throw e;
            }
        });
        if (object != null) {
            return object;
        }
        long size = stat(key).orElseThrow(() -> new ObjectNotFoundException(
                errors.clean("no object '" + key + "' in " + settings))).size();
        if (offset == size) {
            return null;
        }
        throw new OffsetMismatchException("cannot read '" + key + "' from offset " + offset
                + ": the object has only " + size + " bytes");
    }

    @Override
    public ObjectWriter write(String key, Map<String, String> metadata) throws StorageException {
        return newWriter(key, metadata, null);
    }

    /** A writer with a lease of its own; none is kept if the writer cannot be built. */
    private CosObjectWriter newWriter(String key, Map<String, String> metadata, ObjectMetadata headers)
            throws StorageException {
        Lease lease = lease();
        try {
            return new CosObjectWriter(this, lease, key, metadata, headers);
        } catch (RuntimeException | Error e) {
            lease.close();
            throw e;
        }
    }

    @Override
    public ObjectWriter append(String key, long expectedSize) throws StorageException {
        return leased(() -> startAppend(key, expectedSize));
    }

    private ObjectWriter startAppend(String key, long expectedSize) throws StorageException {
        Optional<ObjectInfo> existing = stat(key);
        long size = existing.map(ObjectInfo::size).orElse(0L);
        if (size != expectedSize) {
            throw new OffsetMismatchException("cannot append to '" + key + "' at offset " + expectedSize
                    + ": the object has " + size + " bytes");
        }
        Map<String, String> metadata = existing.map(ObjectInfo::metadata).orElse(Map.of());
        var writer = newWriter(key, metadata, null);
        try {
            if (size > 0 && size < settings.partSize()) {
                try (InputStream old = read(key, 0)) {
                    old.transferTo(writer);
                }
            } else if (size > 0) {
                writer.startWithCopyOf(existing.get());
            }
            return writer;
        } catch (IOException | RuntimeException e) {
            throw abandon(writer, "append to '" + key + "'", e);
        }
    }

    @Override
    public void copy(String sourceKey, String targetKey) throws StorageException {
        leased(() -> {
            copyLatest(sourceKey, targetKey);
            return null;
        });
    }

    private void copyLatest(String sourceKey, String targetKey) throws StorageException {
        for (int attempt = 1;; attempt++) {
            if (copy(sourceKey, head(sourceKey), targetKey, null)) {
                return;
            }
            if (attempt == CHANGED_RETRIES) {
                throw new StorageException(errors.clean("cannot copy '" + sourceKey + "' to '" + targetKey + "' on "
                        + settings + ": it was replaced " + attempt + " times while being copied"));
            }
        }
    }

    @Override
    public boolean copyIfUnchanged(String sourceKey, String etag, String targetKey) throws StorageException {
        return leased(() -> copyVersion(sourceKey, etag, targetKey));
    }

    private boolean copyVersion(String sourceKey, String etag, String targetKey) throws StorageException {
        ObjectMetadata source;
        try {
            source = head(sourceKey);
        } catch (ObjectNotFoundException e) {
            return false;
        }
        return etag.equals(Etags.unquoted(source.getETag())) && copy(sourceKey, source, targetKey, null);
    }

    /**
     * Copies the version of {@code sourceKey} that {@code source} describes: in one request up to the multipart
     * copy threshold, part by part above it. With {@code userMetadata} the copy gets it instead of the source's;
     * either way it keeps the source's headers (Content-Type and the like).
     *
     * @return whether it was copied; {@code false} if the source was replaced since it was looked at, and
     *         nothing was written
     */
    private boolean copy(String sourceKey, ObjectMetadata source, String targetKey, Map<String, String> userMetadata)
            throws StorageException {
        String etag = Etags.unquoted(source.getETag());
        if (source.getContentLength() <= settings.multipartCopyThreshold()) {
            var request = new CopyObjectRequest(settings.bucket(), sourceKey, settings.bucket(), targetKey);
            if (etag != null) {
                request.setMatchingETagConstraints(new ArrayList<>(List.of(Etags.quoted(etag))));
            }
            if (userMetadata != null) {
                ObjectMetadata replacement = CopiedHeaders.of(source);
                replacement.setUserMetadata(userMetadata);
                request.setNewObjectMetadata(replacement);
            }
            // the SDK answers a failed entity tag condition with null
            return callHoldingKey("copy to '" + targetKey + "' from", sourceKey, targetKey,
                    copyingMillis(source.getContentLength()), () -> cos.copyObject(request)) != null;
        }
        var writer = newWriter(targetKey, userMetadata != null ? userMetadata : source.getUserMetadata(),
                CopiedHeaders.of(source));
        try {
            writer.startWithCopyOf(info(sourceKey, source));
            writer.commit();
            return true;
        } catch (ObjectChangedException e) {
            writer.abort();
            return false;
        } catch (IOException | RuntimeException e) {
            throw abandon(writer, "copy '" + sourceKey + "'", e);
        }
    }

    private ObjectMetadata head(String key) throws StorageException {
        return call("stat", key, () -> cos.getObjectMetadata(settings.bucket(), key));
    }

    /** Aborts a writer that could not be set up and says why, as a storage exception. */
    private StorageException abandon(CosObjectWriter writer, String what, Exception cause) {
        writer.abort();
        return cause instanceof StorageException se ? se
                : new StorageException(errors.clean("cannot " + what + " on " + settings + ": " + cause));
    }

    @Override
    public void setMetadata(String key, Map<String, String> metadata) throws StorageException {
        leased(() -> {
            replaceMetadata(key, metadata);
            return null;
        });
    }

    private void replaceMetadata(String key, Map<String, String> metadata) throws StorageException {
        for (int attempt = 1;; attempt++) {
            if (copy(key, head(key), key, metadata)) {
                return;
            }
            if (attempt == CHANGED_RETRIES) {
                throw new StorageException(errors.clean("cannot set the metadata of '" + key + "' on " + settings
                        + ": it was replaced " + attempt + " times meanwhile"));
            }
        }
    }

    @Override
    public void delete(String key) throws StorageException {
        call("delete", key, () -> {
            cos.deleteObject(settings.bucket(), key);
            return null;
        });
    }

    @Override
    public boolean deleteIfUnchanged(String key, String etag) throws StorageException {
        return leased(() -> KeyLocks.SHARED.holding(settings.bucket(), key, () -> {
            Optional<ObjectInfo> current = stat(key);
            if (current.isEmpty() || !etag.equals(current.get().etag())) {
                return false;
            }
            delete(key);
            return true;
        }));
    }

    @Override
    public void deleteAll(Collection<String> keys) throws StorageException {
        leased(() -> {
            deleteInBatches(keys);
            return null;
        });
    }

    private void deleteInBatches(Collection<String> keys) throws StorageException {
        var batch = new ArrayList<DeleteObjectsRequest.KeyVersion>(Math.min(keys.size(), DELETE_BATCH));
        for (String key : keys) {
            batch.add(new DeleteObjectsRequest.KeyVersion(key));
            if (batch.size() == DELETE_BATCH) {
                deleteBatch(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            deleteBatch(batch);
        }
    }

    private void deleteBatch(List<DeleteObjectsRequest.KeyVersion> batch) throws StorageException {
        var request = new DeleteObjectsRequest(settings.bucket());
        request.setKeys(new ArrayList<>(batch));
        request.setQuiet(true);
        call("delete " + batch.size() + " objects starting at", batch.get(0).getKey(),
                () -> cos.deleteObjects(request));
    }

    COSClient cos() {
        return cos;
    }

    /** Where this storage's writers record the multipart uploads they have open. */
    UploadJournal journal() {
        return journal;
    }

    ExecutorService transfers() {
        return transfers;
    }

    /** The budget of part buffers shared by this storage's writers. */
    Semaphore partBuffers() {
        return partBuffers;
    }

    CosErrors errors() {
        return errors;
    }

    /** Runs one SDK call with this bundle's class loader and maps its failure. */
    <T> T call(String operation, String key, Sdk.Call<T> request) throws StorageException {
        return call(operation, key, 0, request);
    }

    /**
     * Runs one SDK call as {@link #call(String, String, Sdk.Call)} does, allowing it {@code extraMillis} beyond
     * the storage's bound: the time to send a body, or for COS to copy an object, is work, not a stall.
     */
    <T> T call(String operation, String key, long extraMillis, Sdk.Call<T> request) throws StorageException {
        // taken and given back here, so no Lease object: this runs for every request
        acquire();
        long bound = settings.commandTimeoutSeconds() * 1000L + extraMillis;
        boolean interrupted = Thread.currentThread().isInterrupted();
        RequestDeadline.start(bound);
        try {
            return Sdk.call(request);
        } catch (RuntimeException e) {
            throw RequestDeadline.passed() ? errors.timedOut(operation, key, bound) : errors.map(operation, key, e);
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

    /**
     * Runs a request that makes an object visible under {@code key}, holding the key's lock, so that no delete
     * "only if unchanged" of this process runs between its look-up and its delete meanwhile.
     */
    <T> T callHoldingKey(String operation, String key, long extraMillis, Sdk.Call<T> request)
            throws StorageException {
        return callHoldingKey(operation, key, key, extraMillis, request);
    }

    private <T> T callHoldingKey(String operation, String key, String lockedKey, long extraMillis,
            Sdk.Call<T> request) throws StorageException {
        return KeyLocks.SHARED.holding(settings.bucket(), lockedKey,
                () -> call(operation, key, extraMillis, request));
    }

    /**
     * A claim on this storage's client, which stays open until every lease taken before its retirement is
     * closed: whoever takes one closes it, once (a second close does nothing).
     */
    final class Lease implements AutoCloseable {
        private final AtomicBoolean closed = new AtomicBoolean();

        private Lease() {
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release();
            }
        }
    }

    /** A lease on this storage; refused if it has closed, so that the caller can go to its successor. */
    Lease lease() throws StorageException {
        acquire();
        return new Lease();
    }

    private synchronized void acquire() throws StorageException {
        if (closed) {
            throw new ClosedException(settings + " was reconfigured and has closed; the new settings take new work");
        }
        leases++;
    }

    /**
     * This storage closed before a call could take its lease: nothing of the call was done, and the call can go
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
