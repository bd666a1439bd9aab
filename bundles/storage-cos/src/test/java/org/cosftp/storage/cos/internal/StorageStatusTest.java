package org.cosftp.storage.cos.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertTrue;

import org.cosftp.storage.ObjectWriter;
import org.cosftp.storage.StorageStatus;
import org.junit.Rule;
import org.junit.Test;

/** What a storage tells an operator of its uploads (whether the store answers: {@link StalledStoreTest}). */
public class StorageStatusTest {
    private static final long MIB = 1024 * 1024;

    @Rule
    public final LocalStore local = new LocalStore();

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
