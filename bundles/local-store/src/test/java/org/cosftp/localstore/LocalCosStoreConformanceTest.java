package org.cosftp.localstore;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.ClientConfig;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.endpoint.EndpointBuilder;
import com.qcloud.cos.endpoint.EndpointResolver;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.http.HttpProtocol;
import com.qcloud.cos.model.AbortMultipartUploadRequest;
import com.qcloud.cos.model.COSObject;
import com.qcloud.cos.model.CompleteMultipartUploadRequest;
import com.qcloud.cos.model.CopyObjectRequest;
import com.qcloud.cos.model.CopyPartRequest;
import com.qcloud.cos.model.DeleteObjectsRequest;
import com.qcloud.cos.model.GetObjectRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.ListMultipartUploadsRequest;
import com.qcloud.cos.model.ListObjectsRequest;
import com.qcloud.cos.model.ListPartsRequest;
import com.qcloud.cos.model.ObjectListing;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PartETag;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.model.UploadPartRequest;
import com.qcloud.cos.region.Region;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Drives the local store with the real COS SDK through every call the storage bundle makes. */
public class LocalCosStoreConformanceTest {
    private static final String BUCKET = "conformance-1250000000";
    private static final int PART = 5 * 1024 * 1024;

    @ClassRule
    public static final TemporaryFolder DATA = new TemporaryFolder();

    private static LocalCosStore store;
    private static COSClient cos;

    @BeforeClass
    public static void startStore() throws IOException {
        store = LocalCosStore.builder().dataDirectory(DATA.newFolder().toPath()).bucket(BUCKET).start();
        cos = client(store);
    }

    @AfterClass
    public static void stopStore() {
        if (cos != null) {
            cos.shutdown();
        }
        if (store != null) {
            store.close();
        }
    }

    @After
    public void clearFaults() {
        store.faults().clear();
    }

