package org.cosftp.ftp.internal.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.BooleanSupplier;

import org.cosftp.ftp.internal.command.UploadCommand;
import org.cosftp.storage.ObjectWriter;

/**
 * The stream an upload is written to. Closing it discards the upload; only {@link #commitIf} makes the object,
 * and {@link UploadCommand} calls it only when the transfer ended cleanly. So whatever closes the stream on
 * an error path (FtpServer does, in a try-with-resources), nothing half-written becomes visible.
 */
public final class UploadStream extends OutputStream {
    private final ObjectWriter writer;
    private final Runnable committed;

    /** An upload to {@code writer}; {@code committed} runs once the object is made. */
    UploadStream(ObjectWriter writer, Runnable committed) {
        this.writer = writer;
        this.committed = committed;
    }

    @Override
    public void write(int b) throws IOException {
        writer.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        writer.write(bytes, offset, length);
    }

    /**
     * Makes the object unless {@code proceed} says no right before it becomes visible; throws, having discarded
     * it, if that fails.
     *
     * @return whether the object was made
     */
    public boolean commitIf(BooleanSupplier proceed) throws IOException {
        if (!writer.commitIf(proceed)) {
            return false;
        }
        committed.run();
        return true;
    }

    /** The store's id of the request that made the object, once committed. */
    public String storeRequestId() {
        return writer.storeRequestId();
    }

    public long bytesWritten() {
        return writer.bytesWritten();
    }

    /** Discards the upload unless it was committed. */
    @Override
    public void close() {
        writer.close();
    }
}
