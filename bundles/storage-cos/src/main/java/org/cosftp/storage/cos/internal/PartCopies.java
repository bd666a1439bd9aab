package org.cosftp.storage.cos.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import com.qcloud.cos.model.CopyPartRequest;
import com.qcloud.cos.model.CopyPartResult;
import com.qcloud.cos.model.PartETag;
import org.cosftp.storage.ObjectInfo;
import org.cosftp.storage.StorageException;

/**
 * Copies an object inside the bucket as the first parts of a multipart upload, up to {@code uploadThreads}
 * parts at once on the storage's transfer threads: a large append, or a copy above the multipart copy threshold.
 * Each part holds while the source keeps the entity tag it was looked at with.
 */
final class PartCopies {
    /** COS copies at most this much in one part. */
    private static final long MAX_COPY_PART = 5L * 1024 * 1024 * 1024;

    private final LeasedClient client;

    PartCopies(LeasedClient client) {
        this.client = client;
    }

    /**
     * Copies {@code source} into the multipart upload {@code uploadId} of {@code targetKey} as parts 1..n,
     * in parallel; returns their tags in part order.
     */
    List<PartETag> copy(ObjectInfo source, String targetKey, String uploadId) throws StorageException {
        StorageSettings settings = client.settings();
        // Equal parts of at least one part size each: when more parts follow (an append), none of these may be
        // below the store's minimum part size, the last one included.
        long smallest = Math.max(settings.partSize(), ceilDiv(source.size(), StorageSettings.MAX_PARTS));
        long count = Math.max(Math.max(1, source.size() / smallest), ceilDiv(source.size(), MAX_COPY_PART));
        long partSize = ceilDiv(source.size(), count);
        var tasks = new ArrayList<Callable<PartETag>>();
        int number = 1;
        for (long first = 0; first < source.size(); first += partSize, number++) {
            var request = new CopyPartRequest();
            request.setSourceBucketName(settings.bucket());
            request.setSourceKey(source.key());
            request.setDestinationBucketName(settings.bucket());
            request.setDestinationKey(targetKey);
            request.setUploadId(uploadId);
            request.setPartNumber(number);
            request.setFirstByte(first);
            request.setLastByte(Math.min(source.size(), first + partSize) - 1);
            if (source.etag() != null) {
                request.setMatchingETagConstraints(new ArrayList<>(List.of(Etags.quoted(source.etag()))));
            }
            tasks.add(() -> {
                long bytes = request.getLastByte() - request.getFirstByte() + 1;
                CopyPartResult copied = client.call(CosApi.UPLOAD_PART_COPY, "copy part of", source.key(),
                        RequestDeadline.copyingMillis(bytes), cos -> cos.copyPart(request));
                if (copied == null) {
                    // the SDK answers a failed entity tag condition with null
                    throw new ObjectChangedException(client.errors().clean("'" + source.key() + "' on " + settings
                            + " was replaced while being copied"));
                }
                return copied.getPartETag();
            });
        }
        return runInParallel(tasks);
    }

    private <T> List<T> runInParallel(List<Callable<T>> tasks) throws StorageException {
        StorageSettings settings = client.settings();
        var slots = new Semaphore(settings.uploadThreads());
        var futures = new ArrayList<Future<T>>();
        try {
            for (Callable<T> task : tasks) {
                slots.acquire();
                futures.add(client.submit(() -> {
                    try {
                        return task.call();
                    } finally {
                        slots.release();
                    }
                }));
            }
            var results = new ArrayList<T>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(false));
            throw new StorageException("interrupted while copying on " + settings);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(false));
            throw e.getCause() instanceof StorageException se ? se
                    : new StorageException(client.errors().clean("copy failed on " + settings + ": " + e.getCause()));
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
