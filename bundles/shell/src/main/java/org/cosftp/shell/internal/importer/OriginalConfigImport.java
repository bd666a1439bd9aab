package org.cosftp.shell.internal.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The original tool's {@code conf/vsftpd.conf}, of either schema generation, as cos-ftp's cfg files: accounts in
 * {@code org.cosftp.users.cfg} with hashed passwords, one {@code org.cosftp.storage-<name>.cfg} per bucket and
 * credentials, and {@code org.cosftp.server.cfg}; with a report that names every key: where it went, that it has
 * no counterpart, or how cos-ftp behaves differently.
 *
 * <p>Generations: since 2.0 each {@code [COS_ACCOUNT_<anything>]} section is one user on its own bucket; before,
 * one {@code [COS_ACCOUNT]} held the bucket (with {@code cos_appid} apart until 1.0) and
 * {@code [FTP_ACCOUNT] login_users = user:password:RW;…} its users.
 */
public final class OriginalConfigImport {
    public static final String USERS = "org.cosftp.users.cfg";
    public static final String SERVER = "org.cosftp.server.cfg";
    private static final Pattern DOTTED_IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    /** The files, by name, in the order they were made, and the report, line by line. */
    public record Result(Map<String, String> files, List<String> report) {
    }

    private final IniFile ini;
    private final UnaryOperator<String> hasher;
    private final boolean secretsInline;
    private final String host;
    /** Storage files by the bucket and credentials they hold. */
    private final Map<String, Map<String, String>> storages = new LinkedHashMap<>();
    private final Map<String, String> storageNames = new LinkedHashMap<>();
    private final Map<String, String> users = new LinkedHashMap<>();
    private final Map<String, String> server = new LinkedHashMap<>();
    private final List<String> report = new ArrayList<>();

    private OriginalConfigImport(IniFile ini, UnaryOperator<String> hasher, boolean secretsInline, String host) {
        this.ini = ini;
        this.hasher = hasher;
        this.secretsInline = secretsInline;
        this.host = host;
    }

    /**
     * @param hasher makes the hash of a password, as {@code cosftp:hash-password} does
     * @param secretsInline whether secret keys go into the storage files as they are, rather than as
     *        {@code $[env:…]} placeholders
     * @param host the address to listen on, or {@code null} for every address, as the tool listened
     * @throws IllegalArgumentException if the file is not INI, or holds no account
     */
    public static Result convert(String text, UnaryOperator<String> hasher, boolean secretsInline, String host) {
        var conversion = new OriginalConfigImport(IniFile.parse(text), hasher, secretsInline, host);
        conversion.accounts();
        conversion.network();
        conversion.options();
        conversion.unknownSections();
        return conversion.result();
    }

    // ---- accounts and their buckets

    private void accounts() {
        List<String> perUser = ini.sectionNames().stream().filter(name -> name.startsWith("COS_ACCOUNT_")).toList();
        if (!perUser.isEmpty()) {
            for (String section : perUser) {
                accountSection(section);
            }
        } else if (ini.sectionNames().contains("COS_ACCOUNT")) {
            sharedBucket();
        } else {
            throw new IllegalArgumentException("no account: neither [COS_ACCOUNT_…] sections (2.0 on) nor "
                    + "[COS_ACCOUNT] with [FTP_ACCOUNT] (before 2.0)");
        }
    }

    /** A [COS_ACCOUNT_…] section of 2.0 on: one user and the bucket it works on. */
    private void accountSection(String section) {
        String storage = storage(section, required(section, "cos_bucket"));
        String user = required(section, "ftp_login_user_name");
        addUser(section, user, required(section, "ftp_login_user_password"), storage,
                required(section, "authority"));
        ini.value(section, "home_dir").ifPresent(home -> report.add("[" + section + "] home_dir = " + home
                + ": no counterpart; it named a local folder and served the bucket from its root, as cos-ftp does"
                + " (user." + user + ".home = /)"));
        String delete = ini.value(section, "delete_enable").orElse("true");
        boolean mayDelete = !delete.equalsIgnoreCase("false");
        users.put("user." + user + ".delete", Boolean.toString(mayDelete));
        report.add("[" + section + "] delete_enable = " + delete + " → " + USERS + ": user." + user + ".delete = "
                + mayDelete + (mayDelete ? "" : "; differs: cos-ftp also refuses RNFR and overwriting uploads "
                + "without it, which the tool let through"));
        for (String key : ini.section(section).keySet()) {
            if (!List.of("cos_secretid", "cos_secretkey", "cos_bucket", "cos_region", "cos_endpoint", "cos_protocol",
                    "home_dir", "ftp_login_user_name", "ftp_login_user_password", "authority", "delete_enable")
                    .contains(key)) {
                report.add("[" + section + "] " + key + ": unknown to the tool; left out");
            }
        }
    }

