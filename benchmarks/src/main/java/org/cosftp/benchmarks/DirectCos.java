package org.cosftp.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.ClientConfig;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.endpoint.EndpointBuilder;
import com.qcloud.cos.endpoint.EndpointResolver;
import com.qcloud.cos.http.HttpProtocol;
import com.qcloud.cos.model.CompleteMultipartUploadRequest;
import com.qcloud.cos.model.DeleteObjectsRequest;
import com.qcloud.cos.model.GetObjectRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.ListObjectsRequest;
import com.qcloud.cos.model.ObjectListing;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PartETag;
import com.qcloud.cos.model.UploadPartRequest;
import com.qcloud.cos.region.Region;

/**
 * The COS SDK used directly against the same store, each operation its best way: large objects in parts
 * uploaded in parallel (as TransferManager does for files), listings paged 1,000 keys at a time.
 */
final class DirectCos implements AutoCloseable {
    private final COSClient cos;
    private final String bucket;

    DirectCos(String endpoint, String bucket) {
        var config = new ClientConfig(new Region("ap-guangzhou"));
        config.setHttpProtocol(HttpProtocol.http);
        config.setMaxConnectionsCount(1024);
        var loopback = new Loopback(endpoint);
        config.setEndpointBuilder(loopback);
        config.setEndpointResolver(loopback);
        this.cos = new COSClient(new BasicCOSCredentials("local", "local"), config);
        this.bucket = bucket;
    }

    /** Addresses {@code <bucket>.localhost:<port>} on 127.0.0.1 (every *.localhost name is loopback). */
    private record Loopback(String endpoint) implements EndpointBuilder, EndpointResolver {
        @Override
        public String buildGeneralApiEndpoint(String bucketName) {
            return bucketName + "." + endpoint;
        }

        @Override
        public String buildGetServiceApiEndpoint() {
            return endpoint;
        }

        @Override
        public String resolveGeneralApiEndpoint(String generalApiEndpoint) {
            return "127.0.0.1" + endpoint.substring(endpoint.indexOf(':'));
        }

        @Override
        public String resolveGetServiceApiEndpoint(String getServiceApiEndpoint) {
            return resolveGeneralApiEndpoint(getServiceApiEndpoint);
        }
    }

    /** What a large upload took: in all, and from the last byte read from the source to the committed object. */
    record UploadTimes(double seconds, double lastByteToCommitSeconds) {
    }

