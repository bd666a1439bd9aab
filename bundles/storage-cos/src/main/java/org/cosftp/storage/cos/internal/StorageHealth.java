package org.cosftp.storage.cos.internal;

import java.time.Instant;
import java.util.Optional;

import com.qcloud.cos.exception.CosServiceException;
import org.cosftp.storage.StorageException;
import org.cosftp.storage.StorageStatus;
import org.cosftp.storage.StorageTimeoutException;

/**
 * Whether COS answers the requests of one client: the time of its last answer and its last failure. A refusal
 * (403) and a server error (5xx) count as failures, as do timeouts and unreachable endpoints; any other answer,
 * "no such object" included, shows the store working. Thread-safe.
 */
final class StorageHealth {
    /** The storage's description, which every failure's message holds and a status shows beside it already. */
    private final String storage;
    private volatile Instant lastAnswer;
    private volatile StorageStatus.Failure lastFailure;

    StorageHealth(StorageSettings settings) {
        this.storage = settings.toString();
    }

    void answered() {
        lastAnswer = Instant.now();
    }

    /** A request that ended in {@code cause}, reported as {@code failure}. */
    void ended(RuntimeException cause, StorageException failure) {
        if (cause instanceof CosServiceException service && service.getStatusCode() != 403
                && service.getStatusCode() < 500 && !(failure instanceof StorageTimeoutException)) {
            answered();
        } else {
            // "stat 'a' on storage 'x' (bucket …) failed: …" and "storage 'x' (bucket …) did not answer …"
            String message = failure.getMessage().replace(" on " + storage, "").replace(storage + " ", "");
            lastFailure = new StorageStatus.Failure(Instant.now(), message);
        }
    }

    Optional<Instant> lastAnswer() {
        return Optional.ofNullable(lastAnswer);
    }

    Optional<StorageStatus.Failure> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }
}
