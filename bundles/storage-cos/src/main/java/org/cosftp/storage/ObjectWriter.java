package org.cosftp.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An object being written. {@link #close()} commits: only then does the object appear (or change).
 * {@link #abort()} discards everything written. After a failed {@code write} or {@code close} the writer has
 * aborted itself, and the object is as it was before.
 */
public abstract class ObjectWriter extends OutputStream {

    /**
     * Discards what was written and releases every resource the writer holds, in the store too (such as an
     * open multipart upload). Does nothing if the writer is already closed or aborted.
     */
    public abstract void abort();

    /** How many bytes were written so far. */
    public abstract long bytesWritten();

    /** Commits the object. Throws, having aborted, if it cannot be committed. */
    @Override
    public abstract void close() throws IOException;
}
