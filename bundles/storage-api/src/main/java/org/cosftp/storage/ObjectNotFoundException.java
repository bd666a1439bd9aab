package org.cosftp.storage;

/** The object does not exist. */
public class ObjectNotFoundException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** With a message for the operator. */
    public ObjectNotFoundException(String message) {
        super(message);
    }

    /** With a message for the operator and the underlying cause. */
    public ObjectNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
