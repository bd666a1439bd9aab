package org.cosftp.storage;

import java.io.IOException;

/** A storage operation failed; the message says which and why, for an operator. */
public class StorageException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With a message for the operator. */
    public StorageException(String message) {
        super(message);
    }

    /** With a message for the operator and the underlying cause. */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