    /** [COS_ACCOUNT] and [FTP_ACCOUNT] before 2.0: one bucket for all users. */
    private void sharedBucket() {
        String section = "COS_ACCOUNT";
        String bucket = required(section, "cos_bucket");
        Optional<String> appid = ini.value(section, "cos_appid");
        if (appid.isPresent()) {
            report.add("[COS_ACCOUNT] cos_appid = " + appid.get() + " → the bucket " + bucket + "-" + appid.get()
                    + " (before 1.0 the appid came apart)");
            bucket = bucket + "-" + appid.get();
        }
        String storage = storage(section, bucket);
        ini.value(section, "cos_user_home_dir").ifPresent(home -> report.add("[COS_ACCOUNT] cos_user_home_dir = "
                + home + ": no counterpart; it named a local folder, and cos-ftp serves the bucket from its root"));
        String logins = ini.value("FTP_ACCOUNT", "login_users")
                .orElseThrow(() -> new IllegalArgumentException("[FTP_ACCOUNT] login_users is missing"));
        for (String login : logins.split(";")) {
            if (login.isBlank()) {
                continue;
            }
            String[] fields = login.strip().split(":", -1);
            if (fields.length != 3) {
                throw new IllegalArgumentException("[FTP_ACCOUNT] login_users has '" + login.strip()
                        + "', not user:password:RW");
            }
            addUser("FTP_ACCOUNT", fields[0].strip(), fields[1], storage, fields[2].strip());
            users.put("user." + fields[0].strip() + ".delete", "true");
        }
        report.add("[FTP_ACCOUNT] login_users → " + USERS + ": each user on storage '" + storage
                + "', allowed to delete as the tool allowed everyone before 2.0");
    }

    private void addUser(String section, String user, String password, String storage, String authority) {
        if (users.containsKey("user." + user + ".password")) {
            throw new IllegalArgumentException("[" + section + "] user " + user + " is defined twice");
        }
        String access = (authority.toUpperCase(Locale.ROOT).contains("R") ? "r" : "")
                + (authority.toUpperCase(Locale.ROOT).contains("W") ? "w" : "");
        users.put("user." + user + ".password", hasher.apply(password));
        users.put("user." + user + ".storage", storage);
        users.put("user." + user + ".home", "/");
        if (access.isEmpty()) {
            users.put("user." + user + ".access", "r");
            users.put("user." + user + ".enabled", "false");
            report.add("[" + section + "] user " + user + ": authority '" + authority + "' has neither R nor W, "
                    + "which gave no permission at all: the account is imported disabled");
        } else {
            users.put("user." + user + ".access", access);
        }
        report.add("[" + section + "] user " + user + " → " + USERS + ": user." + user + ".password (hashed), "
                + ".storage = " + storage + ", .access = " + (access.isEmpty() ? "r" : access));
    }

