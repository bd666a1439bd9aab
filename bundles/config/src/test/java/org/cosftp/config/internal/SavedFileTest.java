package org.cosftp.config.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

/** When a change of a cfg file is Karaf's write-back undoing a save, and when it is not. */
public class SavedFileTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final SavedFile file = new SavedFile(true);

    private static byte[] text(String value) {
        return ("maxLogins = " + value + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> values(String value) {
        return Map.of("maxLogins", value);
    }

    private byte[] seen(String value, long nanos) {
        return file.seen(text(value), nanos, values(value), nanos);
    }

    @Test
    public void aSaveUndoneByTheWriteBackOfTheUpdateBeforeItIsWrittenBack() {
        seen("10", 0);
        file.applied(values("10"), 100 * MS);
        seen("20", 101 * MS);
        assertArrayEquals("the save of 20 is applied again", text("20"), seen("10", 150 * MS));
        file.applied(values("20"), 160 * MS);
        assertNull("the write-back of the save applied again", seen("20", 170 * MS));
        assertNull("the write-back undone is no save", seen("10", 180 * MS));
    }

    @Test
    public void theWriteBackOfTheSaveItAppliedIsLeftAlone() {
        seen("10", 0);
        file.applied(values("10"), 100 * MS);
        assertNull("the same bytes", seen("10", 102 * MS));
        assertNull("a later save", seen("20", 200 * MS));
    }

    @Test
    public void readsOfAnUnchangedFileAreNotTheWriteBack() {
        file.seen(text("10"), 0, values("10"), 0);
        file.applied(values("10"), 100 * MS);
        assertNull(file.seen(text("10"), 0, values("10"), 101 * MS));
        seen("20", 102 * MS);
        assertArrayEquals("the write-back, after the reads of the file before", text("20"), seen("10", 110 * MS));
    }

    @Test
    public void theWriteBackInItsOwnLayoutIsLeftAlone() {
        seen("10", 0);
        file.applied(values("10"), 100 * MS);
        assertNull(file.seen("maxLogins=10\n".getBytes(StandardCharsets.UTF_8), 102 * MS, values("10"), 102 * MS));
    }

    @Test
    public void aSaveThatTurnsBackToTheAppliedValuesAfterTheWriteBackIsTheOperators() {
        seen("10", 0);
        file.applied(values("10"), 100 * MS);
        assertNull(seen("10", 101 * MS));
        seen("20", 300 * MS);
        assertNull("the operator undid the save of 20", seen("10", 400 * MS));
    }

    @Test
    public void theFirstBlockOfTheWriteBackIsNotASave() {
        seen("10", 0);
        file.applied(values("10"), 100 * MS);
        assertNull("the file emptied as the write-back opens it", file.seen(new byte[0], 101 * MS, Map.of(), 101 * MS));
        byte[] whole = text("10");
        byte[] firstBlock = java.util.Arrays.copyOf(whole, 5);
        assertNull(file.seen(firstBlock, 102 * MS, Map.of("maxL", ""), 102 * MS));
        assertNull(seen("10", 103 * MS));
    }

    @Test
    public void anUpdateMadeOutsideTheFileIsWrittenBackAsKarafMeansIt() {
        seen("10", 0);
        // another tool updates the configuration; Karaf writes its values to the file
        file.applied(values("30"), 10_000 * MS);
        assertNull(seen("30", 10_001 * MS));
    }

    @Test
    public void theFirstBlocksOfALongSaveAreNotRestored() {
        String longValue = "x".repeat(5000);
        seen("10", 0);
        file.applied(values("10"), 100 * MS);
        byte[] firstBlocks = java.util.Arrays.copyOf(text(longValue), 4096 * 2);
        file.seen(firstBlocks, 101 * MS, Map.of("maxLogins", "x".repeat(8000)), 101 * MS);
        assertNull("half a save stays out of the file", seen("10", 102 * MS));
    }

    @Test
    public void aLongSaveUndoneByTheWriteBackIsRestored() {
        String longValue = "x".repeat(5000);
        seen("10", 0);
        file.applied(values("10"), 100 * MS);
        seen(longValue, 101 * MS);
        assertArrayEquals(text(longValue), seen("10", 102 * MS));
    }

    @Test
    public void withoutAWriteBackNothingIsRestored() {
        var file = new SavedFile(false);
        file.seen(text("10"), 0, values("10"), 0);
        file.applied(values("10"), 100 * MS);
        file.seen(text("20"), 101 * MS, values("20"), 101 * MS);
        assertNull(file.seen(text("10"), 150 * MS, values("10"), 150 * MS));
    }

    @Test
    public void aChangeLongAfterTheUpdateIsNotItsWriteBack() {
        seen("10", 0);
        file.applied(values("10"), 100 * MS);
        seen("20", 101 * MS);
        assertNull(seen("10", 6_000 * MS));
    }
}
