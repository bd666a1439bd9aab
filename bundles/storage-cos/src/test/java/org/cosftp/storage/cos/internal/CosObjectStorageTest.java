package org.cosftp.storage.cos.internal;

import static org.cosftp.storage.cos.internal.LocalStore.randomBytes;
import static org.cosftp.storage.cos.internal.LocalStore.read;
import static org.cosftp.storage.cos.internal.LocalStore.write;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.cosftp.localstore.StoreRequest;
import org.cosftp.storage.ListEntry;
import org.cosftp.storage.ObjectInfo;
import org.cosftp.storage.ObjectNotFoundException;
import org.cosftp.storage.StorageAccessDeniedException;
import org.cosftp.storage.StorageConfigurationException;
import org.cosftp.storage.StorageException;
import org.junit.After;
import org.junit.ClassRule;
import org.junit.Test;

/** Reads, listings, copies, deletes and error reporting, against the local COS store. */
public class CosObjectStorageTest {
    private static final int PART = 5 * 1024 * 1024;

    @ClassRule
    public static final LocalStore LOCAL = new LocalStore();

    private final CosObjectStorage storage = LOCAL.storage();

    @After
    public void clearFaults() {
        LOCAL.store().faults().clear();
    }

    @Test
    public void readFromAnOffsetReturnsTheRest() throws IOException {
        byte[] data = randomBytes(10_000, 1);
        write(storage, "read/offset.bin", data);
        try (InputStream in = storage.read("read/offset.bin", 9_000)) {
            assertArrayEquals(Arrays.copyOfRange(data, 9_000, 10_000), in.readAllBytes());
        }
        try (InputStream in = storage.read("read/offset.bin", 10_000)) {
            assertThat(in.read(), is(-1));
        }
        assertThrows(org.cosftp.storage.StorageException.class, () -> storage.read("read/offset.bin", 10_001));
    }

    @Test
    public void readOfAMissingObjectIsNotFound() throws IOException {
        assertThrows(ObjectNotFoundException.class, () -> storage.read("read/missing.bin", 0));
        assertThat(storage.stat("read/missing.bin").isPresent(), is(false));
    }

    @Test
    public void aReadBrokenByTheNetworkResumesWhereItStopped() throws IOException {
        byte[] data = randomBytes(3_000_000, 2);
        write(storage, "read/resumed.bin", data);
        LOCAL.store().faults().reset(StoreRequest.objectReads(), 0, 2, 700_000);

        assertArrayEquals(data, read(storage, "read/resumed.bin"));
        assertThat(LOCAL.store().faults().injected(), is(2));
    }

    @Test
    public void listingPagesThroughThousandsOfKeysWithDirectories() throws IOException {
        var expected = new ArrayList<String>();
        writeKeys("list/f", 2_500);
        IntStream.range(0, 2_500).forEach(i -> expected.add(String.format("list/f%05d", i)));
        for (String dir : List.of("list/a/", "list/z/", "list/中文 目录/")) {
            write(storage, dir + "inner+file.txt", new byte[] {1});
        }

        var files = new ArrayList<String>();
        var directories = new ArrayList<String>();
        for (Iterator<ListEntry> it = storage.list("list/", false); it.hasNext();) {
            ListEntry entry = it.next();
            (entry.directory() ? directories : files).add(entry.key());
        }
        assertThat(files, equalTo(expected));
        assertThat(directories, contains("list/a/", "list/z/", "list/中文 目录/"));

        var all = new ArrayList<String>();
        storage.list("list/", true).forEachRemaining(entry -> all.add(entry.key()));
        assertThat(all, hasSize(2_503));
        assertThat(all.get(0), is("list/a/inner+file.txt"));
    }

    @Test
    public void aListingWhoseNextPageFailsEndsInTheErrorNotShort() throws IOException {
        writeKeys("list-fails/f", 1_200);
        // the first page is served; every request for the second one fails, retries included
        LOCAL.store().faults().fail(request -> request.method().equals("GET")
                && request.parameters().containsKey("prefix"), 1, 1_000, 500, "InternalError");

        Iterator<ListEntry> listing = storage.list("list-fails/", false);
        int read = 0;
        while (read < 1_000) {
            assertThat(listing.hasNext(), is(true));
            listing.next();
            read++;
        }
        var failure = assertThrows(java.io.UncheckedIOException.class, listing::hasNext);
        assertThat(failure.getCause(), org.hamcrest.Matchers.instanceOf(org.cosftp.storage.StorageException.class));
        assertThat(failure.getCause().getMessage(), containsString("list-fails/"));
    }

