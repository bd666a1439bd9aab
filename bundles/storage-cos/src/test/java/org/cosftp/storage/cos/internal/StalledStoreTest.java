package org.cosftp.storage.cos.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

import org.cosftp.localstore.StoreRequest;
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
