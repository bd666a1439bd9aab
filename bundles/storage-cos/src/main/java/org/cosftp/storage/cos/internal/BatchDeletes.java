package org.cosftp.storage.cos.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.qcloud.cos.model.DeleteObjectsRequest;
import org.cosftp.storage.StorageException;

/** Deletes many keys in as few requests as COS allows. */
final class BatchDeletes {
    /** COS deletes at most 1,000 keys per batch request. */
    private static final int BATCH = 1000;

    private BatchDeletes() {
    }

    static void delete(LeasedClient client, Collection<String> keys) throws StorageException {
        var batch = new ArrayList<DeleteObjectsRequest.KeyVersion>(Math.min(keys.size(), BATCH));
        for (String key : keys) {
            batch.add(new DeleteObjectsRequest.KeyVersion(key));
            if (batch.size() == BATCH) {
                deleteBatch(client, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            deleteBatch(client, batch);
        }
    }

    private static void deleteBatch(LeasedClient client, List<DeleteObjectsRequest.KeyVersion> batch)
            throws StorageException {
        var request = new DeleteObjectsRequest(client.settings().bucket());
        request.setKeys(new ArrayList<>(batch));
        request.setQuiet(true);
        client.call(CosApi.DELETE_MULTIPLE_OBJECTS, "delete " + batch.size() + " objects starting at",
                batch.get(0).getKey(), cos -> cos.deleteObjects(request));
    }
}
