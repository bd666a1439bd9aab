package org.cosftp.storage;

import java.time.Instant;
import java.util.Optional;

/**
 * What an operator sees of a storage: where it points, whether the store answered its last requests, and the
 * uploads and part buffers it holds now.
 *
 * @param location the bucket and where it is reached, such as {@code bucket demo-1250000000, region ap-guangzhou}
 * @param lastAnswer when the store last answered a request (a "no such object" is an answer), if it ever did
 * @param lastFailure the last request the store did not answer, or answered with a refusal or a server error
 * @param uploadsOpen the uploads (and appends, renames of large objects) being written now
 * @param partBufferBytesInUse the bytes of part buffers those uploads hold
 * @param partBufferBytesMax the bytes of part buffers they may hold together ({@code uploadMemoryMiB})
 */
public record StorageStatus(String location, Optional<Instant> lastAnswer, Optional<Failure> lastFailure,
        int uploadsOpen, long partBufferBytesInUse, long partBufferBytesMax) {

    /**
     * A request that failed: when, and the operator's message (never a credential), without the storage's
     * location, which the status holds already.
     */
    public record Failure(Instant at, String message) {
    }

    /** Whether the store answered since its last failure, or never failed. */
    public boolean healthy() {
        return lastFailure.isEmpty() || lastAnswer.isPresent() && lastAnswer.get().isAfter(lastFailure.get().at());
    }
}
