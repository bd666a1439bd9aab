package org.cosftp.storage;

/** An upload grew beyond the largest object the storage accepts. */
public class ObjectTooLargeException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** With a message for the operator. */
    public ObjectTooLargeException(String message) {
        super(message);
    }

    /** With a message for the operator and the underlying cause. */
    public ObjectTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
