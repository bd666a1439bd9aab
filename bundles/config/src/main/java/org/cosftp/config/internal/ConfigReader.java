package org.cosftp.config.internal;

import java.util.Map;

/**
 * Reads values out of the properties of one configuration, reporting a bad value with the file, the key and
 * the reason, so that an operator can fix the file from the log line alone.
 */
final class ConfigReader {
    static final String FILE_PROPERTY = "felix.fileinstall.filename";

    private final Map<String, ?> properties;
    private final String file;

    ConfigReader(Map<String, ?> properties, String pid) {
        this.properties = properties;
        Object fileName = properties.get(FILE_PROPERTY);
        this.file = fileName != null ? fileName.toString().replaceFirst("^file:", "") : "configuration " + pid;
    }

    /** The file (or PID) the properties came from, for messages. */
    String file() {
        return file;
    }

    String string(String key, String fallback) {
        Object value = properties.get(key);
        return value == null ? fallback : value.toString().trim();
    }

    int integer(String key, int fallback, int min, int max) {
        Object value = properties.get(key);
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        try {
            int parsed = value instanceof Number number ? Math.toIntExact(number.longValue())
                    : Integer.parseInt(value.toString().trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below, with the accepted range
        }
        throw invalid(key, value.toString(), "must be a whole number from " + min + " to " + max);
    }

    boolean bool(String key, boolean fallback) {
        String value = string(key, "");
        if (value.isEmpty()) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw invalid(key, value, "must be true or false");
    }

    IllegalArgumentException invalid(String key, String value, String why) {
        return new IllegalArgumentException(file + ": " + key + " = '" + value + "' " + why);
    }
}
