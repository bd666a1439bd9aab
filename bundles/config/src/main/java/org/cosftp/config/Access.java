package org.cosftp.config;

/** What a user may do with the bytes of files: {@code r}, {@code w} (upload only) or {@code rw}. */
public enum Access {
    /** Download and list only. */
    READ("r"),
    /** Upload only: no download, no listing. */
    WRITE("w"),
    /** Everything. */
    READ_WRITE("rw");

    private final String code;

    Access(String code) {
        this.code = code;
    }

    /** Whether the user may download and list. */
    public boolean canRead() {
        return this != WRITE;
    }

    /** Whether the user may upload, create directories and rename. */
    public boolean canWrite() {
        return this != READ;
    }

    /** The code used in the users file. */
    public String code() {
        return code;
    }

    /** Parses {@code r}, {@code w} or {@code rw} (any case); {@code null} for anything else. */
    public static Access fromCode(String code) {
        for (Access access : values()) {
            if (access.code.equalsIgnoreCase(code.trim())) {
                return access;
            }
        }
        return null;
    }
}
