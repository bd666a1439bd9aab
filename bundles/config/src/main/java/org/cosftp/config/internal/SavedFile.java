package org.cosftp.config.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One cfg file of cos-ftp as the {@link SaveKeeper} follows it: what the file last held, and what Karaf last
 * applied to its configuration. Decides when a change of the file is Karaf's write-back undoing a save that came
 * after Karaf read the file: the write-back comes once after each update, and holds the update's values.
 */
final class SavedFile {
    /** Karaf writes back while it delivers the update, well within this. */
    private static final long WRITE_BACK_NANOS = TimeUnit.SECONDS.toNanos(5);
    /**
     * Karaf reads a file and then updates its configuration: a save seen this much before the update may still
     * have come after the read.
     */
    private static final long READ_BEFORE_UPDATE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What the file system writes at once. */
    private static final int PAGE = 4096;

    /** @param writeBack whether Karaf wrote it back: never a save to apply again */
    private record Content(byte[] bytes, long modified, Map<String, Object> values, long seenNanos,
            boolean writeBack) {
    }

    private final boolean writesBack;
    private String pid;
    private Content last;
    private Map<String, Object> applied;
    private long appliedNanos;
    private boolean writtenBack = true;

    /** @param writesBack whether Karaf writes applied configurations back to their files */
    SavedFile(boolean writesBack) {
        this.writesBack = writesBack;
    }

    /** The configuration holds {@code values}, applied before this file was followed. */
    synchronized void known(Map<String, Object> values) {
        applied = values;
    }

    /** Karaf updated the configuration with {@code values}, which it may be about to write back to the file. */
    synchronized void applied(Map<String, Object> values, long nanos) {
        applied = values;
        appliedNanos = nanos;
        writtenBack = false;
    }

    /** Whether Karaf's write-back of its last update is yet to come. */
    synchronized boolean awaitingWriteBack() {
        return writesBack && !writtenBack && System.nanoTime() - appliedNanos < WRITE_BACK_NANOS;
    }

    /** Whether the file, as last seen, held these bytes written at {@code modified}. */
    synchronized boolean holds(byte[] bytes, long modified) {
        return last != null && last.modified == modified && Arrays.equals(last.bytes, bytes);
    }

    /** Whether these are the values Karaf last applied. */
    synchronized boolean applies(Map<String, Object> values) {
        return values.equals(applied);
    }

    /**
     * The file holds {@code bytes}, written at {@code modified} (the file's time), whose properties are
     * {@code values}.
     *
     * @return the save to apply again, when these bytes are Karaf's write-back undoing it; else {@code null}
     */
    synchronized byte[] seen(byte[] bytes, long modified, Map<String, Object> values, long nanos) {
        Content saved = last;
        // the write-back rewrites the file even with the bytes it held, and so dates it anew
        if (holds(bytes, modified)) {
            return null;
        }
        boolean writeBack = writesBack && !writtenBack && values.equals(applied)
                && nanos - appliedNanos < WRITE_BACK_NANOS;
        last = new Content(bytes, modified, values, nanos, writeBack);
        if (writeBack) {
            writtenBack = true;
            if (saved != null && undone(saved, bytes)) {
                return saved.bytes;
            }
        }
        return null;
    }

    /** The configuration this file is read into, once known. */
    synchronized String pid() {
        return pid;
    }

    synchronized void pid(String pid) {
        this.pid = pid;
    }

    /** Whether {@code saved}, replaced by {@code bytes}, is a save Karaf had not read when it updated. */
    private boolean undone(Content saved, byte[] bytes) {
        return !saved.writeBack
                && !Arrays.equals(saved.bytes, bytes)
                && saved.seenNanos - appliedNanos > -READ_BEFORE_UPDATE_NANOS
                && !saved.values.equals(applied)
                && whole(saved.bytes)
                // not the first block of the write-back itself
                && !startsWith(bytes, saved.bytes);
    }

    /**
     * Whether a file read is a whole save rather than the first blocks of one being written: a save of one page
     * is written at once, and a longer one ends with a line end where its blocks rarely do.
     */
    private static boolean whole(byte[] bytes) {
        return bytes.length > 0 && (bytes.length <= PAGE || bytes[bytes.length - 1] == '\n');
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
