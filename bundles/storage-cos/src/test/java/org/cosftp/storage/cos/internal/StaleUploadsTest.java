package org.cosftp.storage.cos.internal;

import static org.cosftp.storage.cos.internal.LocalStore.BUCKET;
import static org.cosftp.storage.cos.internal.LocalStore.randomBytes;
import static org.cosftp.storage.cos.internal.LocalStore.read;
import static org.cosftp.storage.cos.internal.LocalStore.write;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.qcloud.cos.model.AbortMultipartUploadRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.ListMultipartUploadsRequest;
import com.qcloud.cos.model.ListPartsRequest;
import org.cosftp.storage.ObjectWriter;
import org.junit.After;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The multipart uploads a crash left open are aborted once stale, and only those: never a running transfer's,
 * never one that another tool started.
 */
public class StaleUploadsTest {
    private static final int PART = 5 * 1024 * 1024;
    private static final String STALE_AFTER = "600";

    @ClassRule
    public static final LocalStore LOCAL = new LocalStore();

    @Rule
    public final TemporaryFolder data = new TemporaryFolder();

    @After
    public void clearFaults() {
        LOCAL.store().faults().clear();
    }

    /** A Karaf's journal folder, and the journal of one run of it: a new instance for each start. */
    private Path journalFolder() throws IOException {
        return data.getRoot().toPath().resolve("cosftp").resolve("uploads");
    }

    private UploadJournal run() throws IOException {
        return new UploadJournal(journalFolder());
    }

    /**
     * A writer well into a multipart upload: its first part stored, the rest still to come. A process killed then
     * has no part in flight, so the test waits for it to land.
     */
    private static ObjectWriter midUpload(CosObjectStorage storage, String key, byte[] bytes) throws IOException {
        ObjectWriter writer = storage.write(key, Map.of());
        writer.write(bytes, 0, PART + 1000);
        var uploads = new ListMultipartUploadsRequest(BUCKET);
        uploads.setPrefix(key);
        String uploadId = LOCAL.sdk().listMultipartUploads(uploads).getMultipartUploads().get(0).getUploadId();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (LOCAL.sdk().listParts(new ListPartsRequest(BUCKET, key, uploadId)).getParts().isEmpty()) {
            assertThat("the first part of '" + key + "' stored in time", System.nanoTime() < deadline, is(true));
            Thread.onSpinWait();
        }
        return writer;
    }

    private static Instant staleNow() {
        return Instant.now().plusSeconds(Long.parseLong(STALE_AFTER) + 1);
    }

    private List<Path> recorded() throws IOException {
        if (!Files.isDirectory(journalFolder())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(journalFolder())) {
            return files.toList();
        }
    }

    @Test
    public void anUploadACrashLeftOpenIsAbortedOnceStaleAndTheOldObjectStays() throws IOException {
        var before = LOCAL.storage(run(), "staleUploadSeconds", STALE_AFTER);
        byte[] old = randomBytes(PART + 17, 1);
        write(before, "crash/big.bin", old);
        ObjectWriter crashed = midUpload(before, "crash/big.bin", randomBytes(2 * PART, 2));
        assertThat(LOCAL.openUploads("crash/"), contains("crash/big.bin"));

        // the next start: a new JVM knows nothing of the writer that was running
        var after = LOCAL.storage(run(), "staleUploadSeconds", STALE_AFTER);
        assertThat("younger than staleUploadSeconds", after.abortStaleUploads(Instant.now()), is(0));
        assertThat(LOCAL.openUploads("crash/"), contains("crash/big.bin"));

        assertThat(after.abortStaleUploads(staleNow()), is(1));
        assertThat(LOCAL.openUploads("crash/"), is(empty()));
        assertThat(recorded(), is(empty()));
        assertArrayEquals(old, read(after, "crash/big.bin"));
        assertThat("nothing left for the next pass", after.abortStaleUploads(staleNow()), is(0));

        crashed.abort(); // the upload is gone already: nothing to do, nothing to complain about
        assertArrayEquals(old, read(after, "crash/big.bin"));
    }

