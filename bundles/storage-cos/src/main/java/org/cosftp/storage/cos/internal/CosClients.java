package org.cosftp.storage.cos.internal;

import java.util.Locale;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.ClientConfig;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.endpoint.EndpointBuilder;
import com.qcloud.cos.endpoint.EndpointResolver;
import com.qcloud.cos.http.CosHttpRequest;
import com.qcloud.cos.http.HttpProtocol;
import com.qcloud.cos.internal.CosServiceRequest;
import com.qcloud.cos.region.Region;
import com.qcloud.cos.retry.BackoffStrategy;
import com.qcloud.cos.retry.PredefinedBackoffStrategies;
import com.qcloud.cos.retry.RetryPolicy;
import org.apache.http.HttpResponse;

/** Builds the COS SDK client for a storage's settings. */
final class CosClients {
    private static final int BACKOFF_BASE_MILLIS = 100;
    private static final int BACKOFF_MAX_MILLIS = 10_000;

    private CosClients() {
    }

    static COSClient create(StorageSettings settings) {
        int bound = settings.commandTimeoutSeconds() * 1000;
        var config = new BoundedClientConfig(new Region(settings.region()), bound);
        config.setHttpProtocol(settings.protocol().equals("http") ? HttpProtocol.http : HttpProtocol.https);
        config.setMaxErrorRetry(settings.maxErrorRetry());
        config.setMaxErrorRetryForCopyRequest(settings.maxErrorRetry());
        // each attempt of a request, and the pause before each retry, get only what is left of the request's bound
        config.setRequestTimeOutEnable(true);
        config.setRetryPolicy(new BoundedRetryPolicy(config.getRetryPolicy()));
        config.setBackoffStrategy(new BoundedBackoff(new PredefinedBackoffStrategies.ExponentialBackoffStrategy(
                BACKOFF_BASE_MILLIS, BACKOFF_MAX_MILLIS)));
        config.setConnectionTimeout(Math.min(settings.connectTimeoutSeconds() * 1000, bound));
        // a response's body (a download, a listing's XML) is read after the attempt's timer: silence in it may
        // last no longer than the bound either. A second more, so that while the timer runs it is the timer that
        // ends a silent attempt, and the SDK takes back the interrupt it sends with it
        config.setSocketTimeout(Math.min(settings.socketTimeoutSeconds() * 1000, bound + 1000));
        config.setMaxConnectionsCount(settings.maxConnections());
        config.setUserAgent("cos-ftp");
        if (!settings.endpoint().isEmpty()) {
            var endpoint = new CustomEndpoint(settings.endpoint());
            config.setEndpointBuilder(endpoint);
            config.setEndpointResolver(endpoint);
        }
        return new COSClient(new BasicCOSCredentials(settings.secretId(), settings.secretKey()), config);
    }

    /** The SDK's configuration, whose time for one attempt is what is left of the running request's bound. */
    private static final class BoundedClientConfig extends ClientConfig {
        private final int bound;

        BoundedClientConfig(Region region, int bound) {
            super(region);
            this.bound = bound;
        }

        @Override
        public int getRequestTimeout() {
            return (int) RequestDeadline.remainingMillis(bound);
        }
    }

    /** The SDK's own retry decisions, and none once the request's bound has run out or is about to. */
    private static final class BoundedRetryPolicy extends RetryPolicy {
        private final RetryPolicy policy;

        BoundedRetryPolicy(RetryPolicy policy) {
            this.policy = policy;
        }

        @Override
        public <X extends CosServiceRequest> boolean shouldRetry(CosHttpRequest<X> request, HttpResponse response,
                Exception exception, int retryIndex) {
            boolean retry = !RequestDeadline.endingOrPassed()
                    && policy.shouldRetry(request, response, exception, retryIndex);
            if (retry) {
                RequestDeadline.retrying();
            }
            return retry;
        }
    }

    /** Exponential backoff that never sleeps past the request's bound. */
    private static final class BoundedBackoff implements BackoffStrategy {
        private final BackoffStrategy backoff;

        BoundedBackoff(BackoffStrategy backoff) {
            this.backoff = backoff;
        }

        @Override
        public long computeDelayBeforeNextRetry(int retries) {
            return Math.min(backoff.computeDelayBeforeNextRetry(retries),
                    RequestDeadline.remainingMillis(Long.MAX_VALUE));
        }
    }

    /**
     * A custom endpoint {@code host[:port]}: buckets are addressed as {@code <bucket>.<host>}. Names under
     * {@code localhost} are loopback by definition (RFC 6761), so they are connected to on 127.0.0.1 without
     * asking DNS; that is how the local store is reached.
     */
    static final class CustomEndpoint implements EndpointBuilder, EndpointResolver {
        private final String host;
        private final String port;

        CustomEndpoint(String endpoint) {
            int colon = endpoint.lastIndexOf(':');
            this.host = colon < 0 ? endpoint : endpoint.substring(0, colon);
            this.port = colon < 0 ? "" : endpoint.substring(colon);
        }

        @Override
        public String buildGeneralApiEndpoint(String bucketName) {
            return bucketName + "." + host;
        }

        @Override
        public String buildGetServiceApiEndpoint() {
            return host;
        }

        @Override
        public String resolveGeneralApiEndpoint(String generalApiEndpoint) {
            return resolve(generalApiEndpoint);
        }

        @Override
        public String resolveGetServiceApiEndpoint(String getServiceApiEndpoint) {
            return resolve(getServiceApiEndpoint);
        }

        private String resolve(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean loopback = lower.equals("localhost") || lower.endsWith(".localhost");
            return (loopback ? "127.0.0.1" : name) + port;
        }
    }
}