    /** The storage of a section's bucket and credentials: a new file, or the one already made for them. */
    private String storage(String section, String bucket) {
        String secretId = required(section, "cos_secretid");
        String secretKey = required(section, "cos_secretkey");
        String region = ini.value(section, "cos_region").orElse("");
        String endpoint = ini.value(section, "cos_endpoint").or(() -> ini.value(section, "endpoint")).orElse("");
        String protocol = ini.value(section, "cos_protocol").orElse("https");
        String identity = String.join("\n", bucket, region, endpoint, protocol, secretId, secretKey);
        String known = storageNames.get(identity);
        if (known != null) {
            report.add("[" + section + "] cos_bucket = " + bucket + " → storage '" + known + "', as above");
            return known;
        }
        String name = freeName(bucket);
        storageNames.put(identity, name);
        var file = new LinkedHashMap<String, String>();
        file.put("bucket", bucket);
        if (!region.isEmpty()) {
            file.put("region", region);
        }
        String host = endpoint.replaceFirst("^[a-zA-Z]+://", "").replaceFirst("/+$", "");
        if (!host.isEmpty()) {
            file.put("endpoint", host);
        }
        file.put("protocol", protocol.toLowerCase(Locale.ROOT));
        file.put("secretId", secretId);
        String variable = "COS_SECRET_KEY_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
        file.put("secretKey", secretsInline ? secretKey : "$[env:" + variable + "]");
        storages.put(name, file);
        String to = "org.cosftp.storage-" + name + ".cfg";
        report.add("[" + section + "] cos_bucket, cos_region" + (host.isEmpty() ? "" : ", cos_endpoint")
                + ", cos_protocol, cos_secretid → " + to + ": bucket = " + bucket + ", region = " + region
                + (host.isEmpty() ? "" : ", endpoint = " + host) + ", protocol = " + protocol.toLowerCase(Locale.ROOT)
                + ", secretId");
        report.add("[" + section + "] cos_secretkey → " + to + ": secretKey = " + (secretsInline
                ? "as it was (--secrets-inline)" : "$[env:" + variable + "]: set " + variable
                + " in the environment of Karaf to the key (or import again with --secrets-inline)"));
        if (!endpoint.equals(host)) {
            report.add("[" + section + "] cos_endpoint = " + endpoint + ": differs: cos-ftp takes host[:port] "
                    + "alone, the scheme is cos_protocol's");
        }
        if (region.isEmpty()) {
            report.add("[" + section + "] cos_region is empty: differs: cos-ftp needs the region (requests are "
                    + "signed with it), even with an endpoint; set region in " + to + ", which is refused until then");
        }
        return name;
    }

