package org.cosftp.storage.internal;

import static org.cosftp.storage.internal.LocalStore.randomBytes;
import static org.cosftp.storage.internal.LocalStore.read;
import static org.cosftp.storage.internal.LocalStore.write;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import org.cosftp.localstore.StoreRequest;
import org.cosftp.storage.ObjectTooLargeException;
import org.cosftp.storage.ObjectWriter;
import org.cosftp.storage.OffsetMismatchException;
import org.cosftp.storage.StorageException;
import org.junit.After;
import org.junit.ClassRule;
import org.junit.Test;

/** Streaming writes, appends and their failures, against the local COS store. */
public class CosObjectWriterTest {
    private static final int PART = 5 * 1024 * 1024;

    @ClassRule
    public static final LocalStore LOCAL = new LocalStore();

    private final CosObjectStorage storage = LOCAL.storage();

    @After
    public void clearFaults() {
        LOCAL.store().faults().clear();
    }

    private void assertRoundTrip(String key, int size) throws IOException {
        byte[] data = randomBytes(size, size);
        write(storage, key, data);
        assertArrayEquals(data, read(storage, key));
        assertThat(storage.stat(key).orElseThrow().size(), is((long) size));
    }

    @Test
    public void emptyFile() throws IOException {
        assertRoundTrip("sizes/empty", 0);
    }

    @Test
    public void oneByte() throws IOException {
        assertRoundTrip("sizes/one", 1);
    }

    @Test
    public void exactlyOnePart() throws IOException {
        assertRoundTrip("sizes/one-part", PART);
    }

    @Test
    public void onePartAndOneByte() throws IOException {
        assertRoundTrip("sizes/one-part-plus-one", PART + 1);
    }

    @Test
    public void filesBelowOnePartNeverStartAMultipartUpload() throws IOException {
        LOCAL.store().faults().fail(StoreRequest.multipartStarts(), 0, 1000, 500, "InternalError");
        assertRoundTrip("sizes/single-put", PART);
    }

