package org.cosftp.storage.cos.internal;

import java.util.concurrent.RejectedExecutionException;

import com.qcloud.cos.model.AbortMultipartUploadRequest;
import org.cosftp.storage.ObjectNotFoundException;
import org.cosftp.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The further tries to abort a multipart upload whose abort failed, so that no discarded upload stays open. */
final class AbortRetries {
    /** Under the storage's name, as the abort that failed was told there. */
    private static final Logger LOG = LoggerFactory.getLogger(CosObjectStorage.class);
    /** The pauses before each further try to abort a multipart upload whose abort failed. */
    private static final long[] ABORT_AGAIN_SECONDS = {2, 4, 8, 16, 32, 64, 128};

    private AbortRetries() {
    }

    /**
     * Tries again, on a transfer thread, to abort a multipart upload whose abort failed (the store did not
     * answer, or failed): as soon as the store answers again, no upload of a discarded file is left open. It holds
     * a lease meanwhile, so that a reconfiguration keeps the client until it is done; it gives up after about
     * four minutes, leaving the upload to the stale-upload passes.
     */
    static void abortLater(LeasedClient client, UploadJournal journal, String key, String uploadId,
            UploadJournal.Entry recorded) {
        LeasedClient.Lease lease;
        try {
            lease = client.lease();
        } catch (StorageException closed) {
            return;
        }
        try {
            client.execute(() -> {
                try (lease) {
                    abortAgain(client, journal, key, uploadId, recorded);
                }
            });
        } catch (RejectedExecutionException e) {
            lease.close();
        }
    }

    private static void abortAgain(LeasedClient client, UploadJournal journal, String key, String uploadId,
            UploadJournal.Entry recorded) {
        StorageSettings settings = client.settings();
        var request = new AbortMultipartUploadRequest(settings.bucket(), key, uploadId);
        for (long pause : ABORT_AGAIN_SECONDS) {
            try {
                Thread.sleep(pause * 1000);
                client.call(CosApi.ABORT_MULTIPART_UPLOAD, "abort upload of", key, cos -> {
                    cos.abortMultipartUpload(request);
                    return null;
                });
                LOG.info("aborted the multipart upload {} of '{}' on {} once the store answered again", uploadId,
                        key, settings.name());
                client.uploadCleanedUp();
            } catch (ObjectNotFoundException gone) {
                // NoSuchUpload: aborted meanwhile, by a pass, or completed by a request whose answer was lost
            } catch (StorageException e) {
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            journal.ended(recorded);
            return;
        }
        LOG.warn("gave up aborting the multipart upload {} of '{}' on {} for now; a pass aborts it once it is {} s old",
                uploadId, key, settings.name(), settings.staleUploadSeconds());
    }
}
