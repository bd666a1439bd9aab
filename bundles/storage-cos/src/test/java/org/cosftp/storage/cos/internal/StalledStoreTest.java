package org.cosftp.storage.cos.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.cosftp.localstore.StoreRequest;
import org.cosftp.storage.StorageException;
import org.cosftp.storage.StorageStatus;
import org.cosftp.storage.StorageTimeoutException;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

/**
 * A store that takes requests and answers none: every request, with all its retries, fails within
 * {@code commandTimeoutSeconds}, as a timeout that names the storage, and the storage works as soon as the store
 * answers again.
 */
public class StalledStoreTest {
    @Rule
    public final LocalStore local = new LocalStore();

    @After
    public void answerAgain() {
        local.store().faults().clear();
    }

    @Test
    public void aRequestWithItsRetriesEndsWithinTheBound() throws Exception {
        CosObjectStorage storage = local.storage("commandTimeoutSeconds", "2", "maxErrorRetry", "5");
        byte[] bytes = LocalStore.randomBytes(1000, 1);
        LocalStore.write(storage, "stall/a.bin", bytes);
        local.store().faults().stall(StoreRequest.any(), 0, Duration.ofMinutes(1));

        long start = System.nanoTime();
        var timeout = assertThrows(StorageTimeoutException.class, () -> storage.stat("stall/a.bin"));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds, greaterThanOrEqualTo(1.9));
        assertThat("the 2 s bound holds for all retries together", seconds, lessThan(6.0));
        assertThat(timeout.getMessage(), containsString("did not answer within 2 s"));
        assertThat(timeout.storage(), containsString("test"));

        local.store().faults().release();
        assertTrue(storage.stat("stall/a.bin").isPresent());
        assertArrayEquals(bytes, LocalStore.read(storage, "stall/a.bin"));
    }

    /**
     * The SDK's timer of an attempt may end it a little before the bound runs out: that failure, an interrupted
     * request, is the bound's all the same, and an FTP client must hear that the store did not answer, not that
     * it could not be reached. Many stalled requests at once make the timer's lead likely.
     */
    @Test
    public void everyStalledRequestOfManyAtOnceFailsAsATimeout() throws Exception {
        CosObjectStorage storage = local.storage("commandTimeoutSeconds", "1", "maxErrorRetry", "3");
        local.store().faults().stall(StoreRequest.any(), 0, Duration.ofMinutes(1));
        ExecutorService callers = Executors.newFixedThreadPool(32);
        try {
            var outcomes = new ArrayList<Future<String>>();
            for (int i = 0; i < 96; i++) {
                String key = "stall/many-" + i + ".bin";
                outcomes.add(callers.submit(() -> {
                    try {
                        storage.stat(key);
                        return "answered";
                    } catch (StorageTimeoutException expected) {
                        return "timeout";
                    } catch (StorageException other) {
                        return other.getMessage();
                    }
                }));
            }
            var notTimeouts = new ArrayList<String>();
            for (Future<String> outcome : outcomes) {
                String what = outcome.get(1, TimeUnit.MINUTES);
                if (!what.equals("timeout")) {
                    notTimeouts.add(what);
                }
            }
            assertThat(notTimeouts, is(List.of()));
        } finally {
            callers.shutdownNow();
        }
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
    public void aDownloadThatGetsNoAnswerEndsWithinTheBound() throws Exception {
        CosObjectStorage storage = local.storage("commandTimeoutSeconds", "3");
        byte[] bytes = LocalStore.randomBytes(200_000, 4);
        LocalStore.write(storage, "stall/c.bin", bytes);
        local.store().faults().stall(StoreRequest.any(), 0, Duration.ofMinutes(1));

        long start = System.nanoTime();
        assertThrows(StorageTimeoutException.class, () -> storage.read("stall/c.bin", 0));
        assertThat((System.nanoTime() - start) / 1e9, lessThan(8.0));
        local.store().faults().clear();
        assertArrayEquals(bytes, LocalStore.read(storage, "stall/c.bin"));
    }

    @Test
    public void aStalledWriteIsNotCarriedOutAndTheOldObjectStays() throws Exception {
        CosObjectStorage storage = local.storage("commandTimeoutSeconds", "2");
        byte[] old = LocalStore.randomBytes(1000, 2);
        LocalStore.write(storage, "stall/b.bin", old);
        local.store().faults().stall(StoreRequest.method("PUT"), 0, Duration.ofMinutes(1));

        assertThrows(StorageTimeoutException.class,
                () -> LocalStore.write(storage, "stall/b.bin", LocalStore.randomBytes(1000, 3)));
        local.store().faults().release();
        assertArrayEquals(old, LocalStore.read(storage, "stall/b.bin"));
    }
}
