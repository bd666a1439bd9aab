package org.cosftp.storage.cos.internal;

import java.util.Set;

import com.qcloud.cos.exception.CosClientException;
import com.qcloud.cos.exception.CosServiceException;
import org.cosftp.storage.ObjectNotFoundException;
import org.cosftp.storage.StorageAccessDeniedException;
import org.cosftp.storage.StorageConfigurationException;
import org.cosftp.storage.StorageException;
import org.cosftp.storage.StorageTimeoutException;

/** Turns COS SDK exceptions into storage exceptions with messages for an operator, free of credentials. */
final class CosErrors {
    private static final Set<String> REFUSALS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidSecretId", "AccessDenied", "RequestTimeTooSkewed");
    private final StorageSettings settings;

    CosErrors(StorageSettings settings) {
        this.settings = settings;
    }

    /** Maps a failed request on {@code key} (may be {@code null}) during {@code operation}. */
    StorageException map(String operation, String key, RuntimeException e) {
        String what = operation + (key == null ? "" : " '" + key + "'") + " on " + settings;
        if (e instanceof CosServiceException service) {
            String code = String.valueOf(service.getErrorCode());
            String detail = service.getStatusCode() + " " + code
                    + (service.getRequestId() == null ? "" : ", request id " + service.getRequestId());
            int status = service.getStatusCode();
            // answers to HEAD carry no error document, only the status: decide on either
            if (code.equals("NoSuchBucket")) {
                return new StorageConfigurationException(clean(what + " failed: the bucket does not exist"
                        + " (" + detail + "); check bucket, region and endpoint"), null);
            }
            if (code.equals("NoSuchKey") || status == 404) {
                return new ObjectNotFoundException(clean("no object '" + key + "' in " + settings), null);
            }
            if (REFUSALS.contains(code) || status == 403) {
                return new StorageAccessDeniedException(clean(what + " was refused (" + detail
                        + "); check secretId, secretKey, the key's permissions on the bucket and the clock"), null);
            }
            String message = service.getErrorMessage();
            return new StorageException(clean(what + " failed (" + detail
                    + (message == null || message.isBlank() ? "" : ": " + message) + ")"), null);
        }
        if (e instanceof CosClientException) {
            String reason = e.getCause() != null ? e.getCause().toString() : String.valueOf(e.getMessage());
            return new StorageException(clean(what + " failed: COS could not be reached (" + reason + ")"), null);
        }
        return new StorageException(clean(what + " failed: " + e), null);
    }

    /** A request on {@code key} (may be {@code null}) that COS did not answer within the bound, retries included. */
    StorageTimeoutException timedOut(String operation, String key) {
        return timedOut(operation, key, settings.commandTimeoutSeconds() * 1000L);
    }

    /** As {@link #timedOut(String, String)}, for a request that was allowed {@code boundMillis}. */
    StorageTimeoutException timedOut(String operation, String key, long boundMillis) {
        int seconds = (int) ((boundMillis + 999) / 1000);
        return new StorageTimeoutException(clean(settings + " did not answer within " + seconds + " s ("
                + operation + (key == null ? "" : " '" + key + "'") + ", retries included; commandTimeoutSeconds = "
                + settings.commandTimeoutSeconds() + ")"), settings.name(), seconds);
    }

    /**
     * Keeps the secret key out of every message, whatever a lower layer put into it. The cause is never
     * attached for the same reason: SDK exceptions may carry request details.
     */
    String clean(String message) {
        String secret = settings.secretKey();
        return secret.length() < 4 ? message : message.replace(secret, "****");
    }
}
