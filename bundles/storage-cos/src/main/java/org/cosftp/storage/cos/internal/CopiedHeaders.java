package org.cosftp.storage.cos.internal;

import com.qcloud.cos.model.ObjectMetadata;

/** The headers of an object that COS gives a copy only if the request names them. */
final class CopiedHeaders {
    private CopiedHeaders() {
    }

    /**
     * The headers of {@code source} that a copy with new user metadata, or one built from parts, would otherwise
     * lose: COS gives such a copy only what the request names.
     */
    static ObjectMetadata of(ObjectMetadata source) {
        var headers = new ObjectMetadata();
        if (source.getContentType() != null) {
            headers.setContentType(source.getContentType());
        }
        if (source.getContentEncoding() != null) {
            headers.setContentEncoding(source.getContentEncoding());
        }
        if (source.getContentDisposition() != null) {
            headers.setContentDisposition(source.getContentDisposition());
        }
        if (source.getContentLanguage() != null) {
            headers.setContentLanguage(source.getContentLanguage());
        }
        if (source.getCacheControl() != null) {
            headers.setCacheControl(source.getCacheControl());
        }
        if (source.getHttpExpiresDate() != null) {
            headers.setHttpExpiresDate(source.getHttpExpiresDate());
        }
        if (source.getStorageClass() != null) {
            headers.setHeader("x-cos-storage-class", source.getStorageClass());
        }
        return headers;
    }
}
