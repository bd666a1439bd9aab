package org.cosftp.localstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import com.google.common.base.Throwables;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.gaul.s3proxy.S3ProxyHandler;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The COS dialect adapter in front of S3Proxy.
 *
 * <p>The Tencent SDK speaks S3's XML API with three differences, and this servlet translates exactly
 * those: headers are named {@code x-cos-…} instead of {@code x-amz-…} (both ways), and copy sources are
 * sent as {@code <bucket>.<host>/<key>} instead of {@code /<bucket>/<key>}. Virtual-host bucket addressing
 * is left to S3Proxy's own virtual host support. Faults are injected here, before S3Proxy sees a request.
 */
final class CosDialectServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CosDialectServlet.class);
    private static final String COS_PREFIX = "x-cos-";
    private static final String S3_PREFIX = "x-amz-";
    private static final String COPY_SOURCE = "x-amz-copy-source";

    private final transient CosDialectHandler handler;
    private final transient FaultInjector faults;
    /** Null unless the store takes its faults over HTTP. */
    private final transient FaultControl control;

    CosDialectServlet(CosDialectHandler handler, FaultInjector faults, FaultControl control) {
        this.handler = handler;
        this.faults = faults;
        this.control = control;
    }

    @Override
    protected void service(HttpServletRequest cosRequest, HttpServletResponse cosResponse) throws IOException {
        if (control != null && control.handled(cosRequest, cosResponse)) {
            return;
        }
        var request = new S3Request(cosRequest);
        var response = new CosResponse(cosResponse);
        HttpServletResponse effective = faults.apply(cosRequest, response);
        if (effective == null) {
            return;
        }
        try (InputStream body = request.getInputStream()) {
            handler.doHandle(request, request, effective, body, new S3ProxyHandler.RequestContext());
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            LOG.debug("bad request", e);
            int status = e instanceof UnsupportedOperationException ? 501 : 400;
            handler.sendError(request, effective, status == 501 ? "NotImplemented" : "InvalidRequest", status,
                    String.valueOf(e.getMessage()));
        } catch (Throwable t) {
            var serviceError = Throwables.getCausalChain(t).stream()
                    .filter(AwsServiceException.class::isInstance).map(AwsServiceException.class::cast)
                    .findFirst().orElse(null);
            if (serviceError != null && !effective.isCommitted()) {
                sendServiceError(request, effective, serviceError);
            } else if (Throwables.getCausalChain(t).stream().anyMatch(TimeoutException.class::isInstance)
                    && !effective.isCommitted()) {
                handler.sendError(request, effective, "RequestTimeout", 400, "request timed out");
            } else if (underAFile(t) && !effective.isCommitted() && request.getMethod().matches("GET|HEAD|DELETE")) {
                // a key below another key's name, which a file system cannot hold but S3 and COS can: on S3
                // and COS there is no such object, so that is what the store says
                if (request.getMethod().equals("DELETE")) {
                    effective.setStatus(204);
                } else {
                    handler.sendError(request, effective, "NoSuchKey", 404, "The specified key does not exist.");
                }
            } else {
                throw t;
            }
        }
    }

    private static boolean underAFile(Throwable t) {
        return Throwables.getCausalChain(t).stream().anyMatch(cause -> cause instanceof NotDirectoryException
                || cause instanceof FileSystemException e && "Not a directory".equals(e.getReason()));
    }

    private void sendServiceError(HttpServletRequest request, HttpServletResponse response,
            AwsServiceException error) throws IOException {
        String code = S3Exceptions.errorCode(error);
        String message = error.awsErrorDetails() == null ? "" : error.awsErrorDetails().errorMessage();
        if (code == null) {
            code = switch (error.statusCode()) {
                case 403 -> "AccessDenied";
                case 404 -> "NoSuchKey";
                case 412 -> "PreconditionFailed";
                case 416 -> "InvalidRange";
                default -> "InternalError";
            };
        }
        handler.sendError(request, response, code, error.statusCode(), message == null ? "" : message);
    }

    static String toS3Header(String name) {
        return startsWithIgnoreCase(name, COS_PREFIX) ? S3_PREFIX + name.substring(COS_PREFIX.length()) : name;
    }

    static String toCosHeader(String name) {
        return startsWithIgnoreCase(name, S3_PREFIX) ? COS_PREFIX + name.substring(S3_PREFIX.length()) : name;
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /**
     * Turns a COS copy source {@code <bucket>.<suffix>/<key>} into S3's {@code /<bucket>/<key>}. The bucket
     * is everything before the first dot of the host part, as COS bucket names hold no dots.
     */
    static String toS3CopySource(String cosCopySource) {
        if (cosCopySource == null || cosCopySource.startsWith("/")) {
            return cosCopySource;
        }
        int slash = cosCopySource.indexOf('/');
        if (slash < 0) {
            return cosCopySource;
        }
        String host = cosCopySource.substring(0, slash);
        int dot = host.indexOf('.');
        String bucket = dot < 0 ? host : host.substring(0, dot);
        return "/" + bucket + cosCopySource.substring(slash);
    }

    /** The request as S3Proxy must see it. */
    private static final class S3Request extends HttpServletRequestWrapper {
        S3Request(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            String value = super.getHeader(toCosHeader(name));
            return name.equalsIgnoreCase(COPY_SOURCE) ? toS3CopySource(value) : value;
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (name.equalsIgnoreCase(COPY_SOURCE)) {
                String value = getHeader(name);
                return Collections.enumeration(value == null ? List.of() : List.of(value));
            }
            return super.getHeaders(toCosHeader(name));
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .map(CosDialectServlet::toS3Header).toList());
        }

        @Override
        public long getDateHeader(String name) {
            return super.getDateHeader(toCosHeader(name));
        }

        @Override
        public int getIntHeader(String name) {
            return super.getIntHeader(toCosHeader(name));
        }
    }

    /** The response as the COS SDK must see it. */
    private static final class CosResponse extends HttpServletResponseWrapper {
        /** S3Proxy's, one constant for every request; COS gives each request an id of its own. */
        private static final String S3_REQUEST_ID = "x-amz-request-id";

        CosResponse(HttpServletResponse response) {
            super(response);
            // as COS's ids look: base64 of a few hexadecimal fields
            String id = Long.toHexString(System.currentTimeMillis() / 1000) + "_" + UUID.randomUUID().toString()
                    .replace("-", "_");
            super.setHeader("x-cos-request-id", Base64.getEncoder().withoutPadding()
                    .encodeToString(id.getBytes(StandardCharsets.US_ASCII)));
        }

        @Override
        public void setHeader(String name, String value) {
            if (!name.equalsIgnoreCase(S3_REQUEST_ID)) {
                super.setHeader(toCosHeader(name), value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!name.equalsIgnoreCase(S3_REQUEST_ID)) {
                super.addHeader(toCosHeader(name), value);
            }
        }

        @Override
        public void setDateHeader(String name, long date) {
            super.setDateHeader(toCosHeader(name), date);
        }

        @Override
        public void addDateHeader(String name, long date) {
            super.addDateHeader(toCosHeader(name), date);
        }

        @Override
        public void setIntHeader(String name, int value) {
            super.setIntHeader(toCosHeader(name), value);
        }

        @Override
        public void addIntHeader(String name, int value) {
            super.addIntHeader(toCosHeader(name), value);
        }

        @Override
        public boolean containsHeader(String name) {
            return super.containsHeader(toCosHeader(name));
        }

        @Override
        public String getHeader(String name) {
            return super.getHeader(toCosHeader(name));
        }
    }
}
