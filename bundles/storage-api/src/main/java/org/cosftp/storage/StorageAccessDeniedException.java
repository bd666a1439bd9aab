package org.cosftp.storage;

/** The store refused the credentials, or they do not allow the operation. */
public class StorageAccessDeniedException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** With a message for the operator. */
    public StorageAccessDeniedException(String message) {
        super(message);
    }

    /** With a message for the operator and the underlying cause. */
    public StorageAccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
