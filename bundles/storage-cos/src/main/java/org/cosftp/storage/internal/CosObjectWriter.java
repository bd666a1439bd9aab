package org.cosftp.storage.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import com.qcloud.cos.model.AbortMultipartUploadRequest;
import com.qcloud.cos.model.CompleteMultipartUploadRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PartETag;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.model.UploadPartRequest;
import org.cosftp.storage.ObjectInfo;
import org.cosftp.storage.ObjectTooLargeException;
import org.cosftp.storage.ObjectWriter;
import org.cosftp.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one object to COS. Below one part it is a single PUT at close; from the second part on it is a
 * multipart upload whose parts go out in parallel while the next one fills. Part buffers come from a pool of
 * {@code uploadThreads + 1}, so memory is bounded by the configuration whatever the size of the file; a
 * writer that finds no free buffer waits for a part upload to finish. Nothing becomes visible before a
 * clean {@link #close()}; any failure aborts the multipart upload.
 */
final class CosObjectWriter extends ObjectWriter {
    private static final Logger LOG = LoggerFactory.getLogger(CosObjectWriter.class);
    /** The first buffer starts small and grows, so that small files do not cost a whole part of memory. */
    private static final int FIRST_BUFFER = 64 * 1024;

    private enum State { OPEN, CLOSED, ABORTED }

    private final CosObjectStorage storage;
    private final String key;
    private final Map<String, String> metadata;
    private final int partSize;
    private final long maxSize;
    private final int maxBuffers;
    private final BlockingQueue<byte[]> freeBuffers;
    private final List<PartETag> parts = Collections.synchronizedList(new ArrayList<>());
    private final List<Future<?>> partUploads = new ArrayList<>();
    private int allocatedBuffers = 1;
    private byte[] buffer;
    private int filled;
    private long objectSize;
    private long written;
    private String uploadId;
    private int nextPart = 1;
    private volatile StorageException partFailure;
    /** Why the writer aborted itself; repeated to whoever writes on, so that the first cause is not lost. */
    private StorageException failure;
    private volatile State state = State.OPEN;

    /** Takes over a lease on {@code storage}, given back when the writer closes or aborts. */
    CosObjectWriter(CosObjectStorage storage, String key, Map<String, String> metadata) {
        this.storage = storage;
        this.key = key;
        this.metadata = Map.copyOf(metadata);
        this.partSize = Math.toIntExact(storage.settings().partSize());
        this.maxSize = storage.settings().maxObjectSize();
        this.maxBuffers = storage.settings().uploadThreads() + 1;
        this.freeBuffers = new ArrayBlockingQueue<>(maxBuffers);
        this.buffer = new byte[Math.min(FIRST_BUFFER, partSize)];
    }

    /** Makes the existing object the first parts of this upload, copied inside COS. */
    void startWithCopyOf(ObjectInfo existing) throws StorageException {
        startMultipart();
        List<PartETag> copied = storage.copyParts(existing, key, uploadId);
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
                    + storage.settings() + " (" + storage.settings().maxFileSizeGiB() + " GiB); discarded");
            abort();
            throw failure;
        }
        try {
            while (length > 0) {
                if (filled == partSize) {
                    sendPart();
                }
                if (filled == buffer.length) {
                    grow(filled + length);
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

    private void grow(int needed) {
        int capacity = (int) Math.min(partSize, Math.max((long) buffer.length * 2, needed));
        byte[] larger = new byte[capacity];
        System.arraycopy(buffer, 0, larger, 0, filled);
        buffer = larger;
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
        var request = new InitiateMultipartUploadRequest(storage.settings().bucket(), key, objectMetadata());
        uploadId = storage.call("start upload of", key, () -> storage.cos().initiateMultipartUpload(request))
                .getUploadId();
    }

    private ObjectMetadata objectMetadata() {
        var objectMetadata = new ObjectMetadata();
        objectMetadata.setUserMetadata(metadata);
        return objectMetadata;
    }

    /** Hands the full buffer to a transfer thread and continues in a free one. */
    private void sendPart() throws StorageException {
        if (uploadId == null) {
            startMultipart();
        }
        byte[] part = buffer;
        int length = filled;
        int number = nextPart++;
        partUploads.add(storage.transfers().submit(() -> uploadPart(number, part, length)));
        buffer = takeBuffer();
        filled = 0;
    }

    private void uploadPart(int number, byte[] part, int length) {
        try {
            if (state == State.ABORTED) {
                return;
            }
            var request = new UploadPartRequest().withBucketName(storage.settings().bucket()).withKey(key)
                    .withUploadId(uploadId).withPartNumber(number).withPartSize(length)
                    .withInputStream(new ByteArrayInputStream(part, 0, length));
            parts.add(storage.call("upload part " + number + " of", key,
                    () -> storage.cos().uploadPart(request)).getPartETag());
        } catch (StorageException e) {
            partFailure = e;
        } finally {
            if (part.length == partSize) {
                freeBuffers.offer(part);
            } else {
                allocatedBuffersReleased();
            }
        }
    }

    private synchronized void allocatedBuffersReleased() {
        allocatedBuffers--;
    }

    private byte[] takeBuffer() throws StorageException {
        byte[] free = freeBuffers.poll();
        if (free != null) {
            return free;
        }
        synchronized (this) {
            if (allocatedBuffers < maxBuffers) {
                allocatedBuffers++;
                return new byte[partSize];
            }
        }
        try {
            return freeBuffers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("upload of '" + key + "' was interrupted");
        }
    }

    @Override
    public long bytesWritten() {
        return written;
    }

    @Override
    public void close() throws IOException {
        if (state != State.OPEN) {
            return;
        }
        try {
            ensureOpen();
            if (uploadId == null) {
                putWhole();
            } else {
                completeMultipart();
            }
            state = State.CLOSED;
            storage.release();
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    private void putWhole() throws StorageException {
        var objectMetadata = objectMetadata();
        objectMetadata.setContentLength(filled);
        var request = new PutObjectRequest(storage.settings().bucket(), key,
                new ByteArrayInputStream(buffer, 0, filled), objectMetadata);
        storage.call("upload", key, () -> storage.cos().putObject(request));
    }

    private void completeMultipart() throws StorageException {
        if (filled > 0 || nextPart == 1) {
            sendPart();
        }
        awaitPartUploads();
        StorageException partFailed = partFailure;
        if (partFailed != null) {
            throw partFailed;
        }
        var sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingInt(PartETag::getPartNumber));
        var request = new CompleteMultipartUploadRequest(storage.settings().bucket(), key, uploadId, sorted);
        storage.call("complete upload of", key, () -> storage.cos().completeMultipartUpload(request));
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

    @Override
    public void abort() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        try {
            // every part upload must have ended before the upload is aborted, or a late part would outlive it;
            // those not yet started see the state and skip
            for (Future<?> upload : partUploads) {
                try {
                    upload.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException e) {
                    // it failed: it no longer writes to the upload either
                }
            }
            if (uploadId != null) {
                var request = new AbortMultipartUploadRequest(storage.settings().bucket(), key, uploadId);
                storage.call("abort upload of", key, () -> {
                    storage.cos().abortMultipartUpload(request);
                    return null;
                });
            }
        } catch (StorageException e) {
            LOG.warn("could not abort the multipart upload {} of '{}'; COS keeps its parts until a lifecycle rule "
                    + "removes them: {}", uploadId, key, e.getMessage());
        } finally {
            buffer = null;
            freeBuffers.clear();
            storage.release();
        }
    }
}
