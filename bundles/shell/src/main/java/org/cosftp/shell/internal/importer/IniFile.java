package org.cosftp.shell.internal.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An INI file as Python's {@code configparser} reads the original tool's {@code vsftpd.conf}: {@code [section]}
 * headers, {@code key = value} or {@code key: value} lines, keys case-insensitive, whole-line comments after
 * {@code #} or {@code ;}, and indented lines continuing the value above.
 */
final class IniFile {
    private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();

    private IniFile() {
    }

    /**
     * @throws IllegalArgumentException naming the line of a key outside any section or a line that is neither
     */
    static IniFile parse(String text) {
        var file = new IniFile();
        Map<String, String> section = null;
        String lastKey = null;
        int number = 0;
        for (String line : text.split("\r?\n", -1)) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0)) && section != null && lastKey != null) {
                section.merge(lastKey, trimmed, (value, more) -> value + "\n" + more);
                continue;
            }
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                section = file.sections.computeIfAbsent(trimmed.substring(1, trimmed.length() - 1).strip(),
                        name -> new LinkedHashMap<>());
                lastKey = null;
                continue;
            }
            int equals = trimmed.indexOf('=');
            int colon = trimmed.indexOf(':');
            int separator = equals < 0 ? colon : colon < 0 ? equals : Math.min(equals, colon);
            if (separator <= 0) {
                throw new IllegalArgumentException("line " + number + " is neither [section] nor key = value: "
                        + trimmed);
            }
            if (section == null) {
                throw new IllegalArgumentException("line " + number + " has a key before any [section]: " + trimmed);
            }
            lastKey = trimmed.substring(0, separator).strip().toLowerCase(java.util.Locale.ROOT);
            section.put(lastKey, trimmed.substring(separator + 1).strip());
        }
        return file;
    }

    /** The names of the sections, in the file's order. */
    List<String> sectionNames() {
        return new ArrayList<>(sections.keySet());
    }

    /** The keys and values of a section, in the file's order; empty if there is no such section. */
    Map<String, String> section(String name) {
        return sections.getOrDefault(name, Map.of());
    }

    /** A value, if its section has the key and the value is not blank. */
    Optional<String> value(String section, String key) {
        return Optional.ofNullable(section(section).get(key)).filter(value -> !value.isBlank());
    }
}
