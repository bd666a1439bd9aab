package org.cosftp.storage.cos.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import com.qcloud.cos.model.AbortMultipartUploadRequest;
import org.cosftp.storage.ObjectNotFoundException;
import org.cosftp.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborts the multipart uploads a crash left open in one storage's bucket: those the {@link UploadJournal}
 * records, that no writer of this JVM runs, and that are at least {@code staleUploadSeconds} old. Uploads of other
 * tools are never in the journal, so never touched.
 *
 * <p>The age is a second guard beside the running mark: a writer of another JVM on the same data folder (or of
 * this bundle before a refresh) is not known as running here, and an upload of a few hours is still its own.
 */
final class StaleUploads {
    private static final Logger LOG = LoggerFactory.getLogger(StaleUploads.class);

    private StaleUploads() {
    }

    /**
     * One pass over {@code journal} for the bucket of {@code client}; returns how many uploads it aborted. An abort that fails is
     * logged and left recorded, for the next pass. Passes run one at a time across storages, so that two storages
     * on the same bucket never abort (and report) one upload twice.
     */
    static synchronized int abort(LeasedClient client, UploadJournal journal, Instant now) throws IOException {
        StorageSettings settings = client.settings();
        Instant staleBefore = now.minusSeconds(settings.staleUploadSeconds());
        int aborted = 0;
        for (UploadJournal.Entry entry : journal.entries(staleBefore)) {
            if (!entry.isIn(settings) || journal.isRunning(entry) || entry.started().isAfter(staleBefore)
                    || !journal.contains(entry)) {
                continue;
            }
            long age = Duration.between(entry.started(), now).toSeconds();
            var request = new AbortMultipartUploadRequest(settings.bucket(), entry.key(), entry.uploadId());
            try {
                client.call(CosApi.ABORT_MULTIPART_UPLOAD, "abort stale upload of", entry.key(), cos -> {
                    cos.abortMultipartUpload(request);
                    return null;
                });
                LOG.info("aborted stale multipart upload on storage '{}': key '{}', upload id {}, age {} s (started by "
                        + "cos-ftp, and no transfer runs it any more)", settings.name(), entry.key(), entry.uploadId(), age);
                client.uploadCleanedUp();
                aborted++;
            } catch (ObjectNotFoundException gone) {
                // NoSuchUpload: it was completed or aborted after all, and only its record was left
                LOG.info("stale multipart upload on storage '{}' was no longer open: key '{}', upload id {}, age {} s",
                        settings.name(), entry.key(), entry.uploadId(), age);
            } catch (StorageException e) {
                LOG.warn("could not abort stale multipart upload on storage '{}': key '{}', upload id {}, age {} s; "
                        + "retried in the next pass: {}", settings.name(), entry.key(), entry.uploadId(), age,
                        e.getMessage());
                continue;
            }
            journal.forget(entry);
        }
        return aborted;
    }
}
