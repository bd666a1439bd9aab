package org.cosftp.storage.cos.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.qcloud.cos.exception.CosServiceException;
import org.cosftp.storage.StorageException;
import org.cosftp.storage.StorageRequest;
import org.cosftp.storage.StorageRequest.Outcome;
import org.cosftp.storage.StorageRequestListener;
import org.cosftp.storage.StorageTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link StorageRequestListener} services of the moment, told of each request a storage's clients send:
 * the metrics hear of COS through them. One set per storage component, shared by the clients of its successive
 * settings. Thread-safe; nothing a listener throws reaches the request.
 */
final class RequestListeners {
    private static final Logger LOG = LoggerFactory.getLogger(RequestListeners.class);

    /** For a storage no listener hears: the tests' clients. */
    static final RequestListeners NONE = new RequestListeners();

    private final List<StorageRequestListener> listeners = new CopyOnWriteArrayList<>();

    void add(StorageRequestListener listener) {
        listeners.add(listener);
    }

    void remove(StorageRequestListener listener) {
        listeners.remove(listener);
    }

    /** A request of {@code storage} ended: {@code failure} is {@code null} if it succeeded. */
    void ended(String storage, CosApi api, long startNanos, RuntimeException cause, StorageException failure) {
        if (listeners.isEmpty()) {
            return;
        }
        var request = new StorageRequest(storage, api.apiName(), outcome(cause, failure),
                Duration.ofNanos(System.nanoTime() - startNanos), RequestDeadline.retries());
        for (StorageRequestListener listener : listeners) {
            try {
                listener.requestEnded(request);
            } catch (RuntimeException e) {
                LOG.warn("a storage request listener failed: {}", e.toString());
            }
        }
    }

    /** A multipart upload that was left open was aborted. */
    void uploadCleanedUp(String storage) {
        for (StorageRequestListener listener : listeners) {
            try {
                listener.uploadCleanedUp(storage);
            } catch (RuntimeException e) {
                LOG.warn("a storage request listener failed: {}", e.toString());
            }
        }
    }

    static Outcome outcome(RuntimeException cause, StorageException failure) {
        if (failure == null) {
            return Outcome.SUCCESS;
        }
        if (failure instanceof StorageTimeoutException) {
            return Outcome.TIMEOUT;
        }
        if (cause instanceof CosServiceException service) {
            int status = service.getStatusCode();
            return status == 404 ? Outcome.NOT_FOUND : status == 401 || status == 403 ? Outcome.ACCESS_DENIED
                    : status >= 500 ? Outcome.SERVER_ERROR : Outcome.CLIENT_ERROR;
        }
        return Outcome.UNREACHABLE;
    }
}
