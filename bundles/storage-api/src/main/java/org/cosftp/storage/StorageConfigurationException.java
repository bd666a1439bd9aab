package org.cosftp.storage;

/** The storage is misconfigured: the bucket does not exist, the region or endpoint is wrong. */
public class StorageConfigurationException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** With a message for the operator. */
    public StorageConfigurationException(String message) {
        super(message);
    }

    /** With a message for the operator and the underlying cause. */
    public StorageConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
