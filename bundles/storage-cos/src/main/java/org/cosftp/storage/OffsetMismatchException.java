package org.cosftp.storage;

/** An append named an offset other than the object's current size. */
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
