package org.cosftp.storage;

/**
 * The store did not answer within the time a storage allows one wait for it, retries included: it is
 * overloaded, stalled or cut off. Transient; the message, for the operator, says which request it was.
 */
public class StorageTimeoutException extends StorageException {
    private static final long serialVersionUID = 1L;
    private final String storage;
    private final int seconds;

    /**
     * @param message what did not get an answer, for the operator
     * @param storage the name of the storage, which a client may be told
     * @param seconds how long the storage waited, which a client may be told
     */
    public StorageTimeoutException(String message, String storage, int seconds) {
        super(message);
        this.storage = storage;
        this.seconds = seconds;
    }

    /** The name of the storage that did not answer. */
    public String storage() {
        return storage;
    }

    /** How long it was waited for, in seconds. */
    public int seconds() {
        return seconds;
    }
}
