package org.cosftp.storage;

import java.time.Duration;

/**
 * One request a storage sent to its store, once it was answered or failed: what a
 * {@link StorageRequestListener} hears of.
 *
 * @param storage the storage's name, as {@link ObjectStorage#name()} gives it
 * @param operation the store's API that was called, as its documentation names it ({@code PutObject},
 *        {@code GetBucket}, …)
 * @param outcome how it ended
 * @param duration how long it took, its retries included
 * @param retries how many times it was sent again after a failed attempt
 */
public record StorageRequest(String storage, String operation, Outcome outcome, Duration duration, int retries) {

    /** How a request ended. */
    public enum Outcome {
        /** The store did what was asked. */
        SUCCESS,
        /** The store answered that there is no such object (or bucket). */
        NOT_FOUND,
        /** The store refused the request as unauthorized or forbidden. */
        ACCESS_DENIED,
        /** The store refused the request otherwise (a conflict, a failed precondition, a bad request). */
        CLIENT_ERROR,
        /** The store answered with a server error (5xx). */
        SERVER_ERROR,
        /** The store did not answer within the storage's bound. */
        TIMEOUT,
        /** The store could not be reached (no connection, a broken connection, an unknown host). */
        UNREACHABLE
    }
}
