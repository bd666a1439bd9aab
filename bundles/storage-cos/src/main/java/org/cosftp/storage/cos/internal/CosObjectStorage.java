package org.cosftp.storage.cos.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import com.qcloud.cos.model.HeadBucketRequest;
import com.qcloud.cos.model.ListObjectsRequest;
import com.qcloud.cos.model.ObjectMetadata;
import org.cosftp.storage.Listing;
import org.cosftp.storage.ObjectInfo;
import org.cosftp.storage.ObjectNotFoundException;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.ObjectWriter;
import org.cosftp.storage.OffsetMismatchException;
import org.cosftp.storage.StorageConfigurationException;
import org.cosftp.storage.StorageException;
import org.cosftp.storage.StorageHold;
import org.cosftp.storage.StorageStatus;

/**
 * One bucket through one {@link LeasedClient}. Built for one set of settings and never changed; a new
 * configuration builds a new instance, and the old one is {@linkplain #retire() retired}: it finishes the work in
 * flight and closes its client when the last of it ends. Work in flight is whatever holds a lease: one request,
 * and for as long as they run, every operation of several requests (a copy, an append, a metadata change, a
 * batch delete), listings until their end or close, streams, writers, and {@linkplain #hold() holds}.
 *
 * <p>Its length is one short method per operation of {@link ObjectStorage}, each a request or a hand-over to the
 * class that does the work ({@link CosObjectWriter}, {@link PagedListing}, {@link ObjectCopies}, …).
 */
final class CosObjectStorage implements ObjectStorage {
    private final StorageSettings settings;
    private final LeasedClient client;
    /**
     * The part buffers all writers of this storage may hold together, one permit per buffer: every buffer
     * counted is exactly one part size, so counting buffers rather than MiB leaves no fragments to track. Fair,
     * so that a writer holding no buffer and waiting for one is served before writers that already have some.
     */
    private final Semaphore partBudget;
    private final UploadJournal journal;
    private final ObjectCopies copies;
    /** The writers open now: counted as they take their lease, until they give it back. */
    private final AtomicInteger openWriters = new AtomicInteger();

    /** Records its multipart uploads in {@code journal} while they are open; no listener hears its requests. */
    CosObjectStorage(StorageSettings settings, UploadJournal journal) {
        this(settings, journal, RequestListeners.NONE);
    }

    /** Records its multipart uploads in {@code journal} while they are open; tells {@code listeners} of requests. */
    CosObjectStorage(StorageSettings settings, UploadJournal journal, RequestListeners listeners) {
        this.settings = settings;
        this.journal = journal;
        this.client = new LeasedClient(settings, listeners);
        this.partBudget = new Semaphore(settings.uploadBufferBudget(), true);
        this.copies = new ObjectCopies(client, this::newWriter);
    }

    StorageSettings settings() {
        return settings;
    }

    /** Where this storage's writers record the multipart uploads they have open. */
    UploadJournal journal() {
        return journal;
    }

    /** The part buffers its writers may hold together. */
    Semaphore partBudget() {
        return partBudget;
    }