    /** Writes one-byte objects {@code <prefix>00000} and on, in parallel. */
    private void writeKeys(String prefix, int count) {
        IntStream.range(0, count).parallel().forEach(i -> {
            try {
                write(storage, String.format("%s%05d", prefix, i), new byte[] {(byte) i});
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    public void anyKeyStartsWithAsksForOneKey() throws IOException {
        write(storage, "prefix-check/deep/file", new byte[] {1});
        assertThat(storage.anyKeyStartsWith("prefix-check/"), is(true));
        assertThat(storage.anyKeyStartsWith("prefix-check/deep/f"), is(true));
        assertThat(storage.anyKeyStartsWith("prefix-check/other/"), is(false));
    }

    @Test
    public void aDirectoryMarkerCanReplaceTheLastKeyUnderIt() throws IOException {
        write(storage, "marker/dir/file", new byte[] {1});
        storage.delete("marker/dir/file");
        assertThat(storage.anyKeyStartsWith("marker/dir/"), is(false));
        write(storage, "marker/dir/", new byte[0]);
        assertThat(storage.stat("marker/dir/").isPresent(), is(true));
        assertThat(storage.anyKeyStartsWith("marker/dir/"), is(true));
        assertThat("the marker is not an object without the slash", storage.stat("marker/dir").isPresent(), is(false));
    }

    @Test
    public void listingEntriesCarrySizesAndTimes() throws IOException {
        write(storage, "sized/file.bin", new byte[1234]);
        ListEntry entry = storage.list("sized/", false).next();
        assertThat(entry.key(), is("sized/file.bin"));
        assertThat(entry.size(), is(1234L));
        assertThat(entry.lastModified().toEpochMilli(), greaterThanOrEqualTo(System.currentTimeMillis() - 600_000));
    }

    @Test
    public void listingsAndStatsGiveTheSameEntityTagAndTime() throws IOException {
        write(storage, "tagged/small.bin", randomBytes(1_000, 3));
        write(storage, "tagged/multipart.bin", randomBytes(PART + 1_000, 4));
        write(storage, "tagged/retimed.bin", randomBytes(1_000, 5));
        storage.setMetadata("tagged/retimed.bin", Map.of("mtime", "20200102030405"));
        Iterator<ListEntry> listing = storage.list("tagged/", false);
        int seen = 0;
        while (listing.hasNext()) {
            ListEntry entry = listing.next();
            ObjectInfo info = storage.stat(entry.key()).orElseThrow();
            assertThat(entry.key() + " has a tag", entry.etag(), not(nullValue()));
            assertThat(entry.key() + ": the tag of its listing is that of its stat", entry.etag(), is(info.etag()));
            assertThat(entry.key() + ": without quotes", entry.etag(), not(containsString("\"")));
            assertThat(entry.key() + ": the time of its listing is that of its stat", entry.lastModified(),
                    is(info.lastModified()));
            seen++;
        }
        assertThat(seen, is(3));
        assertThat(storage.list("tagged", false).next().etag(), is(nullValue()));
    }

    @Test
    public void keysWithChineseSpacesAndPlusRoundTrip() throws IOException {
        for (String key : List.of("名字/子目录/文件 一.txt", "with space/a b.txt", "plus/a+b=c.txt", "mixed/ü é+ 中.bin")) {
            byte[] data = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            write(storage, key, data);
            assertArrayEquals(key, data, read(storage, key));
            assertThat(storage.list(key, false).next().key(), is(key));
            storage.copy(key, key + ".copy");
            assertArrayEquals(data, read(storage, key + ".copy"));
        }
    }

    @Test
    public void copyBelowTheThresholdKeepsBytesAndMetadata() throws IOException {
        try (var writer = storage.write("copy/small.bin", Map.of("mtime", "20200101000000"))) {
            writer.write(randomBytes(5000, 3));
            writer.commit();
        }
        storage.copy("copy/small.bin", "copy/small-copy.bin");
        assertArrayEquals(read(storage, "copy/small.bin"), read(storage, "copy/small-copy.bin"));
        assertThat(storage.stat("copy/small-copy.bin").orElseThrow().metadata().get("mtime"), is("20200101000000"));
    }

    @Test
    public void copyAboveThePartSizeGoesPartByPart() throws IOException {
        CosObjectStorage multipart = LOCAL.storage("multipartCopyThresholdMiB", "1");
        byte[] data = randomBytes(5 * PART + 17, 4);
        try (var writer = multipart.write("copy/large.bin", Map.of("mtime", "20210101000000"))) {
            writer.write(data);
            writer.commit();
        }
        multipart.copy("copy/large.bin", "copy/large-copy.bin");

        assertArrayEquals(data, read(multipart, "copy/large-copy.bin"));
        assertThat(multipart.stat("copy/large-copy.bin").orElseThrow().metadata().get("mtime"),
                is("20210101000000"));
        assertThat(LOCAL.openUploads("copy/"), empty());
    }

    @Test
    public void transfersRunOnNoMoreThreadsThanTheStorageHasConnections() throws Exception {
        CosObjectStorage bounded = LOCAL.storage("name", "bounded", "maxConnections", "2",
                "multipartCopyThresholdMiB", "1", "uploadThreads", "4");
        byte[] data = randomBytes(3 * PART + 17, 9);
        write(bounded, "bounded/large.bin", data);
        var copies = new ArrayList<CompletableFuture<Void>>();
        for (int i = 0; i < 4; i++) {
            String target = "bounded/copy-" + i + ".bin";
            copies.add(CompletableFuture.runAsync(() -> {
                try {
                    bounded.copy("bounded/large.bin", target);
                } catch (StorageException e) {
                    throw new CompletionException(e);
                }
            }));
        }
        CompletableFuture.allOf(copies.toArray(new CompletableFuture[0])).get(2, TimeUnit.MINUTES);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(data, read(bounded, "bounded/copy-" + i + ".bin"));
        }
        // threads are numbered as they are made, and live 30 s idle: none was made beyond the bound
        long made = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("cos-transfer-bounded-")).count();
        assertThat(made, lessThanOrEqualTo(2L));
    }

    @Test
    public void metadataAboveTheThresholdIsSetByAMultipartCopyThatKeepsTheHeaders() throws IOException {
        CosObjectStorage multipart = LOCAL.storage("multipartCopyThresholdMiB", "1");
        byte[] data = randomBytes(2 * PART + 5, 5);
        putWithHeaders(multipart, "meta/large.txt", data);

        multipart.setMetadata("meta/large.txt", Map.of("mtime", "20220202020202"));

        assertArrayEquals(data, read(multipart, "meta/large.txt"));
        assertThat(multipart.stat("meta/large.txt").orElseThrow().metadata(), is(Map.of("mtime", "20220202020202")));
        assertHeadersKept(multipart, "meta/large.txt");
        assertThat(LOCAL.openUploads("meta/"), empty());
    }

    @Test
    public void metadataBelowTheThresholdKeepsTheHeaders() throws IOException {
        byte[] data = randomBytes(3000, 6);
        putWithHeaders(storage, "meta/small.txt", data);

        storage.setMetadata("meta/small.txt", Map.of("mtime", "20230303030303"));

        assertArrayEquals(data, read(storage, "meta/small.txt"));
        assertThat(storage.stat("meta/small.txt").orElseThrow().metadata(), is(Map.of("mtime", "20230303030303")));
        assertHeadersKept(storage, "meta/small.txt");
    }

    @Test
    public void aCopyAboveTheThresholdKeepsTheHeaders() throws IOException {
        CosObjectStorage multipart = LOCAL.storage("multipartCopyThresholdMiB", "1");
        byte[] data = randomBytes(PART + 9, 7);
        putWithHeaders(multipart, "meta/renamed.txt", data);

        multipart.copy("meta/renamed.txt", "meta/renamed-copy.txt");

        assertArrayEquals(data, read(multipart, "meta/renamed-copy.txt"));
        assertThat(multipart.stat("meta/renamed-copy.txt").orElseThrow().metadata(), is(Map.of("mtime", "1")));
        assertHeadersKept(multipart, "meta/renamed-copy.txt");
    }

    private static void putWithHeaders(CosObjectStorage storage, String key, byte[] data) {
        var metadata = new com.qcloud.cos.model.ObjectMetadata();
        metadata.setContentLength(data.length);
        metadata.setContentType("text/csv");
        metadata.setContentDisposition("attachment; filename=\"report.txt\"");
        metadata.setCacheControl("no-cache");
        metadata.setUserMetadata(Map.of("mtime", "1"));
        LOCAL.sdk().putObject(LocalStore.BUCKET, key, new java.io.ByteArrayInputStream(data), metadata);
    }

    private static void assertHeadersKept(CosObjectStorage storage, String key) {
        var metadata = LOCAL.sdk().getObjectMetadata(LocalStore.BUCKET, key);
        assertThat(metadata.getContentType(), is("text/csv"));
        assertThat(metadata.getContentDisposition(), is("attachment; filename=\"report.txt\""));
        assertThat(metadata.getCacheControl(), is("no-cache"));
    }

    @Test
    public void aConditionalCopyCopiesOnlyTheVersionNamed() throws IOException {
        write(storage, "cond/a.bin", new byte[] {1});
        String first = storage.stat("cond/a.bin").orElseThrow().etag();
        write(storage, "cond/a.bin", new byte[] {2});

        assertThat(storage.copyIfUnchanged("cond/a.bin", first, "cond/b.bin"), is(false));
        assertThat(storage.stat("cond/b.bin").isPresent(), is(false));
        assertThat(storage.copyIfUnchanged("cond/missing.bin", first, "cond/b.bin"), is(false));

        String second = storage.stat("cond/a.bin").orElseThrow().etag();
        assertThat(storage.copyIfUnchanged("cond/a.bin", second, "cond/b.bin"), is(true));
        assertArrayEquals(new byte[] {2}, read(storage, "cond/b.bin"));
    }

    @Test
    public void aConditionalDeleteKeepsAVersionWrittenSince() throws IOException {
        write(storage, "cond/d.bin", new byte[] {1});
        String first = storage.stat("cond/d.bin").orElseThrow().etag();
        write(storage, "cond/d.bin", new byte[] {2});

        assertThat(storage.deleteIfUnchanged("cond/d.bin", first), is(false));
        assertArrayEquals(new byte[] {2}, read(storage, "cond/d.bin"));

        String second = storage.stat("cond/d.bin").orElseThrow().etag();
        assertThat(storage.deleteIfUnchanged("cond/d.bin", second), is(true));
        assertThat(storage.stat("cond/d.bin").isPresent(), is(false));
        assertThat(storage.deleteIfUnchanged("cond/d.bin", second), is(false));
        assertThat(KeyLocks.SHARED.size(), is(0));
    }

    @Test
    public void aWriterThatCannotBeBuiltKeepsNoLease() throws IOException {
        // settings that StorageSettings.from refuses: parts too large for one Java array
        StorageSettings valid = LOCAL.storage().settings();
        var broken = new CosObjectStorage(new StorageSettings(valid.name(), valid.bucket(), valid.region(),
                valid.secretId(), valid.secretKey(), valid.endpoint(), valid.protocol(), 2048, 4, 4096, 1, 5120, 0,
                10, 60, 60, 16, 10800), LOCAL.journal());
        assertThrows(ArithmeticException.class, () -> broken.write("lease/x.bin", Map.of()));

        broken.retire();
        var failure = assertThrows(org.cosftp.storage.StorageException.class, () -> broken.stat("lease/x.bin"));
        assertThat("the client was closed: no lease was left", failure.getMessage(),
                containsString("was reconfigured and has closed"));
    }

    @Test
    public void copyOfAMissingObjectIsNotFound() {
        assertThrows(ObjectNotFoundException.class, () -> storage.copy("copy/none", "copy/none2"));
    }

    @Test
    public void deleteAndDeleteAll() throws IOException {
        var keys = new ArrayList<String>();
        for (int i = 0; i < 1_205; i++) {
            keys.add("delete/k" + i);
        }
        keys.parallelStream().forEach(key -> {
            try {
                write(storage, key, new byte[] {1});
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        storage.delete("delete/k0");
        storage.delete("delete/never-existed");
        storage.deleteAll(keys.subList(1, keys.size()));
        assertThat(storage.list("delete/", true).hasNext(), is(false));
    }

    @Test
    public void refusedCredentialsGiveAClearErrorWithoutTheSecret() {
        LOCAL.store().faults().failNext(1, 403, "SignatureDoesNotMatch");
        var failure = assertThrows(StorageAccessDeniedException.class, () -> storage.stat("any/key"));
        assertThat(failure.getMessage(), containsString("check secretId, secretKey"));
        assertThat(failure.getMessage(), containsString("test-1250000000"));
        assertThat(failure.getMessage(), not(containsString(LocalStore.SECRET_KEY)));
    }

    @Test
    public void aMissingBucketGivesAClearError() {
        CosObjectStorage missing = LOCAL.storage("bucket", "missing-1250000000");
        var failure = assertThrows(StorageConfigurationException.class, () -> LocalStore.write(missing, "k",
                new byte[] {1}));
        assertThat(failure.getMessage(), containsString("the bucket does not exist"));
        assertThat(failure.getMessage(), containsString("missing-1250000000"));
        assertThat(failure.getMessage(), not(containsString(LocalStore.SECRET_KEY)));
    }

    @Test
    public void anUnreachableStoreGivesAClearError() {
        CosObjectStorage unreachable = LOCAL.storage("endpoint", "localhost:1", "maxErrorRetry", "0");
        var failure = assertThrows(org.cosftp.storage.StorageException.class, () -> unreachable.stat("k"));
        assertThat(failure.getMessage(), containsString("COS could not be reached"));
    }
}