    static COSClient client(LocalCosStore store) {
        var config = new ClientConfig(new Region("ap-guangzhou"));
        config.setHttpProtocol(HttpProtocol.http);
        config.setEndpointBuilder(new EndpointBuilder() {
            @Override
            public String buildGeneralApiEndpoint(String bucketName) {
                return bucketName + "." + store.virtualHost();
            }

            @Override
            public String buildGetServiceApiEndpoint() {
                return store.virtualHost();
            }
        });
        String address = store.host() + ":" + store.port();
        config.setEndpointResolver(new EndpointResolver() {
            @Override
            public String resolveGeneralApiEndpoint(String endpoint) {
                return address;
            }

            @Override
            public String resolveGetServiceApiEndpoint(String endpoint) {
                return address;
            }
        });
        return new COSClient(new BasicCOSCredentials("AKIDlocal", "local-secret"), config);
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static void put(String key, byte[] data) {
        var metadata = new ObjectMetadata();
        metadata.setContentLength(data.length);
        cos.putObject(BUCKET, key, new ByteArrayInputStream(data), metadata);
    }

    private static byte[] get(String key) throws IOException {
        try (COSObject object = cos.getObject(BUCKET, key); InputStream in = object.getObjectContent()) {
            return in.readAllBytes();
        }
    }

    @Test
    public void putWithKnownLengthAndUserMetadataRoundTrips() throws IOException {
        byte[] data = bytes(100_000, 1);
        var metadata = new ObjectMetadata();
        metadata.setContentLength(data.length);
        metadata.setUserMetadata(Map.of("mtime", "20260101120000"));
        cos.putObject(BUCKET, "known/length.bin", new ByteArrayInputStream(data), metadata);

        assertArrayEquals(data, get("known/length.bin"));
        ObjectMetadata head = cos.getObjectMetadata(BUCKET, "known/length.bin");
        assertThat(head.getContentLength(), is((long) data.length));
        assertThat(head.getUserMetadata().get("mtime"), is("20260101120000"));
        assertThat(head.getLastModified().getTime(), greaterThanOrEqualTo(System.currentTimeMillis() - 600_000));
    }

    @Test
    public void putWithUnknownLengthIsStoredWhole() throws IOException {
        byte[] data = bytes(300_000, 2);
        cos.putObject(new PutObjectRequest(BUCKET, "unknown/length.bin", new ByteArrayInputStream(data),
                new ObjectMetadata()));
        assertArrayEquals(data, get("unknown/length.bin"));
    }

    @Test
    public void emptyObjectsExist() throws IOException {
        put("empty/zero.bin", new byte[0]);
        assertThat(get("empty/zero.bin").length, is(0));
        assertThat(cos.getObjectMetadata(BUCKET, "empty/zero.bin").getContentLength(), is(0L));
    }

    @Test
    public void rangedGetReturnsTheRange() throws IOException {
        byte[] data = bytes(10_000, 3);
        put("range/object.bin", data);
        var request = new GetObjectRequest(BUCKET, "range/object.bin");
        request.setRange(1000, 1999);
        try (COSObject object = cos.getObject(request); InputStream in = object.getObjectContent()) {
            byte[] expected = new byte[1000];
            System.arraycopy(data, 1000, expected, 0, 1000);
            assertArrayEquals(expected, in.readAllBytes());
        }
    }

    @Test
    public void headOfAMissingKeyIsNotFound() {
        var e = assertThrows(CosServiceException.class, () -> cos.getObjectMetadata(BUCKET, "missing/key"));
        assertThat(e.getStatusCode(), is(404));
    }

    @Test
    public void listingPagesThroughAllKeysWithPrefixDelimiterAndMarker() {
        var expectedKeys = new TreeSet<String>();
        for (int i = 0; i < 2_500; i++) {
            String key = String.format("paged/f%05d", i);
            put(key, new byte[] {(byte) i});
            expectedKeys.add(key);
        }
        for (String dir : List.of("a", "b", "中文 目录+1")) {
            put("paged/" + dir + "/inner.txt", "x".getBytes(StandardCharsets.UTF_8));
        }

        var keys = new ArrayList<String>();
        var prefixes = new ArrayList<String>();
        var request = new ListObjectsRequest(BUCKET, "paged/", null, "/", 1000);
        int pages = 0;
        ObjectListing page;
        do {
            page = cos.listObjects(request);
            pages++;
            page.getObjectSummaries().forEach(s -> keys.add(s.getKey()));
            prefixes.addAll(page.getCommonPrefixes());
            request.setMarker(page.getNextMarker());
        } while (page.isTruncated());

        assertThat(pages, greaterThanOrEqualTo(3));
        assertThat(new TreeSet<>(keys), equalTo(expectedKeys));
        assertThat(keys, hasSize(2_500));
        assertThat(new TreeSet<>(prefixes), contains("paged/a/", "paged/b/", "paged/中文 目录+1/"));
    }

    @Test
    public void multipartUploadCompletesAndIsListedWhileOpen() throws IOException {
        String key = "multipart/中文 name+plus.bin";
        byte[] part1 = bytes(PART, 4);
        byte[] part2 = bytes(1234, 5);
        String uploadId = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key))
                .getUploadId();

        var etags = new ArrayList<PartETag>();
        etags.add(uploadPart(key, uploadId, 1, part1));
        etags.add(uploadPart(key, uploadId, 2, part2));

        var open = cos.listMultipartUploads(new ListMultipartUploadsRequest(BUCKET)).getMultipartUploads();
        assertThat(open.stream().map(u -> u.getUploadId()).toList(), hasItem(uploadId));
        assertThat(cos.listParts(new ListPartsRequest(BUCKET, key, uploadId)).getParts(), hasSize(2));

        cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, uploadId, etags));

        byte[] all = new byte[part1.length + part2.length];
        System.arraycopy(part1, 0, all, 0, part1.length);
        System.arraycopy(part2, 0, all, part1.length, part2.length);
        assertArrayEquals(all, get(key));
        assertThat(openUploads(key), empty());
    }

    @Test
    public void abortedMultipartUploadLeavesNothing() {
        String key = "multipart/aborted.bin";
        String uploadId = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key))
                .getUploadId();
        uploadPart(key, uploadId, 1, bytes(PART, 6));
        cos.abortMultipartUpload(new AbortMultipartUploadRequest(BUCKET, key, uploadId));

        assertThat(openUploads(key), empty());
        assertThat(cos.doesObjectExist(BUCKET, key), is(false));
    }

    @Test
    public void uploadPartCopyAssemblesAnObjectFromAnother() throws IOException {
        byte[] source = bytes(PART + 4096, 7);
        put("copy/part-source.bin", source);
        String key = "copy/part-target.bin";
        String uploadId = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key))
                .getUploadId();
        var copy = new CopyPartRequest();
        copy.setSourceBucketName(BUCKET);
        copy.setSourceKey("copy/part-source.bin");
        copy.setDestinationBucketName(BUCKET);
        copy.setDestinationKey(key);
        copy.setUploadId(uploadId);
        copy.setPartNumber(1);
        copy.setFirstByte(0L);
        copy.setLastByte((long) PART - 1);
        var first = cos.copyPart(copy).getPartETag();
        byte[] tail = bytes(100, 8);
        var second = uploadPart(key, uploadId, 2, tail);
        cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, uploadId,
                new ArrayList<>(List.of(first, second))));

        byte[] expected = new byte[PART + tail.length];
        System.arraycopy(source, 0, expected, 0, PART);
        System.arraycopy(tail, 0, expected, PART, tail.length);
        assertArrayEquals(expected, get(key));
    }

    @Test
    public void copyObjectKeepsBytesAndMetadata() throws IOException {
        byte[] data = bytes(4096, 9);
        var metadata = new ObjectMetadata();
        metadata.setContentLength(data.length);
        metadata.setUserMetadata(Map.of("owner", "alice"));
        cos.putObject(BUCKET, "copy/source with space.bin", new ByteArrayInputStream(data), metadata);

        cos.copyObject(new CopyObjectRequest(BUCKET, "copy/source with space.bin", BUCKET, "copy/目标.bin"));

        assertArrayEquals(data, get("copy/目标.bin"));
        assertThat(cos.getObjectMetadata(BUCKET, "copy/目标.bin").getUserMetadata().get("owner"), is("alice"));
    }

    @Test
    public void deleteAndBatchDeleteRemoveObjects() {
        put("delete/one", new byte[] {1});
        put("delete/two", new byte[] {2});
        put("delete/three", new byte[] {3});

        cos.deleteObject(BUCKET, "delete/one");
        var batch = new DeleteObjectsRequest(BUCKET);
        batch.setKeys(List.of(new DeleteObjectsRequest.KeyVersion("delete/two"),
                new DeleteObjectsRequest.KeyVersion("delete/three")));
        assertThat(cos.deleteObjects(batch).getDeletedObjects(), hasSize(2));

        assertThat(cos.listObjects(BUCKET, "delete/").getObjectSummaries(), empty());
    }

    @Test
    public void injectedServerErrorsAreRetriedBySdk() throws IOException {
        store.faults().failNext(2, 503, "SlowDown");
        put("faults/retried.bin", bytes(1000, 10));
        assertThat(store.faults().injected(), is(2));
        assertThat(get("faults/retried.bin").length, is(1000));
    }

    @Test
    public void injectedErrorsBeyondTheRetriesReachTheClient() {
        store.faults().fail(StoreRequest.method("PUT"), 0, 100, 500, "InternalError");
        var e = assertThrows(CosServiceException.class, () -> put("faults/failed.bin", new byte[] {1}));
        assertThat(e.getStatusCode(), is(500));
        assertThat(e.getErrorCode(), is("InternalError"));
    }

    @Test
    public void injectedResetBreaksAReadInTheMiddleOfTheBody() throws IOException {
        put("faults/reset.bin", bytes(2_000_000, 11));
        store.faults().reset(StoreRequest.objectReads(), 0, 100, 500_000);
        assertThrows(IOException.class, () -> get("faults/reset.bin"));
    }

    @Test
    public void injectedLatencyDelaysEveryAnswer() {
        put("faults/latency.bin", new byte[] {1});
        store.faults().latency(java.time.Duration.ofMillis(300));
        long started = System.nanoTime();
        cos.getObjectMetadata(BUCKET, "faults/latency.bin");
        cos.getObjectMetadata(BUCKET, "faults/latency.bin");
        assertThat((System.nanoTime() - started) / 1_000_000, greaterThanOrEqualTo(600L));
    }

    private static PartETag uploadPart(String key, String uploadId, int number, byte[] data) {
        var request = new UploadPartRequest().withBucketName(BUCKET).withKey(key).withUploadId(uploadId)
                .withPartNumber(number).withPartSize(data.length).withInputStream(new ByteArrayInputStream(data));
        return cos.uploadPart(request).getPartETag();
    }

    private static List<String> openUploads(String key) {
        var request = new ListMultipartUploadsRequest(BUCKET);
        request.setPrefix(key);
        return cos.listMultipartUploads(request).getMultipartUploads().stream().map(u -> u.getUploadId()).toList();
    }
}
