package org.cosftp.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.BooleanSupplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An object being written. Only {@link #commit()} makes the object appear (or change); {@link #close()}
 * without a commit before it discards everything written, so that a try-with-resources left by any exception
 * never stores half a file. After a failed {@code write} or {@code commit} the writer has discarded itself,
 * and the object is as it was before.
 */
@ProviderType
public abstract class ObjectWriter extends OutputStream implements StoreRequestIdentified {

    /** Makes the object of what was written. Throws, having discarded it, if that cannot be done. */
    public void commit() throws IOException {
        commitIf(() -> true);
    }

    /**
     * Makes the object as {@link #commit()} does, but asks {@code proceed} once more right before the object
     * becomes visible (for a multipart upload, once its last parts are stored): if it answers false, the upload
     * is discarded instead.
     *
     * @return whether the object was made
     */
    public abstract boolean commitIf(BooleanSupplier proceed) throws IOException;

    /**
     * Discards what was written and releases every resource the writer holds, in the store too (such as an
     * open multipart upload). Does nothing if the writer is already committed or discarded.
     */
    public abstract void abort();

    /** How many bytes were written so far. */
    public abstract long bytesWritten();

    /** Empty: writers of stores that identify their requests say which one made the object. */
    @Override
    public String storeRequestId() {
        return "";
    }

    /** Discards the upload unless it was {@linkplain #commit() committed}; never stores anything. */
    @Override
    public final void close() {
        abort();
    }
}
