package org.cosftp.storage.cos.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.cosftp.localstore.StoreRequest;
import org.cosftp.storage.ObjectWriter;
import org.cosftp.storage.StorageStatus;
import org.cosftp.storage.StorageTimeoutException;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

/** What a storage tells an operator of itself: its bucket, whether the store answers, what its uploads hold. */
public class StorageStatusTest {
    private static final long MIB = 1024 * 1024;

    @Rule
    public final LocalStore local = new LocalStore();

    @After
    public void answerAgain() {
        local.store().faults().clear();
    }

    @Test
    public void aStoreThatStopsAnsweringIsUnhealthyUntilItAnswersAgain() throws Exception {
        CosObjectStorage storage = local.storage("commandTimeoutSeconds", "1", "maxErrorRetry", "0");
        StorageStatus fresh = storage.status();
        assertThat(fresh.location(), containsString("bucket test-1250000000, region ap-guangzhou, endpoint http://"));
        assertThat("no request yet: nothing to go on", fresh.lastAnswer().isPresent() || fresh.lastFailure().isPresent(),
                is(false));
        assertTrue(fresh.healthy());

        assertThat("no such object is an answer", storage.stat("status/none.bin"), is(Optional.empty()));
        assertTrue(storage.status().lastAnswer().isPresent());
        assertTrue(storage.status().healthy());

        local.store().faults().stall(StoreRequest.any(), 0, Duration.ofMinutes(1));
        assertThrows(StorageTimeoutException.class, () -> storage.stat("status/none.bin"));
        StorageStatus stalled = storage.status();
        assertThat(stalled.healthy(), is(false));
        assertThat(stalled.lastFailure().orElseThrow().message(), startsWith("did not answer within 1 s (stat "
                + "'status/none.bin', retries included"));

        local.store().faults().release();
        storage.stat("status/none.bin");
        assertThat("answered again", storage.status().healthy(), is(true));
        assertThat("the last failure is still shown", storage.status().lastFailure().isPresent(), is(true));
    }

    @Test
    public void openUploadsAndThePartBuffersTheyHoldAreCountedUntilTheyEnd() throws Exception {
        CosObjectStorage storage = local.storage("partSizeMiB", "5", "uploadMemoryMiB", "20");
        assertThat(storage.status().partBufferBytesMax(), is(20 * MIB));
        ObjectWriter committed = storage.write("status/a.bin", java.util.Map.of());
        ObjectWriter aborted = storage.write("status/b.bin", java.util.Map.of());
        committed.write(LocalStore.randomBytes((int) (6 * MIB), 1));
        StorageStatus writing = storage.status();
        assertThat(writing.uploadsOpen(), is(2));
        assertTrue("the first part's buffer and the second's: " + writing.partBufferBytesInUse(),
                writing.partBufferBytesInUse() >= 5 * MIB && writing.partBufferBytesInUse() <= 20 * MIB);

        committed.commit();
        aborted.abort();
        StorageStatus ended = storage.status();
        assertThat(ended.uploadsOpen(), is(0));
        assertThat(ended.partBufferBytesInUse(), is(0L));
    }
}
