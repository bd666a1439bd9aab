package org.cosftp.localstore;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3ProxyHandler;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/** S3Proxy's request handler, opened up so that the adapter can render S3 error documents itself. */
final class CosDialectHandler extends S3ProxyHandler {

    CosDialectHandler(BlobStore blobStore, AuthenticationType authenticationType, String identity,
            String credential, String virtualHost, long maxSinglePartObjectSize,
            long v4MaxNonChunkedRequestSize, int v4MaxChunkSize, boolean ignoreUnknownHeaders,
            CrossOriginResourceSharing corsRules, String servicePath, int maximumTimeSkew) {
        super(blobStore, authenticationType, identity, credential, virtualHost, maxSinglePartObjectSize,
                v4MaxNonChunkedRequestSize, v4MaxChunkSize, ignoreUnknownHeaders, corsRules, servicePath,
                maximumTimeSkew);
    }

    void sendError(HttpServletRequest request, HttpServletResponse response, String code, int status,
            String message) throws IOException {
        sendSimpleErrorResponse(request, response, code, status, message, Map.of());
    }
}
