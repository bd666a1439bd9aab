package org.cosftp.storage;

/** An offset that does not fit the object: an append at other than its current size, or a read past its end. */
public class OffsetMismatchException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** With a message for the operator. */
    public OffsetMismatchException(String message) {
        super(message);
    }

    /** With a message for the operator and the underlying cause. */
    public OffsetMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
