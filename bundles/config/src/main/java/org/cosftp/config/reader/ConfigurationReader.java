package org.cosftp.config.reader;

import java.util.Map;

/**
 * Reads values out of the properties of one configuration, reporting a bad value as an
 * {@link IllegalArgumentException} whose message names the file, the key and the reason, so that an operator
 * can fix the file from the log line alone.
 */
public final class ConfigurationReader {
    /** The property in which Karaf's file install names the cfg file a configuration came from. */
    public static final String FILE_PROPERTY = "felix.fileinstall.filename";

    private final Map<String, ?> properties;
    private final String file;

    /** Reads {@code properties}; {@code pid} names them in messages when they did not come from a file. */
    public ConfigurationReader(Map<String, ?> properties, String pid) {
        this.properties = properties;
        Object fileName = properties.get(FILE_PROPERTY);
        this.file = fileName != null ? fileName.toString().replaceFirst("^file:", "") : "configuration " + pid;
    }

    /** The file (or PID) the properties came from, for messages. */
    public String file() {
        return file;
    }

    /**
     * The {@code <name>} of a factory configuration's file {@code <factoryPid>-<name>.cfg}; empty if the
     * configuration did not come from such a file.
     */
    public String factoryName(String factoryPid) {
        Object fileName = properties.get(FILE_PROPERTY);
        if (fileName == null) {
            return "";
        }
        String name = fileName.toString().substring(fileName.toString().lastIndexOf('/') + 1);
        String prefix = factoryPid + "-";
        return name.startsWith(prefix) && name.endsWith(".cfg")
                ? name.substring(prefix.length(), name.length() - ".cfg".length()) : "";
    }

    /** A text value, trimmed; {@code fallback} if absent. Secrets given as {@code char[]} are read too. */
    public String string(String key, String fallback) {
        Object value = properties.get(key);
        if (value instanceof char[] chars) {
            return new String(chars).trim();
        }
        return value == null ? fallback : value.toString().trim();
    }

    /** A whole number from {@code min} to {@code max}; {@code fallback} if absent or blank. */
    public int integer(String key, int fallback, int min, int max) {
        return integer(key, fallback, min, max, null);
    }

    /**
     * A whole number from {@code min} to {@code max}; {@code fallback} if absent or blank. A value out of range
     * is refused with {@code why}, the reason for the range, so that an operator need not guess it.
     */
    public int integer(String key, int fallback, int min, int max, String why) {
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
        throw invalid(key, value.toString(), "must be a whole number from " + min + " to " + max
                + (why == null ? "" : ": " + why));
    }

    /** {@code true} or {@code false}; {@code fallback} if absent or blank. */
    public boolean bool(String key, boolean fallback) {
        String value = string(key, "");
        if (value.isEmpty()) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw invalid(key, value, "must be true or false");
    }

    /** The error for a bad value: file, key, value and why. */
    public IllegalArgumentException invalid(String key, String value, String why) {
        return new IllegalArgumentException(file + ": " + key + " = '" + value + "' " + why);
    }
}
