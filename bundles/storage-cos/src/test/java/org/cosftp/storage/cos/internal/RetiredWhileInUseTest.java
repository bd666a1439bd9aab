package org.cosftp.storage.cos.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.cosftp.storage.ListEntry;
import org.cosftp.storage.Listing;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.StorageHold;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * A storage retired (its configuration changed) while work runs on it: listings across pages, holds and
 * operations of several requests finish on it, and its client closes once the last of them has ended, never
 * before and never later.
 */
public class RetiredWhileInUseTest {
    private static final int KEYS = 1_001;

    @ClassRule
    public static final LocalStore LOCAL = new LocalStore();

    /** Two pages of keys under {@code pages/}. */
    @BeforeClass
    public static void writeKeys() throws Exception {
        CosObjectStorage storage = LOCAL.storage();
        writeKeys(storage, "pages/");
        storage.retire();
    }

    private static void writeKeys(CosObjectStorage storage, String prefix) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            var writes = new ArrayList<Future<?>>();
            for (int i = 0; i < KEYS; i++) {
                String key = prefix + String.format("%04d", i);
                writes.add(writers.submit(() -> {
                    LocalStore.write(storage, key, new byte[] {1});
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            writers.shutdown();
        }
    }

    private static boolean closed(CosObjectStorage storage) {
        try {
            storage.stat("probe");
            return false;
        } catch (LeasedClient.ClosedException e) {
            return true;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void aListingAcrossPagesFinishesOnTheStorageItStartedOnWhichThenCloses() throws Exception {
        CosObjectStorage storage = LOCAL.storage();
        Listing listing = storage.list("pages/", true);
        List<String> keys = new ArrayList<>();
        keys.add(listing.next().key());
        storage.retire();
        assertThat("a listing under way keeps the client", closed(storage), is(false));
        listing.forEachRemaining(entry -> keys.add(entry.key()));
        assertThat("every key of both pages", keys.size(), is(KEYS));
        assertThat("the client closed once the last page was read", closed(storage), is(true));
    }

    @Test
    public void aListingClosedEarlyLetsTheRetiredStorageClose() throws Exception {
        CosObjectStorage storage = LOCAL.storage();
        Listing listing = storage.list("pages/", true);
        ListEntry first = listing.next();
        assertThat(first.key(), is("pages/0000"));
        storage.retire();
        assertThat("a second page is still to come", closed(storage), is(false));
        listing.close();
        listing.close();
        // the page fetched ahead may still be on its way: the client closes when it is back
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!closed(storage) && System.nanoTime() < deadline) {
            Thread.sleep(10); // a poll of the storage, which tells no one when it closes
        }
        assertThat("closing gave the lease back", closed(storage), is(true));
    }

    @Test
    public void aHoldKeepsEveryCallOnTheRetiredStorageUntilItIsClosed() throws Exception {
        CosObjectStorage storage = LOCAL.storage();
        StorageHold hold = storage.hold();
        storage.retire();
        ObjectStorage held = hold.storage();
        LocalStore.write(storage, "held/a", new byte[] {1});
        held.copy("held/a", "held/b");
        assertTrue(held.deleteIfUnchanged("held/a", held.stat("held/a").orElseThrow().etag()));
        held.setMetadata("held/b", Map.of("mtime", "20200101000000"));
        held.deleteAll(List.of("held/b"));
        assertThat(closed(storage), is(false));
        hold.close();
        hold.close();
        assertThat("the hold gave the lease back, once", closed(storage), is(true));
        assertThrows(LeasedClient.ClosedException.class, () -> storage.hold());
    }
}