    @Test
    public void aRunningTransferIsNeverAbortedHoweverOld() throws IOException {
        var storage = LOCAL.storage(run(), "staleUploadSeconds", "1");
        byte[] bytes = randomBytes(2 * PART + 5, 3);
        try (ObjectWriter writer = midUpload(storage, "running/big.bin", bytes)) {
            assertThat(recorded().size(), is(1));

            assertThat(storage.abortStaleUploads(Instant.now().plusSeconds(30 * 24 * 3600)), is(0));
            assertThat(LOCAL.openUploads("running/"), contains("running/big.bin"));

            writer.write(bytes, PART + 1000, bytes.length - PART - 1000);
            writer.commit();
        }
        assertArrayEquals(bytes, read(storage, "running/big.bin"));
        assertThat(LOCAL.openUploads("running/"), is(empty()));
        assertThat("a completed upload leaves no record", recorded(), is(empty()));
    }

    @Test
    public void anUploadStartedOutsideCosFtpIsNeverTouched() throws IOException {
        var storage = LOCAL.storage(run(), "staleUploadSeconds", "1");
        String foreign = LOCAL.sdk().initiateMultipartUpload(
                new InitiateMultipartUploadRequest(BUCKET, "foreign/other-tool.bin")).getUploadId();
        midUpload(storage, "foreign/ours.bin", randomBytes(2 * PART, 4));

        var after = LOCAL.storage(run(), "staleUploadSeconds", "1");
        assertThat(after.abortStaleUploads(Instant.now().plusSeconds(30 * 24 * 3600)), is(1));
        assertThat(LOCAL.openUploads("foreign/"), contains("foreign/other-tool.bin"));

        LOCAL.sdk().abortMultipartUpload(new AbortMultipartUploadRequest(BUCKET, "foreign/other-tool.bin", foreign));
    }

    @Test
    public void anAbortThatFailsIsTriedAgainInTheNextPass() throws IOException {
        var before = LOCAL.storage(run(), "staleUploadSeconds", STALE_AFTER);
        midUpload(before, "retry/big.bin", randomBytes(2 * PART, 5));

        var after = LOCAL.storage(run(), "staleUploadSeconds", STALE_AFTER, "maxErrorRetry", "0");
        LOCAL.store().faults().fail(request -> request.method().equals("DELETE")
                && request.parameters().containsKey("uploadId"), 0, 1, 500, "InternalError");
        assertThat(after.abortStaleUploads(staleNow()), is(0));
        assertThat(LOCAL.openUploads("retry/"), contains("retry/big.bin"));
        assertThat(recorded().size(), is(1));

        assertThat(after.abortStaleUploads(staleNow()), is(1));
        assertThat(LOCAL.openUploads("retry/"), is(empty()));
        assertThat(recorded(), is(empty()));
    }

    @Test
    public void anUploadItsWriterCouldNotAbortIsLeftToAPass() throws IOException {
        var storage = LOCAL.storage(run(), "staleUploadSeconds", STALE_AFTER, "maxErrorRetry", "0");
        ObjectWriter writer = midUpload(storage, "writer-abort/big.bin", randomBytes(2 * PART, 6));
        LOCAL.store().faults().fail(request -> request.method().equals("DELETE")
                && request.parameters().containsKey("uploadId"), 0, 1, 500, "InternalError");
        writer.close();
        assertThat(LOCAL.openUploads("writer-abort/"), contains("writer-abort/big.bin"));

        // the same JVM: the writer is gone, so the upload no longer counts as running
        assertThat(storage.abortStaleUploads(staleNow()), is(1));
        assertThat(LOCAL.openUploads("writer-abort/"), is(empty()));
        assertThat(recorded(), is(empty()));
    }

    @Test
    public void aRecordThatCannotBeReadIsRemovedOnceStale() throws IOException {
        Files.createDirectories(journalFolder());
        Path empty = Files.createFile(journalFolder().resolve("killed-while-writing.upload"));
        var storage = LOCAL.storage(run(), "staleUploadSeconds", STALE_AFTER);
        assertThat(storage.abortStaleUploads(Instant.now()), is(0));
        assertThat("it may be being written", Files.exists(empty), is(true));
        assertThat(storage.abortStaleUploads(staleNow()), is(0));
        assertThat(Arrays.asList(data.getRoot().list()), contains("cosftp"));
        assertThat(recorded(), is(empty()));
    }
}
