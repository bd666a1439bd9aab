package org.cosftp.storage.cos.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

import com.qcloud.cos.model.AbortMultipartUploadRequest;
import com.qcloud.cos.model.CompleteMultipartUploadRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PartETag;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.model.UploadPartRequest;
import org.cosftp.storage.ObjectInfo;
import org.cosftp.storage.ObjectNotFoundException;
import org.cosftp.storage.ObjectTooLargeException;
import org.cosftp.storage.ObjectWriter;
import org.cosftp.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one object to COS. Below one part it is a single PUT at close; from the second part on it is a
 * multipart upload whose parts go out in parallel while the next one fills. Nothing becomes visible before
 * {@link #commit()}; a close without it, and any failure, aborts the multipart upload.
 *
 * <p>Memory is bounded whatever the size of the file and however many uploads run. The first buffer starts
 * small and grows up to 1 MiB on its own; beyond that the writer works in full part buffers, which
 * {@link PartBuffers} counts against the budget its storage shares among all its writers.
 *
 * <p>Its length is the upload protocol (one PUT or a multipart upload) and the states a writer goes through,
 * which share its fields; the part buffers and part copies are classes of their own.
 */
final class CosObjectWriter extends ObjectWriter {
    private static final Logger LOG = LoggerFactory.getLogger(CosObjectWriter.class);
    /** The first buffer starts small and grows, so that small files do not cost a whole part of memory. */
    private static final int FIRST_BUFFER = 64 * 1024;
    /**
     * How far the first buffer grows outside the budget, so that small files never wait for it. Parts are at
     * least 5 MiB, so a buffer of a whole part size is always one taken from the budget.
     */
    private static final int SMALL_BUFFER_LIMIT = 1024 * 1024;

    private enum State { OPEN, CLOSED, ABORTED }

    private final LeasedClient client;
    /** Taken for the upload by the storage, closed once it is stored or discarded. */
    private final LeasedClient.Lease lease;
    private final StorageSettings settings;
    private final UploadJournal journal;
    private final String key;
    private final Map<String, String> metadata;
    /** The headers the object gets besides its user metadata, such as Content-Type; null for the store's own. */
    private final ObjectMetadata headers;
    private final int partSize;
    private final long maxSize;
    private final PartBuffers partBuffers;
    private final List<PartETag> parts = Collections.synchronizedList(new ArrayList<>());
    private final List<Future<?>> partUploads = new ArrayList<>();
    private byte[] buffer;
    private int filled;
    private long objectSize;
    private long written;
    private String uploadId;
    /** COS's id of the request that made the object visible, once committed. */
    private volatile String requestId;
    /** The journal's record of the multipart upload, from its start until it is completed or aborted. */
    private UploadJournal.Entry recorded;
    private int nextPart = 1;
    private volatile StorageException partFailure;
    /** Why the writer aborted itself; repeated to whoever writes on, so that the first cause is not lost. */
    private StorageException failure;
    private volatile State state = State.OPEN;

    /**
     * Takes over a lease on {@code client}, given back when the writer commits or aborts; if the constructor
     * fails, the lease stays the caller's. A multipart upload is recorded in {@code journal} while it is open;
     * full part buffers are counted against {@code partBudget}, shared by the writers of one storage.
     */
    CosObjectWriter(LeasedClient client, LeasedClient.Lease lease, UploadJournal journal, Semaphore partBudget,
            String key, Map<String, String> metadata, ObjectMetadata headers) {
        this.client = client;
        this.lease = lease;
        this.settings = client.settings();
        this.journal = journal;
        this.key = key;
        this.metadata = Map.copyOf(metadata);
        this.headers = headers;
        this.partSize = Math.toIntExact(settings.partSize());
        this.maxSize = settings.maxObjectSize();
        this.partBuffers = new PartBuffers(key, partSize, settings.uploadThreads() + 1, partBudget,
                () -> state.name().toLowerCase(Locale.ROOT));
        this.buffer = new byte[Math.min(FIRST_BUFFER, partSize)];
    }

    /** Makes the existing object the first parts of this upload, copied inside COS. */
    void startWithCopyOf(ObjectInfo existing) throws StorageException {
        startMultipart();
        List<PartETag> copied = new PartCopies(client).copy(existing, key, uploadId);
        parts.addAll(copied);
        nextPart = copied.size() + 1;
        objectSize = existing.size();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ensureOpen();
        if (objectSize + length > maxSize) {
            failure = new ObjectTooLargeException("upload of '" + key + "' exceeds the largest file accepted by "
                    + settings + " (" + settings.maxFileSizeGiB() + " GiB); discarded");
            abort();
            throw failure;
        }
        try {
            while (length > 0) {
                if (filled == buffer.length) {
                    makeRoom(filled + length);
                }
                int n = Math.min(length, buffer.length - filled);
                System.arraycopy(bytes, offset, buffer, filled, n);
                filled += n;
                offset += n;
                length -= n;
                objectSize += n;
                written += n;
            }
        } catch (StorageException e) {
            failure = e;
            abort();
            throw e;
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
    }

    /** Makes room in a full buffer for {@code needed} bytes in all, or as many as a part holds. */
    private void makeRoom(int needed) throws StorageException {
        if (buffer.length == partSize) {
            sendPart();
            buffer = partBuffers.take();
        } else if (needed <= SMALL_BUFFER_LIMIT) {
            byte[] larger = new byte[Math.min(SMALL_BUFFER_LIMIT, Math.max(buffer.length * 2, needed))];
            System.arraycopy(buffer, 0, larger, 0, filled);
            buffer = larger;
        } else {
            byte[] part = partBuffers.take();
            System.arraycopy(buffer, 0, part, 0, filled);
            buffer = part;
        }
    }

    private void ensureOpen() throws StorageException {
        if (failure != null) {
            throw failure;
        }
        if (state != State.OPEN) {
            throw new StorageException("upload of '" + key + "' is already " + state.name().toLowerCase());
        }
        StorageException partFailed = partFailure;
        if (partFailed != null) {
            failure = partFailed;
            abort();
            throw partFailed;
        }
    }

    private void startMultipart() throws StorageException {
        var request = new InitiateMultipartUploadRequest(settings.bucket(), key, objectMetadata());
        uploadId = client.call(CosApi.INITIATE_MULTIPART_UPLOAD, "start upload of", key,
                cos -> cos.initiateMultipartUpload(request)).getUploadId();
        recorded = journal.opened(settings, key, uploadId);
    }

    private ObjectMetadata objectMetadata() {
        var objectMetadata = headers == null ? new ObjectMetadata() : headers.clone();
        objectMetadata.setUserMetadata(metadata);
        return objectMetadata;
    }

    /** Hands the buffer to a transfer thread; the caller takes another if more is to come. */
    private void sendPart() throws StorageException {
        if (uploadId == null) {
            startMultipart();
        }
        byte[] part = buffer;
        int length = filled;
        int number = nextPart++;
        buffer = null;
        filled = 0;
        partBuffers.sending();
        try {
            partUploads.add(client.submit(() -> uploadPart(number, part, length)));
        } catch (RuntimeException e) {
            partBuffers.sent(part);
            throw e;
        }
    }

    private void uploadPart(int number, byte[] part, int length) {
        try {
            if (state == State.ABORTED) {
                return;
            }
            var request = new UploadPartRequest().withBucketName(settings.bucket()).withKey(key)
                    .withUploadId(uploadId).withPartNumber(number).withPartSize(length)
                    .withInputStream(new ByteArrayInputStream(part, 0, length));
            parts.add(client.call(CosApi.UPLOAD_PART, "upload part " + number + " of", key,
                    RequestDeadline.sendingMillis(length), cos -> cos.uploadPart(request)).getPartETag());
        } catch (StorageException e) {
            partFailure = e;
        } finally {
            partBuffers.sent(part);
        }
    }

    @Override
    public long bytesWritten() {
        return written;
    }

    @Override
    public String storeRequestId() {
        return requestId == null ? "" : requestId;
    }

    @Override
    public boolean commitIf(BooleanSupplier proceed) throws IOException {
        if (state != State.OPEN) {
            throw new StorageException("upload of '" + key + "' is already " + state.name().toLowerCase());
        }
        try {
            ensureOpen();
            if (uploadId == null) {
                if (!proceed.getAsBoolean()) {
                    abort();
                    return false;
                }
                putWhole();
            } else if (!completeMultipart(proceed)) {
                abort();
                return false;
            }
            state = State.CLOSED;
            partBuffers.end();
            lease.close();
            return true;
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    private void putWhole() throws StorageException {
        var objectMetadata = objectMetadata();
        objectMetadata.setContentLength(filled);
        var request = new PutObjectRequest(settings.bucket(), key,
                new ByteArrayInputStream(buffer, 0, filled), objectMetadata);
        requestId = client.callHoldingKey(CosApi.PUT_OBJECT, "upload", key, key,
                RequestDeadline.sendingMillis(filled), cos -> cos.putObject(request)).getRequestId();
    }

    /** Stores the last parts and completes the upload, unless {@code proceed} says no once they are stored. */
    private boolean completeMultipart(BooleanSupplier proceed) throws StorageException {
        if (filled > 0 || nextPart == 1) {
            sendPart();
        }
        awaitPartUploads();
        StorageException partFailed = partFailure;
        if (partFailed != null) {
            throw partFailed;
        }
        if (!proceed.getAsBoolean()) {
            return false;
        }
        var sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingInt(PartETag::getPartNumber));
        var request = new CompleteMultipartUploadRequest(settings.bucket(), key, uploadId, sorted);
        // COS may take a while to assemble many parts: a few seconds per 1,000 parts at most
        requestId = client.callHoldingKey(CosApi.COMPLETE_MULTIPART_UPLOAD, "complete upload of", key, key,
                sorted.size() * 5L, cos -> cos.completeMultipartUpload(request)).getRequestId();
        journal.ended(recorded);
        return true;
    }

    private void awaitPartUploads() throws StorageException {
        for (Future<?> upload : partUploads) {
            try {
                upload.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("upload of '" + key + "' was interrupted");
            } catch (ExecutionException e) {
                throw new StorageException("upload of '" + key + "' failed: " + e.getCause());
            }
        }
    }

    private void abortMultipart() {
        var request = new AbortMultipartUploadRequest(settings.bucket(), key, uploadId);
        try {
            client.call(CosApi.ABORT_MULTIPART_UPLOAD, "abort upload of", key, cos -> {
                cos.abortMultipartUpload(request);
                return null;
            });
        } catch (ObjectNotFoundException gone) {
            // NoSuchUpload: it is gone already (a completion whose answer was lost did store it)
        } catch (StorageException e) {
            // left recorded, no longer running: tried again soon, and by a pass once it is stale
            journal.released(recorded);
            LOG.warn("could not abort the multipart upload {} of '{}'; cos-ftp tries again for a few minutes, and "
                    + "once it is {} s old: {}", uploadId, key, settings.staleUploadSeconds(),
                    e.getMessage());
            AbortRetries.abortLater(client, journal, key, uploadId, recorded);
            return;
        }
        journal.ended(recorded);
    }

    /** Aborts this writer, which could not be set up, and says why as a storage exception. */
    StorageException abandon(String what, Exception cause) {
        abort();
        return cause instanceof StorageException se ? se
                : new StorageException(client.errors().clean("cannot " + what + " on " + settings + ": " + cause));
    }

    @Override
    public void abort() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        // An interrupt is often why the writer aborts (a client's ABOR interrupts an upload waiting for buffers);
        // it must not also stop the abort's own requests, or the multipart upload would stay open. It is kept
        // for the caller.
        boolean interrupted = Thread.interrupted();
        try {
            // every part upload must have ended before the upload is aborted, or a late part would outlive it;
            // those not yet started see the state and skip
            for (Future<?> upload : partUploads) {
                try {
                    upload.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                } catch (ExecutionException e) {
                    // it failed: it no longer writes to the upload either
                }
            }
            if (uploadId != null) {
                abortMultipart();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            buffer = null;
            partBuffers.dropFree();
            partBuffers.end();
            lease.close();
        }
    }
}
