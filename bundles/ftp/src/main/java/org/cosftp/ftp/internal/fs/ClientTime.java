package org.cosftp.ftp.internal.fs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The modification time a client set with MFMT, which COS cannot set on an object: it is kept in the object's
 * user metadata, as {@code mtime = yyyyMMddHHmmss} (UTC), the form of MFMT's own argument.
 */
final class ClientTime {
    /** The user metadata key. */
    static final String MTIME = "mtime";
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);

    private ClientTime() {
    }

    /** The user metadata that holds {@code time}; none for {@code null}. */
    static Map<String, String> metadata(Instant time) {
        return time == null ? Map.of() : Map.of(MTIME, FORMAT.format(time));
    }

    /** The client time an object's user metadata holds, or {@code null} if none (or none that parses). */
    static Instant of(Map<String, String> metadata) {
        String value = metadata.get(MTIME);
        if (value == null) {
            return null;
        }
        try {
            // fractions of a second, which some clients send, are dropped
            return Instant.from(FORMAT.parse(value.length() > 14 ? value.substring(0, 14) : value));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
