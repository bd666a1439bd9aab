package org.cosftp.storage.cos.internal;

/**
 * The COS API a request calls, under the name COS's documentation and its own monitoring give it: what the
 * gateway's request metrics are labelled with.
 */
enum CosApi {
    HEAD_OBJECT("HeadObject"),
    GET_OBJECT("GetObject"),
    PUT_OBJECT("PutObject"),
    PUT_OBJECT_COPY("PutObjectCopy"),
    DELETE_OBJECT("DeleteObject"),
    DELETE_MULTIPLE_OBJECTS("DeleteMultipleObjects"),
    LIST_OBJECTS("GetBucket"),
    INITIATE_MULTIPART_UPLOAD("InitiateMultipartUpload"),
    UPLOAD_PART("UploadPart"),
    UPLOAD_PART_COPY("UploadPartCopy"),
    COMPLETE_MULTIPART_UPLOAD("CompleteMultipartUpload"),
    ABORT_MULTIPART_UPLOAD("AbortMultipartUpload"),
    HEAD_BUCKET("HeadBucket");

    private final String apiName;

    CosApi(String apiName) {
        this.apiName = apiName;
    }

    /** {@code PutObject}, {@code GetBucket} (a listing), … */
    String apiName() {
        return apiName;
    }
}
