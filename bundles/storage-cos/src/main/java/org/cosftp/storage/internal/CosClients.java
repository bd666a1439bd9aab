package org.cosftp.storage.internal;

import java.util.Locale;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.ClientConfig;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.endpoint.EndpointBuilder;
import com.qcloud.cos.endpoint.EndpointResolver;
import com.qcloud.cos.http.HttpProtocol;
import com.qcloud.cos.region.Region;
import com.qcloud.cos.retry.PredefinedBackoffStrategies;

/** Builds the COS SDK client for a storage's settings. */
final class CosClients {
    private static final int BACKOFF_BASE_MILLIS = 100;
    private static final int BACKOFF_MAX_MILLIS = 10_000;

    private CosClients() {
    }

    static COSClient create(StorageSettings settings) {
        var config = new ClientConfig(new Region(settings.region()));
        config.setHttpProtocol(settings.protocol().equals("http") ? HttpProtocol.http : HttpProtocol.https);
        config.setMaxErrorRetry(settings.maxErrorRetry());
        config.setMaxErrorRetryForCopyRequest(settings.maxErrorRetry());
        config.setBackoffStrategy(new PredefinedBackoffStrategies.ExponentialBackoffStrategy(BACKOFF_BASE_MILLIS,
                BACKOFF_MAX_MILLIS));
        config.setConnectionTimeout(settings.connectTimeoutSeconds() * 1000);
        config.setSocketTimeout(settings.socketTimeoutSeconds() * 1000);
        config.setMaxConnectionsCount(settings.maxConnections());
        config.setUserAgent("cos-ftp");
        if (!settings.endpoint().isEmpty()) {
            var endpoint = new CustomEndpoint(settings.endpoint());
            config.setEndpointBuilder(endpoint);
            config.setEndpointResolver(endpoint);
        }
        return new COSClient(new BasicCOSCredentials(settings.secretId(), settings.secretKey()), config);
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
