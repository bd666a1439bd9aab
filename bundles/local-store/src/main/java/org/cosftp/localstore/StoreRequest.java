package org.cosftp.localstore;

import java.util.Map;
import java.util.function.Predicate;

/**
 * What a fault rule may look at to decide whether a request is hit: the method, the path as sent (the key,
 * since buckets are virtual hosts) and the query parameters.
 */
public record StoreRequest(String method, String path, Map<String, String[]> parameters) {

    /** Every request. */
    public static Predicate<StoreRequest> any() {
        return request -> true;
    }

    /** Requests with this method. */
    public static Predicate<StoreRequest> method(String method) {
        return request -> request.method().equalsIgnoreCase(method);
    }

    /** Uploads of one part of a multipart upload, including part copies. */
    public static Predicate<StoreRequest> partUploads() {
        return request -> request.method().equals("PUT") && request.parameters().containsKey("partNumber");
    }

    /** Starts of multipart uploads. */
    public static Predicate<StoreRequest> multipartStarts() {
        return request -> request.method().equals("POST") && request.parameters().containsKey("uploads");
    }

    /** Reads of object contents. */
    public static Predicate<StoreRequest> objectReads() {
        return request -> request.method().equals("GET") && request.parameters().isEmpty()
                && request.path().length() > 1;
    }

    /** Completions of multipart uploads. */
    public static Predicate<StoreRequest> multipartCompletions() {
        return request -> request.method().equals("POST") && request.parameters().containsKey("uploadId");
    }
}