    /** A storage name from the bucket's name without its appid, unique among those made. */
    private String freeName(String bucket) {
        int dash = bucket.lastIndexOf('-');
        String base = (dash > 0 ? bucket.substring(0, dash) : bucket).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]", "-");
        String name = base;
        for (int i = 2; storages.containsKey(name); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    // ---- the listener

    private void network() {
        server.put("host", host == null ? "0.0.0.0" : host);
        report.add("[NETWORK] (the bind address) → " + SERVER + ": host = " + (host == null
                ? "0.0.0.0, every address, as the tool listened (--host sets another)" : host + " (--host)"));
        Optional<String> port = ini.value("NETWORK", "listen_port");
        port.ifPresent(value -> {
            server.put("port", value);
            report.add("[NETWORK] listen_port = " + value + " → " + SERVER + ": port = " + value);
        });
        ini.value("NETWORK", "passive_port").ifPresent(value -> {
            String[] ends = value.split(",");
            int first = Integer.parseInt(ends[0].strip());
            int last = (ends.length > 1 ? Integer.parseInt(ends[1].strip()) : 65535) - 1;
            server.put("passivePorts", first + "-" + last);
            report.add("[NETWORK] passive_port = " + value + " → " + SERVER + ": passivePorts = " + first + "-"
                    + last + "; differs: the tool left out the end port (a Python range), cos-ftp's ranges hold "
                    + "both ends, so the end is one less");
        });
        ini.value("NETWORK", "masquerade_address").ifPresent(value -> {
            server.put("passiveAddress", value);
            report.add("[NETWORK] masquerade_address = " + value + " → " + SERVER + ": passiveAddress = " + value
                    + (DOTTED_IPV4.matcher(value).matches() ? "" : "; differs: the tool ignored anything but a "
                    + "dotted IPv4 address, cos-ftp also takes a host name"));
        });
        for (String key : ini.section("NETWORK").keySet()) {
            if (!List.of("listen_port", "passive_port", "masquerade_address").contains(key)) {
                report.add("[NETWORK] " + key + ": unknown to the tool; left out");
            }
        }
    }

    // ---- file and optional settings

    private void options() {
        ini.value("FILE_OPTION", "single_file_max_size").ifPresent(value -> {
            long bytes = Long.parseLong(value.strip());
            long gib = Math.max(1, (bytes + GIB - 1) / GIB);
            storages.values().forEach(file -> file.put("maxFileSizeGiB", Long.toString(gib)));
            report.add("[FILE_OPTION] single_file_max_size = " + value + " → every storage file: maxFileSizeGiB = "
                    + gib + (gib * GIB == bytes ? "" : " (rounded up to whole GiB)"));
        });
        numeric("min_part_size").ifPresent(bytes -> {
            long mib = Math.max(5, (bytes + MIB - 1) / MIB);
            storages.values().forEach(file -> file.put("partSizeMiB", Long.toString(mib)));
            report.add("[OPTIONAL] min_part_size = " + bytes + " → every storage file: partSizeMiB = " + mib
                    + (mib * MIB == bytes ? "" : "; differs: parts are whole MiB, 5 MiB at least"));
        });
        numeric("upload_thread_num").ifPresent(threads -> {
            storages.values().forEach(file -> file.put("uploadThreads", Long.toString(threads)));
            report.add("[OPTIONAL] upload_thread_num = " + threads + " → every storage file: uploadThreads = "
                    + threads + "; differs: per storage, where the tool had one pool for all");
        });
        numeric("max_connection_num").ifPresent(connections -> {
            long logins = Math.max(1, (connections - 1) / 2);
            server.put("maxLogins", Long.toString(logins));
            report.add("[OPTIONAL] max_connection_num = " + connections + " → " + SERVER + ": maxLogins = " + logins
                    + "; differs: the tool counted control and data connections together, (n - 1) / 2 clients; "
                    + "cos-ftp counts sessions");
        });
        notMapped("max_list_file", "no counterpart: cos-ftp never cuts a listing, it pages it from COS");
        notMapped("config_check_enable", "no counterpart: cos-ftp's memory is bounded by uploadMemoryMiB of each "
                + "storage, not checked against the machine's at start");
        for (String key : List.of("log_level", "log_dir", "log_rotate_enabled", "log_rotate_when",
                "log_backup_count")) {
            notMapped(key, "no counterpart: cos-ftp logs to Karaf's data/log/karaf.log, rotated by pax-logging; "
                    + "levels with log:set");
        }
        for (String key : ini.section("OPTIONAL").keySet()) {
            if (!List.of("min_part_size", "upload_thread_num", "max_connection_num", "max_list_file",
                    "config_check_enable", "log_level", "log_dir", "log_rotate_enabled", "log_rotate_when",
                    "log_backup_count").contains(key)) {
                report.add("[OPTIONAL] " + key + ": unknown to the tool; left out");
            }
        }
    }

    /** A whole number of [OPTIONAL]; "default" and other words are left out, as the tool ignored them. */
    private Optional<Long> numeric(String key) {
        Optional<String> value = ini.value("OPTIONAL", key);
        if (value.isPresent() && !value.get().matches("\\d+")) {
            report.add("[OPTIONAL] " + key + " = " + value.get() + ": not a number, which the tool ignored; "
                    + "cos-ftp's default applies");
            return Optional.empty();
        }
        return value.map(Long::parseLong).filter(number -> number > 0);
    }

    private void notMapped(String key, String why) {
        ini.value("OPTIONAL", key).ifPresent(value -> report.add("[OPTIONAL] " + key + " = " + value + ": " + why));
    }

    private void unknownSections() {
        for (String section : ini.sectionNames()) {
            if (!section.startsWith("COS_ACCOUNT") && !List.of("FTP_ACCOUNT", "NETWORK", "FILE_OPTION", "OPTIONAL")
                    .contains(section)) {
                report.add("[" + section + "]: unknown to the tool; left out");
            }
        }
    }

    // ---- output

    private String required(String section, String key) {
        return ini.value(section, key).orElseThrow(() -> new IllegalArgumentException("[" + section + "] " + key
                + " is missing"));
    }

    private Result result() {
        var files = new LinkedHashMap<String, String>();
        files.put(USERS, text(USERS, users));
        storages.forEach((name, keys) -> files.put("org.cosftp.storage-" + name + ".cfg",
                text("org.cosftp.storage-" + name + ".cfg", keys)));
        files.put(SERVER, text(SERVER, server));
        return new Result(files, List.copyOf(report));
    }

    private static String text(String name, Map<String, String> keys) {
        var text = new StringBuilder("# ").append(name).append(", imported from the original tool's vsftpd.conf by "
                + "cosftp:import-conf.\n# The keys it does not set have their defaults; see conf/ of cos-ftp for "
                + "all of them.\n");
        keys.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        return text.toString();
    }
}