    /**
     * Uploads {@code size} bytes from {@code source} as parts of {@code partSize} on {@code threads} threads,
     * with {@code threads + 1} part buffers: the same pipeline and memory the gateway's settings give it.
     */
    UploadTimes uploadInParts(String key, InputStream source, long size, int partSize, int threads)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        String uploadId = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(bucket, key, new ObjectMetadata()))
                .getUploadId();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(threads + 1);
        for (int i = 0; i <= threads; i++) {
            free.add(new byte[partSize]);
        }
        var parts = new ArrayList<Future<PartETag>>();
        long lastByte;
        try {
            long remaining = size;
            int number = 1;
            while (remaining > 0) {
                byte[] buffer = free.take();
                int length = (int) Math.min(partSize, remaining);
                source.readNBytes(buffer, 0, length);
                remaining -= length;
                int partNumber = number++;
                parts.add(pool.submit(() -> {
                    try {
                        return cos.uploadPart(new UploadPartRequest().withBucketName(bucket).withKey(key)
                                .withUploadId(uploadId).withPartNumber(partNumber).withPartSize(length)
                                .withInputStream(new ByteArrayInputStream(buffer, 0, length))).getPartETag();
                    } finally {
                        free.add(buffer);
                    }
                }));
            }
            lastByte = System.nanoTime();
            var etags = new ArrayList<PartETag>();
            for (Future<PartETag> part : parts) {
                etags.add(part.get());
            }
            etags.sort(Comparator.comparingInt(PartETag::getPartNumber));
            cos.completeMultipartUpload(new CompleteMultipartUploadRequest(bucket, key, uploadId, etags));
        } catch (ExecutionException e) {
            throw new IOException("part upload failed", e.getCause());
        } finally {
            pool.shutdown();
        }
        long end = System.nanoTime();
        return new UploadTimes((end - start) / 1e9, (end - lastByte) / 1e9);
    }

    /** Reads an object to its end and returns its length. */
    long download(String key) throws IOException {
        try (InputStream in = cos.getObject(new GetObjectRequest(bucket, key)).getObjectContent()) {
            return Transfers.drain(in);
        }
    }

    /** The time from sending the request to the first byte of the object's content, in seconds. */
    double firstByte(String key) throws IOException {
        long start = System.nanoTime();
        try (InputStream in = cos.getObject(new GetObjectRequest(bucket, key)).getObjectContent()) {
            if (in.read() < 0) {
                throw new IOException(key + " is empty");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Transfers.drain(in);
            return seconds;
        }
    }

    void put(String key, byte[] data) {
        var metadata = new ObjectMetadata();
        metadata.setContentLength(data.length);
        cos.putObject(bucket, key, new ByteArrayInputStream(data), metadata);
    }

    /**
     * Stores a small object as the gateway stores a new file: first a one-key listing under {@code key/}, which
     * tells whether the name is a directory, then the PUT.
     */
    void putUnlessDirectory(String key, byte[] data) {
        if (!cos.listObjects(new ListObjectsRequest(bucket, key + "/", null, null, 1)).getObjectSummaries().isEmpty()) {
            throw new IllegalStateException(key + " is a directory");
        }
        put(key, data);
    }

    /** Lists a directory as the gateway does (one level, paged by 1,000) and returns the number of entries. */
    int list(String prefix) {
        return list(prefix, file -> { });
    }

    /**
     * Lists a directory as the gateway's first listing of it does: the paged listing, and the metadata of each
     * file (where a time set with MFMT would be) on {@code threads} threads at once. Returns the number of entries.
     */
    int listWithMetadata(String prefix, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var lookups = new ArrayList<Future<ObjectMetadata>>();
            int entries = list(prefix, file -> lookups.add(pool.submit(() -> cos.getObjectMetadata(bucket, file))));
            for (Future<ObjectMetadata> lookup : lookups) {
                lookup.get();
            }
            return entries;
        } finally {
            pool.shutdownNow();
        }
    }

    private int list(String prefix, Consumer<String> eachFile) {
        var request = new ListObjectsRequest().withBucketName(bucket).withPrefix(prefix).withDelimiter("/")
                .withMaxKeys(1000);
        int entries = 0;
        ObjectListing page;
        do {
            page = cos.listObjects(request);
            entries += page.getObjectSummaries().size() + page.getCommonPrefixes().size();
            page.getObjectSummaries().forEach(summary -> eachFile.accept(summary.getKey()));
            request.setMarker(page.getNextMarker());
        } while (page.isTruncated());
        return entries;
    }

    /** Removes every object under {@code prefix}, so that the next measurement starts on a clean store. */
    void deleteAll(String prefix) {
        var request = new ListObjectsRequest().withBucketName(bucket).withPrefix(prefix).withMaxKeys(1000);
        ObjectListing page;
        do {
            page = cos.listObjects(request);
            List<DeleteObjectsRequest.KeyVersion> keys = page.getObjectSummaries().stream()
                    .map(summary -> new DeleteObjectsRequest.KeyVersion(summary.getKey())).toList();
            if (!keys.isEmpty()) {
                cos.deleteObjects(new DeleteObjectsRequest(bucket).withKeys(keys));
            }
            request.setMarker(page.getNextMarker());
        } while (page.isTruncated());
    }

    @Override
    public void close() {
        cos.shutdown();
    }
}