    @Test
    public void largeFileInParallelPartsKeepsEveryByte() throws IOException, NoSuchAlgorithmException {
        var random = new Random(64);
        byte[] chunk = new byte[100_003];
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        long size = 64L * 1024 * 1024;
        try (ObjectWriter writer = storage.write("large/64mib.bin", Map.of());
                var out = new DigestOutputStream(writer, written)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        try (var in = storage.read("large/64mib.bin", 0)) {
            in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), read));
        }
        assertThat(HexFormat.of().formatHex(read.digest()), is(HexFormat.of().formatHex(written.digest())));
        assertThat(storage.stat("large/64mib.bin").orElseThrow().size(), is(size));
    }

    @Test
    public void abortLeavesNoObjectAndNoOpenUpload() throws IOException {
        ObjectWriter writer = storage.write("abort/new.bin", Map.of());
        writer.write(randomBytes(3 * PART + 5, 1));
        writer.abort();

        assertThat(storage.stat("abort/new.bin").isPresent(), is(false));
        assertThat(LOCAL.openUploads(storage, "abort/"), empty());
    }

    @Test
    public void abortKeepsTheOldObjectIntact() throws IOException {
        byte[] old = randomBytes(2 * PART + 7, 2);
        write(storage, "abort/existing.bin", old);

        ObjectWriter writer = storage.write("abort/existing.bin", Map.of());
        writer.write(randomBytes(3 * PART, 3));
        writer.abort();
        writer.close();

        assertArrayEquals(old, read(storage, "abort/existing.bin"));
        assertThat(LOCAL.openUploads(storage, "abort/"), empty());
    }

    @Test
    public void failureInTheMiddleOfAMultipartUploadLeavesNothing() throws IOException {
        byte[] old = randomBytes(1000, 4);
        write(storage, "fail/object.bin", old);
        LOCAL.store().faults().fail(StoreRequest.partUploads(), 2, 1000, 500, "InternalError");

        ObjectWriter writer = storage.write("fail/object.bin", Map.of());
        byte[] chunk = randomBytes(PART / 2, 5);
        var failure = assertThrows(StorageException.class, () -> {
            for (int i = 0; i < 20; i++) {
                writer.write(chunk);
            }
            writer.close();
        });

        assertThat(failure.getMessage(), org.hamcrest.Matchers.containsString("500 InternalError"));
        assertArrayEquals(old, read(storage, "fail/object.bin"));
        assertThat(LOCAL.openUploads(storage, "fail/"), empty());
    }

    @Test
    public void transientServerErrorsOnPartsAndPutsAreSurvived() throws IOException {
        LOCAL.store().faults().fail(StoreRequest.partUploads(), 0, 2, 503, "SlowDown")
                .fail(StoreRequest.method("PUT"), 0, 1, 500, "InternalError");
        assertRoundTrip("retry/multipart.bin", 3 * PART + 11);
        assertThat(LOCAL.store().faults().injected(), is(3));

        LOCAL.store().faults().failNext(2, 503, "ServiceUnavailable");
        assertRoundTrip("retry/single.bin", 1000);
    }

    @Test
    public void connectionsResetInTheMiddleOfAPartAreRetried() throws IOException {
        LOCAL.store().faults().reset(StoreRequest.partUploads(), 1, 2, 1024 * 1024);
        assertRoundTrip("retry/reset.bin", 3 * PART + 5);
        assertThat(LOCAL.store().faults().injected(), is(2));
    }

    @Test
    public void uploadsBeyondTheLargestFileAreRefusedAndDiscarded() throws IOException {
        CosObjectStorage small = LOCAL.storage("partSizeMiB", "16", "maxFileSizeGiB", "1");
        byte[] chunk = new byte[4 * 1024 * 1024];
        ObjectWriter writer = small.write("limit/too-large.bin", Map.of());
        var failure = assertThrows(ObjectTooLargeException.class, () -> {
            for (int i = 0; i <= 256; i++) {
                writer.write(chunk);
            }
        });
        assertThat(writer.bytesWritten(), is(1024L * 1024 * 1024));
        assertThat(failure.getMessage(), org.hamcrest.Matchers.containsString("1 GiB"));
        writer.close();
        assertThat(small.stat("limit/too-large.bin").isPresent(), is(false));
        assertThat(LOCAL.openUploads(small, "limit/"), empty());
    }

    @Test
    public void appendToASmallObject() throws IOException {
        byte[] old = randomBytes(100, 6);
        byte[] added = randomBytes(200, 7);
        write(storage, "append/small.bin", old);
        storage.setMetadata("append/small.bin", Map.of("mtime", "20250101000000"));

        try (ObjectWriter writer = storage.append("append/small.bin", old.length)) {
            writer.write(added);
        }

        assertArrayEquals(concat(old, added), read(storage, "append/small.bin"));
        assertThat(storage.stat("append/small.bin").orElseThrow().metadata().get("mtime"), is("20250101000000"));
    }

    @Test
    public void appendToALargeObjectCopiesItInsideTheStore() throws IOException {
        byte[] old = randomBytes(3 * PART + 3, 8);
        byte[] added = randomBytes(PART * 5 / 2, 9);
        write(storage, "append/large.bin", old);

        try (ObjectWriter writer = storage.append("append/large.bin", old.length)) {
            writer.write(added);
        }

        assertArrayEquals(concat(old, added), read(storage, "append/large.bin"));
        assertThat(LOCAL.openUploads(storage, "append/"), empty());
    }

    @Test
    public void appendToAMissingObjectAtZeroCreatesIt() throws IOException {
        try (ObjectWriter writer = storage.append("append/new.bin", 0)) {
            writer.write(new byte[] {1, 2, 3});
        }
        assertArrayEquals(new byte[] {1, 2, 3}, read(storage, "append/new.bin"));
    }

    @Test
    public void appendAtAnotherOffsetThanTheSizeIsRefused() throws IOException {
        write(storage, "append/offset.bin", new byte[10]);
        var failure = assertThrows(OffsetMismatchException.class, () -> storage.append("append/offset.bin", 4));
        assertThat(failure.getMessage(), org.hamcrest.Matchers.containsString("has 10 bytes"));
    }

    @Test
    public void abortedAppendLeavesTheObjectAsItWas() throws IOException {
        byte[] old = randomBytes(2 * PART, 10);
        write(storage, "append/aborted.bin", old);
        ObjectWriter writer = storage.append("append/aborted.bin", old.length);
        writer.write(randomBytes(PART, 11));
        writer.abort();
        assertArrayEquals(old, read(storage, "append/aborted.bin"));
        assertThat(LOCAL.openUploads(storage, "append/"), empty());
    }

    @Test
    public void userMetadataIsStoredWithTheObject() throws IOException {
        try (ObjectWriter writer = storage.write("meta/file.txt", Map.of("mtime", "20240229235959"))) {
            writer.write(new byte[] {42});
        }
        assertThat(storage.stat("meta/file.txt").orElseThrow().metadata().get("mtime"), is("20240229235959"));
        assertThat(storage.stat("meta/file.txt").orElseThrow().lastModified().toEpochMilli(), greaterThan(0L));
    }

    @Test
    public void aRetiredStorageFinishesOpenWritersThenRefusesWork() throws IOException {
        CosObjectStorage retiring = LOCAL.storage();
        ObjectWriter writer = retiring.write("retire/file.bin", Map.of());
        writer.write(randomBytes(2 * PART, 12));
        retiring.retire();
        writer.write(randomBytes(PART, 13));
        writer.close();

        assertThat(storage.stat("retire/file.bin").orElseThrow().size(), is(3L * PART));
        assertThrows(StorageException.class, () -> retiring.stat("retire/file.bin"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
