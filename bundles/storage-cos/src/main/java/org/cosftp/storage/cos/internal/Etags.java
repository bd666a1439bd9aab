package org.cosftp.storage.cos.internal;

/** The entity tags of objects, as the storage API hands them out and as COS compares them. */
final class Etags {
    private Etags() {
    }

    /**
     * Entity tags are handed out without quotes, whichever answer they came from: a listing's tag must compare
     * equal to a stat's. The SDK strips the quotes of both today; this keeps it so whatever the SDK version.
     */
    static String unquoted(String etag) {
        return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1) : etag;
    }

    /** Entity tags are compared in their quoted HTTP form. */
    static String quoted(String etag) {
        return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
    }
}
