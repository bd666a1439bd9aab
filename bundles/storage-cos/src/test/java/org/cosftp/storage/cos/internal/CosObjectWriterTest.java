package org.cosftp.storage.cos.internal;

import static org.cosftp.storage.cos.internal.LocalStore.randomBytes;
import static org.cosftp.storage.cos.internal.LocalStore.read;
import static org.cosftp.storage.cos.internal.LocalStore.write;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

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
            writer.commit();
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
        assertThat(LOCAL.openUploads("abort/"), empty());
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
        assertThat(LOCAL.openUploads("abort/"), empty());
    }

    @Test
    public void aWriterClosedWithoutCommitStoresNothing() throws IOException {
        byte[] old = randomBytes(1000, 8);
        write(storage, "close/existing.bin", old);
        for (int size : new int[] {10, 3 * PART + 1}) {
            try (ObjectWriter writer = storage.write("close/existing.bin", Map.of())) {
                writer.write(randomBytes(size, 9));
            }
            assertArrayEquals(old, read(storage, "close/existing.bin"));
        }
        assertThat(LOCAL.openUploads("close/"), empty());
    }

    @Test
    public void anAbortOnAnInterruptedThreadStillAbortsTheMultipartUpload() throws IOException {
        ObjectWriter writer = storage.write("abort/interrupted.bin", Map.of());
        writer.write(randomBytes(2 * PART + 3, 14));
        assertThat(LOCAL.openUploads("abort/"), org.hamcrest.Matchers.not(empty()));

        Thread.currentThread().interrupt();
        writer.abort();

        assertThat("the interrupt is kept for the caller", Thread.interrupted(), is(true));
        assertThat(LOCAL.openUploads("abort/"), empty());
        assertThat(storage.stat("abort/interrupted.bin").isPresent(), is(false));
    }

    @Test
    public void aCommitRefusedAtTheLastMomentStoresNothing() throws IOException {
        byte[] old = randomBytes(1000, 15);
        write(storage, "refused/existing.bin", old);
        for (int size : new int[] {10, 3 * PART + 1}) {
            var asked = new java.util.concurrent.atomic.AtomicInteger();
            try (ObjectWriter writer = storage.write("refused/existing.bin", Map.of())) {
                writer.write(randomBytes(size, 16));
                assertThat(writer.commitIf(() -> asked.incrementAndGet() < 0), is(false));
            }
            assertThat(asked.get(), is(1));
            assertArrayEquals(old, read(storage, "refused/existing.bin"));
        }
        assertThat(LOCAL.openUploads("refused/"), empty());
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
            writer.commit();
        });

        assertThat(failure.getMessage(), org.hamcrest.Matchers.containsString("500 InternalError"));
        assertArrayEquals(old, read(storage, "fail/object.bin"));
        assertThat(LOCAL.openUploads("fail/"), empty());
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
        assertThat(LOCAL.openUploads("limit/"), empty());
    }

    @Test
    public void appendToASmallObject() throws IOException {
        byte[] old = randomBytes(100, 6);
        byte[] added = randomBytes(200, 7);
        write(storage, "append/small.bin", old);
        storage.setMetadata("append/small.bin", Map.of("mtime", "20250101000000"));

        try (ObjectWriter writer = storage.append("append/small.bin", old.length)) {
            writer.write(added);
            writer.commit();
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
            writer.commit();
        }

        assertArrayEquals(concat(old, added), read(storage, "append/large.bin"));
        assertThat(LOCAL.openUploads("append/"), empty());
    }

    @Test
    public void appendToAMissingObjectAtZeroCreatesIt() throws IOException {
        try (ObjectWriter writer = storage.append("append/new.bin", 0)) {
            writer.write(new byte[] {1, 2, 3});
            writer.commit();
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
        assertThat(LOCAL.openUploads("append/"), empty());
    }

    @Test
    public void userMetadataIsStoredWithTheObject() throws IOException {
        try (ObjectWriter writer = storage.write("meta/file.txt", Map.of("mtime", "20240229235959"))) {
            writer.write(new byte[] {42});
            writer.commit();
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
        writer.commit();

        assertThat(storage.stat("retire/file.bin").orElseThrow().size(), is(3L * PART));
        assertThrows(StorageException.class, () -> retiring.stat("retire/file.bin"));
    }

    @Test
    public void filesUpToOneMebibyteNeverTouchTheBudget() throws IOException {
        CosObjectStorage budgeted = LOCAL.storage("uploadMemoryMiB", "10");
        Semaphore budget = budgeted.partBudget();
        byte[] data = randomBytes(1024 * 1024 + 1, 20);
        ObjectWriter writer = budgeted.write("budget/small.bin", Map.of());
        writer.write(data, 0, data.length - 1);
        assertThat(budget.availablePermits(), is(2));

        writer.write(data, data.length - 1, 1);
        assertThat(budget.availablePermits(), is(1));
        writer.commit();

        assertThat(budget.availablePermits(), is(2));
        assertArrayEquals(data, read(budgeted, "budget/small.bin"));
    }

    @Test
    public void concurrentUploadsShareTheBudgetAndAllComplete() throws Exception {
        CosObjectStorage budgeted = LOCAL.storage("uploadMemoryMiB", "10", "uploadThreads", "4");
        var clients = Executors.newFixedThreadPool(3);
        var data = new ArrayList<byte[]>();
        var uploads = new ArrayList<Future<?>>();
        try {
            for (int i = 0; i < 3; i++) {
                byte[] file = randomBytes(12 * 1024 * 1024, 30 + i);
                String key = "budget/concurrent-" + i + ".bin";
                data.add(file);
                uploads.add(clients.submit(() -> writeInChunks(budgeted, key, file)));
            }
            for (Future<?> upload : uploads) {
                upload.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }

        for (int i = 0; i < 3; i++) {
            assertArrayEquals(data.get(i), read(budgeted, "budget/concurrent-" + i + ".bin"));
        }
        assertThat(budgeted.partBudget().availablePermits(), is(2));
        assertThat(LOCAL.openUploads("budget/"), empty());
    }

    @Test
    public void aWriterFindingTheBudgetUsedWaitsUntilAnotherWriterCloses() throws Exception {
        CosObjectStorage budgeted = LOCAL.storage("uploadMemoryMiB", "10");
        Semaphore budget = budgeted.partBudget();
        byte[] held = randomBytes(PART + 1, 40);
        ObjectWriter holder = budgeted.write("budget/holder.bin", Map.of());
        holder.write(held);
        assertThat(budget.availablePermits(), is(0));

        byte[] waiting = randomBytes(2 * 1024 * 1024, 41);
        var done = new CompletableFuture<Void>();
        Thread waiter = startWriting(budgeted, "budget/waiter.bin", waiting, done);
        awaitWaitingForTheBudget(waiter, budget, done);

        holder.commit();
        done.get(30, TimeUnit.SECONDS);

        assertArrayEquals(held, read(budgeted, "budget/holder.bin"));
        assertArrayEquals(waiting, read(budgeted, "budget/waiter.bin"));
        assertThat(budget.availablePermits(), is(2));
    }

    @Test
    public void aWriterWaitingForTheBudgetCanBeInterrupted() throws Exception {
        CosObjectStorage budgeted = LOCAL.storage("uploadMemoryMiB", "10");
        Semaphore budget = budgeted.partBudget();
        ObjectWriter holder = budgeted.write("budget/interrupt-holder.bin", Map.of());
        holder.write(randomBytes(PART + 1, 42));

        var done = new CompletableFuture<Void>();
        Thread waiter = startWriting(budgeted, "budget/interrupted.bin", randomBytes(2 * 1024 * 1024, 43), done);
        awaitWaitingForTheBudget(waiter, budget, done);
        waiter.interrupt();

        var failure = assertThrows(ExecutionException.class, () -> done.get(30, TimeUnit.SECONDS));
        assertThat(failure.getCause(), org.hamcrest.Matchers.instanceOf(StorageException.class));
        assertThat(failure.getCause().getMessage(), org.hamcrest.Matchers.containsString("interrupted"));
        holder.abort();
        assertThat(budget.availablePermits(), is(2));
        assertThat(budgeted.stat("budget/interrupted.bin").isPresent(), is(false));
        assertThat(LOCAL.openUploads("budget/interrupt"), empty());
    }

    @Test
    public void theBudgetComesBackExactlyOnceAfterCloseAbortOrFailure() throws IOException {
        CosObjectStorage budgeted = LOCAL.storage("uploadMemoryMiB", "30", "uploadThreads", "4");
        Semaphore budget = budgeted.partBudget();

        ObjectWriter closed = budgeted.write("budget/closed.bin", Map.of());
        closed.write(randomBytes(4 * PART + 5, 50));
        assertThat(budget.availablePermits(), lessThan(6));
        closed.commit();
        closed.abort();
        closed.close();
        assertThat(budget.availablePermits(), is(6));

        ObjectWriter aborted = budgeted.write("budget/aborted.bin", Map.of());
        aborted.write(randomBytes(4 * PART + 5, 51));
        assertThat(budget.availablePermits(), lessThan(6));
        aborted.abort();
        aborted.abort();
        aborted.close();
        assertThat(budget.availablePermits(), is(6));

        LOCAL.store().faults().fail(StoreRequest.partUploads(), 0, 1000, 500, "InternalError");
        ObjectWriter failed = budgeted.write("budget/failed.bin", Map.of());
        byte[] chunk = randomBytes(PART / 2, 52);
        assertThrows(StorageException.class, () -> {
            for (int i = 0; i < 20; i++) {
                failed.write(chunk);
            }
            failed.commit();
        });
        failed.abort();
        assertThat(budget.availablePermits(), is(6));
        assertThat(LOCAL.openUploads("budget/"), empty());
    }

    private static Void writeInChunks(CosObjectStorage storage, String key, byte[] data) throws IOException {
        try (ObjectWriter writer = storage.write(key, Map.of())) {
            for (int offset = 0; offset < data.length; offset += 100_003) {
                writer.write(data, offset, Math.min(100_003, data.length - offset));
            }
            writer.commit();
        }
        return null;
    }

    private static Thread startWriting(CosObjectStorage storage, String key, byte[] data,
            CompletableFuture<Void> done) {
        var thread = new Thread(() -> {
            try {
                write(storage, key, data);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "writer of " + key);
        thread.start();
        return thread;
    }

    /** Waits until {@code writer} is parked on the budget; fails if it finishes instead, or not within 10 s. */
    private static void awaitWaitingForTheBudget(Thread writer, Semaphore budget, CompletableFuture<Void> done)
            throws InterruptedException {
        awaitUntil(() -> done.isDone() || writer.getState() == Thread.State.WAITING && budget.getQueueLength() == 1,
                "the writer to wait for the budget");
        if (done.isDone()) {
            fail("the writer did not wait for the budget: " + done);
        }
    }

    private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
