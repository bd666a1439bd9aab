package org.cosftp.ftp.internal.fs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Paths as FTP users see them: absolute, {@code /} being the home prefix. Resolution normalises
 * {@code .}, {@code ..}, {@code //} and {@code \}, and {@code ..} never climbs above {@code /}, so no path can
 * name a key outside the home.
 */
public final class VirtualPath {
    /** COS keys are limited to 850 bytes of UTF-8. */
    static final int MAX_KEY_BYTES = 850;

    private VirtualPath() {
    }

    /** Resolves {@code argument} (absolute, or relative to {@code workingDirectory}) to a normalised path. */
    static String resolve(String workingDirectory, String argument) {
        String path = argument == null || argument.isBlank() ? workingDirectory : argument.replace('\\', '/');
        if (!path.startsWith("/")) {
            path = workingDirectory + "/" + path;
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments);
    }

    /** The object key of a path under a home prefix (empty for {@code /} itself). */
    static String key(String home, String path) {
        return path.equals("/") ? stripSlash(home) : home + path.substring(1);
    }

    /** The prefix of the keys under a path taken as a directory ({@code home} itself for {@code /}). */
    static String directoryPrefix(String home, String path) {
        return path.equals("/") ? home : home + path.substring(1) + "/";
    }

    /** The last segment of a path; {@code /} for the root. */
    static String name(String path) {
        return path.equals("/") ? "/" : path.substring(path.lastIndexOf('/') + 1);
    }

    /** The parent of a path; {@code /} for the root. */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** Whether a key is too long for COS. */
    static boolean tooLong(String key) {
        return key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES;
    }

    /**
     * Whether a name read from the bucket can be shown in a listing: names with line breaks or NUL would
     * break the listing's framing (or forge entries), and {@code .}, {@code ..} and empty segments cannot be
     * addressed as paths.
     */
    static boolean showable(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && !name.contains("/") && !breaksLines(name);
    }

    /**
     * Whether a name holds CR, LF or NUL: in a reply or a listing it would end a line (or forge one), so such a
     * name is neither shown nor accepted.
     */
    static boolean breaksLines(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                return true;
            }
        }
        return false;
    }

    private static String stripSlash(String prefix) {
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
