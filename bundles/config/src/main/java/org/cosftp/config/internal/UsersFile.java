package org.cosftp.config.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cosftp.config.Access;
import org.cosftp.config.reader.ConfigurationReader;
import org.cosftp.config.UserAccount;

/** Parses the {@code user.<name>.<key>} entries of the users file into accounts. */
final class UsersFile {
    private static final Pattern USER_KEY = Pattern.compile("user\\.([^.]+)\\.([A-Za-z]+)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_@-][A-Za-z0-9._@-]{0,63}");
    private static final Set<String> KEYS = Set.of("password", "storage", "home", "access", "delete", "enabled");

    /** How many verified passwords the file keeps, and for how long ({@code passwordCache.*}). */
    record PasswordCache(int entries, int seconds) {
    }

    static final int DEFAULT_PASSWORD_CACHE_ENTRIES = 1000;
    static final int DEFAULT_PASSWORD_CACHE_SECONDS = 900;

    private UsersFile() {
    }

    /** {@code passwordCache.entries} (0: none kept) and {@code passwordCache.seconds}. */
    static PasswordCache passwordCache(Map<String, ?> properties) {
        var reader = new ConfigurationReader(properties, UserDirectoryComponent.PID);
        return new PasswordCache(
                reader.integer("passwordCache.entries", DEFAULT_PASSWORD_CACHE_ENTRIES, 0, 1_000_000),
                reader.integer("passwordCache.seconds", DEFAULT_PASSWORD_CACHE_SECONDS, 1, 86_400));
    }

    static Map<String, UserAccount> parse(Map<String, ?> properties) {
        var reader = new ConfigurationReader(properties, UserDirectoryComponent.PID);
        var names = new TreeMap<String, Boolean>();
        for (String key : properties.keySet()) {
            Matcher matcher = USER_KEY.matcher(key);
            if (!key.startsWith("user.")) {
                continue;
            }
            // the value is not shown: the key may be a misspelt password key, or a password key of a bad name
            if (!matcher.matches() || !KEYS.contains(matcher.group(2))) {
                throw reader.invalid(key, "…",
                        "is not a known key; use user.<name>.password, .storage, .home, .access, .delete or .enabled");
            }
            if (!NAME.matcher(matcher.group(1)).matches()) {
                throw reader.invalid(key, "…",
                        "names an invalid user: names are 1 to 64 letters, digits, '.', '_', '@' or '-'");
            }
            names.put(matcher.group(1), true);
        }
        var accounts = new TreeMap<String, UserAccount>();
        for (String name : names.keySet()) {
            accounts.put(name, account(reader, name));
        }
        return Map.copyOf(accounts);
    }

    private static UserAccount account(ConfigurationReader reader, String name) {
        String prefix = "user." + name + ".";
        if (name.equalsIgnoreCase("anonymous") || name.equalsIgnoreCase("ftp")) {
            throw reader.invalid(prefix + "password", "…", "belongs to a reserved name: anonymous login is not offered");
        }
        String password = reader.string(prefix + "password", "");
        if (password.isEmpty()) {
            throw reader.invalid(prefix + "password", "", "must be set");
        }
        if (PasswordHash.isHash(password)) {
            try {
                PasswordHash.validate(password);
            } catch (IllegalArgumentException malformed) {
                throw reader.invalid(prefix + "password", "…", malformed.getMessage());
            }
        }
        String storage = reader.string(prefix + "storage", "default");
        if (storage.isEmpty()) {
            throw reader.invalid(prefix + "storage", storage, "must name a storage (org.cosftp.storage-<name>.cfg)");
        }
        String homeValue = reader.string(prefix + "home", "/");
        String home = homePrefix(homeValue);
        if (home == null) {
            throw reader.invalid(prefix + "home", homeValue,
                    "must be an absolute path such as /alice, without '.' or '..' segments");
        }
        String accessValue = reader.string(prefix + "access", "rw");
        Access access = Access.fromCode(accessValue);
        if (access == null) {
            throw reader.invalid(prefix + "access", accessValue, "must be r, w or rw");
        }
        return new UserAccount(name, password, storage, home, access, reader.bool(prefix + "delete", true),
                reader.bool(prefix + "enabled", true));
    }

    /** {@code /} becomes the empty prefix, {@code /a/b/} and {@code /a/b} become {@code a/b/}. */
    static String homePrefix(String home) {
        if (!home.startsWith("/") || home.contains("\\")) {
            return null;
        }
        var prefix = new StringBuilder();
        for (String segment : home.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals(".") || segment.equals("..") || segment.chars().anyMatch(c -> c < 0x20)) {
                return null;
            }
            prefix.append(segment).append('/');
        }
        return prefix.toString();
    }
}