    /** One pass over the uploads a crash left open in this storage's bucket; how many it aborted. */
    int abortStaleUploads(Instant now) throws IOException {
        return StaleUploads.abort(client, journal, now);
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public StorageStatus status() {
        StorageHealth health = client.health();
        long partSize = settings.partSize();
        int budget = settings.uploadBufferBudget();
        return new StorageStatus(settings.location(), health.lastAnswer(), health.lastFailure(), openWriters.get(),
                (budget - partBudget.availablePermits()) * partSize, budget * partSize);
    }

    @Override
    public void check() throws StorageException {
        try {
            client.call(CosApi.HEAD_BUCKET, "check the bucket", null,
                    cos -> cos.headBucket(new HeadBucketRequest(settings.bucket())));
        } catch (ObjectNotFoundException e) {
            // a HEAD's 404 carries no error code to tell the bucket's absence by
            throw new StorageConfigurationException("the bucket of " + settings
                    + " does not exist; check bucket, region and endpoint", null);
        }
    }

    @Override
    public long maxObjectSize() {
        return settings.maxObjectSize();
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws StorageException {
        try {
            ObjectMetadata metadata = client.head(key);
            return Optional.of(info(key, metadata));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    static ObjectInfo info(String key, ObjectMetadata metadata) {
        return new ObjectInfo(key, metadata.getContentLength(),
                metadata.getLastModified() == null ? null : metadata.getLastModified().toInstant(),
                Etags.unquoted(metadata.getETag()), metadata.getUserMetadata());
    }

    @Override
    public Listing list(String prefix, boolean recursive) {
        try {
            return listing(prefix, recursive);
        } catch (StorageException e) {
            return PagedListing.failed(e);
        }
    }

    /** A listing with a lease of its own, taken now: it fails here, not later, if this storage is closed. */
    Listing listing(String prefix, boolean recursive) throws StorageException {
        return new PagedListing(client, client.lease(), prefix, recursive ? null : "/");
    }

    @Override
    public StorageHold hold() throws StorageException {
        LeasedClient.Lease lease = client.lease();
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

    @Override
    public boolean anyKeyStartsWith(String prefix) throws StorageException {
        var request = new ListObjectsRequest(settings.bucket(), prefix, null, null, 1);
        return !client.call(CosApi.LIST_OBJECTS, "list", prefix, cos -> cos.listObjects(request)).getObjectSummaries()
                .isEmpty();
    }

    @Override
    public InputStream read(String key, long offset) throws StorageException {
        LeasedClient.Lease lease = client.lease();
        try {
            return new ResumingInputStream(client, lease, key, offset);
        } catch (StorageException | RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    @Override
    public ObjectWriter write(String key, Map<String, String> metadata) throws StorageException {
        return newWriter(key, metadata, null);
    }

    /** A writer with a lease of its own; none is kept if the writer cannot be built. */
    private CosObjectWriter newWriter(String key, Map<String, String> metadata, ObjectMetadata headers)
            throws StorageException {
        LeasedClient.Lease lease = client.lease(openWriters::decrementAndGet);
        openWriters.incrementAndGet();
        try {
            return new CosObjectWriter(client, lease, journal, partBudget, key, metadata, headers);
        } catch (RuntimeException | Error e) {
            lease.close();
            throw e;
        }
    }

    @Override
    public ObjectWriter append(String key, long expectedSize) throws StorageException {
        return client.leased(() -> startAppend(key, expectedSize));
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
            throw writer.abandon("append to '" + key + "'", e);
        }
    }

    @Override
    public void copy(String sourceKey, String targetKey) throws StorageException {
        client.leased(() -> {
            copies.copyLatest(sourceKey, targetKey);
            return null;
        });
    }

    @Override
    public boolean copyIfUnchanged(String sourceKey, String etag, String targetKey) throws StorageException {
        return client.leased(() -> copies.copyVersion(sourceKey, etag, targetKey));
    }

    @Override
    public void setMetadata(String key, Map<String, String> metadata) throws StorageException {
        client.leased(() -> {
            copies.replaceMetadata(key, metadata);
            return null;
        });
    }

    @Override
    public void delete(String key) throws StorageException {
        client.call(CosApi.DELETE_OBJECT, "delete", key, cos -> {
            cos.deleteObject(settings.bucket(), key);
            return null;
        });
    }

    @Override
    public boolean deleteIfUnchanged(String key, String etag) throws StorageException {
        return client.leased(() -> KeyLocks.SHARED.holding(settings.bucket(), key, () -> {
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
        client.leased(() -> {
            BatchDeletes.delete(client, keys);
            return null;
        });
    }

    /** Stops taking work; closes the client once the work in flight has ended. */
    void retire() {
        client.retire();
    }
}
