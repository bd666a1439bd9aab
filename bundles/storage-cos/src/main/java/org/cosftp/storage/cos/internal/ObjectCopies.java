package org.cosftp.storage.cos.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.qcloud.cos.model.CopyObjectRequest;
import com.qcloud.cos.model.ObjectMetadata;
import org.cosftp.storage.ObjectNotFoundException;
import org.cosftp.storage.StorageException;

/**
 * Copies inside the bucket: of the latest version of an object, of one version only, and onto itself with new
 * user metadata. Up to the multipart copy threshold a copy is one request; above it a writer copies it part by
 * part. An object replaced while it is copied is copied again, a few times at most.
 */
final class ObjectCopies {
    /** How often a copy or a metadata change starts over when the object is replaced while it runs. */
    private static final int CHANGED_RETRIES = 3;

    /** Opens a writer of {@code key} with {@code metadata} and the other {@code headers} of its source. */
    @FunctionalInterface
    interface Writers {
        CosObjectWriter open(String key, Map<String, String> metadata, ObjectMetadata headers)
                throws StorageException;
    }

    private final LeasedClient client;
    private final Writers writers;

    ObjectCopies(LeasedClient client, Writers writers) {
        this.client = client;
        this.writers = writers;
    }

    /** Copies whatever version {@code sourceKey} has while it is copied. */
    void copyLatest(String sourceKey, String targetKey) throws StorageException {
        for (int attempt = 1;; attempt++) {
            if (copy(sourceKey, client.head(sourceKey), targetKey, null)) {
                return;
            }
            if (attempt == CHANGED_RETRIES) {
                throw new StorageException(client.errors().clean("cannot copy '" + sourceKey + "' to '" + targetKey
                        + "' on " + client.settings() + ": it was replaced " + attempt + " times while being copied"));
            }
        }
    }

    /** Copies {@code sourceKey} only while it has {@code etag}; whether it did. */
    boolean copyVersion(String sourceKey, String etag, String targetKey) throws StorageException {
        ObjectMetadata source;
        try {
            source = client.head(sourceKey);
        } catch (ObjectNotFoundException e) {
            return false;
        }
        return etag.equals(Etags.unquoted(source.getETag())) && copy(sourceKey, source, targetKey, null);
    }

    /** Gives {@code key} new user metadata, keeping its bytes and its other headers. */
    void replaceMetadata(String key, Map<String, String> metadata) throws StorageException {
        for (int attempt = 1;; attempt++) {
            if (copy(key, client.head(key), key, metadata)) {
                return;
            }
            if (attempt == CHANGED_RETRIES) {
                throw new StorageException(client.errors().clean("cannot set the metadata of '" + key + "' on "
                        + client.settings() + ": it was replaced " + attempt + " times meanwhile"));
            }
        }
    }

    /**
     * Copies the version of {@code sourceKey} that {@code source} describes. With {@code userMetadata} the copy
     * gets it instead of the source's; either way it keeps the source's headers (Content-Type and the like).
     *
     * @return whether it was copied; {@code false} if the source was replaced since it was looked at, and
     *         nothing was written
     */
    private boolean copy(String sourceKey, ObjectMetadata source, String targetKey, Map<String, String> userMetadata)
            throws StorageException {
        StorageSettings settings = client.settings();
        String etag = Etags.unquoted(source.getETag());
        if (source.getContentLength() <= settings.multipartCopyThreshold()) {
            var request = new CopyObjectRequest(settings.bucket(), sourceKey, settings.bucket(), targetKey);
            if (etag != null) {
                request.setMatchingETagConstraints(new ArrayList<>(List.of(Etags.quoted(etag))));
            }
            if (userMetadata != null) {
                ObjectMetadata replacement = CopiedHeaders.of(source);
                replacement.setUserMetadata(userMetadata);
                request.setNewObjectMetadata(replacement);
            }
            // the SDK answers a failed entity tag condition with null
            return client.callHoldingKey(CosApi.PUT_OBJECT_COPY, "copy to '" + targetKey + "' from", sourceKey,
                    targetKey, RequestDeadline.copyingMillis(source.getContentLength()), cos -> cos.copyObject(request))
                    != null;
        }
        var writer = writers.open(targetKey, userMetadata != null ? userMetadata : source.getUserMetadata(),
                CopiedHeaders.of(source));
        try {
            writer.startWithCopyOf(CosObjectStorage.info(sourceKey, source));
            writer.commit();
            return true;
        } catch (ObjectChangedException e) {
            writer.abort();
            return false;
        } catch (IOException | RuntimeException e) {
            throw writer.abandon("copy '" + sourceKey + "'", e);
        }
    }
}
