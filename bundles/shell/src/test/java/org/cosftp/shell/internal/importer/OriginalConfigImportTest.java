package org.cosftp.shell.internal.importer;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Test;

/**
 * Both generations of the original tool's vsftpd.conf (the samples in {@code src/test/resources/vsftpd}, written
 * from the tool's code and documents) as cos-ftp's files, key by key, and the report of what became of each.
 */
public class OriginalConfigImportTest {
    /** Hashing is the config bundle's, tested there: here a password shows what it was made from. */
    private static String hash(String password) {
        return "hash-of-" + password;
    }

    private static OriginalConfigImport.Result convert(String sample, boolean secretsInline) throws IOException {
        try (InputStream in = OriginalConfigImportTest.class.getResourceAsStream("/vsftpd/" + sample)) {
            return OriginalConfigImport.convert(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    OriginalConfigImportTest::hash, secretsInline, null);
        }
    }

    /** The keys of a made file, its comments left out. */
    private static Map<String, String> keys(OriginalConfigImport.Result result, String file) {
        var keys = new TreeMap<String, String>();
        result.files().get(file).lines().filter(line -> !line.startsWith("#")).forEach(line -> {
            int equals = line.indexOf(" = ");
            keys.put(line.substring(0, equals), line.substring(equals + 3));
        });
        return keys;
    }

    private static String reportLine(OriginalConfigImport.Result result, String start) {
        return result.report().stream().filter(line -> line.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no report line starting " + start + " in " + result.report()));
    }

    @Test
    public void theCurrentSchemaBecomesOneStoragePerBucketAndCredentialsWithItsUsers() throws IOException {
        OriginalConfigImport.Result result = convert("v2.2.0.conf", false);
        assertThat(List.copyOf(result.files().keySet()), is(List.of("org.cosftp.users.cfg",
                "org.cosftp.storage-photos.cfg", "org.cosftp.storage-archive.cfg", "org.cosftp.server.cfg")));
        assertThat(keys(result, "org.cosftp.users.cfg"), is(new TreeMap<>(Map.ofEntries(
                Map.entry("user.user0.password", "hash-of-pass0"), Map.entry("user.user0.storage", "photos"),
                Map.entry("user.user0.home", "/"), Map.entry("user.user0.access", "rw"),
                Map.entry("user.user0.delete", "true"),
                Map.entry("user.user1.password", "hash-of-pass1"), Map.entry("user.user1.storage", "photos"),
                Map.entry("user.user1.home", "/"), Map.entry("user.user1.access", "r"),
                Map.entry("user.user1.delete", "false"),
                Map.entry("user.user2.password", "hash-of-pass2"), Map.entry("user.user2.storage", "archive"),
                Map.entry("user.user2.home", "/"), Map.entry("user.user2.access", "w"),
                Map.entry("user.user2.delete", "true")))));
        assertThat(keys(result, "org.cosftp.storage-photos.cfg"), is(new TreeMap<>(Map.of("bucket",
                "photos-1250000000", "region", "ap-guangzhou", "protocol", "https", "secretId", "AKIDphotos",
                "secretKey", "$[env:COS_SECRET_KEY_PHOTOS]", "maxFileSizeGiB", "20", "uploadThreads", "16"))));
        assertThat(keys(result, "org.cosftp.storage-archive.cfg").get("endpoint"), is("cos.ap-shanghai.tencentcos.cn"));
        assertThat(keys(result, "org.cosftp.server.cfg"), is(new TreeMap<>(Map.of("host", "0.0.0.0", "port", "2121",
                "passivePorts", "60000-65534", "passiveAddress", "ftp.example.com", "maxLogins", "499"))));
        for (String text : result.files().values()) {
            assertThat("no plaintext password in any file", text, not(containsString(" = pass")));
            assertThat("no secret key", text, not(containsString("secret-key")));
        }

        assertThat(reportLine(result, "[NETWORK] passive_port"), containsString("passivePorts = 60000-65534; "
                + "differs: the tool left out the end port"));
        assertThat(reportLine(result, "[OPTIONAL] max_list_file"), containsString("never cuts a listing"));
        assertThat(reportLine(result, "[OPTIONAL] min_part_size"), containsString("not a number"));
        assertThat(reportLine(result, "[COS_ACCOUNT_1] delete_enable"), containsString("user.user1.delete = false; "
                + "differs"));
        assertThat(reportLine(result, "[COS_ACCOUNT_0] home_dir"), containsString("no counterpart"));
        assertThat(reportLine(result, "[COS_ACCOUNT_0] cos_secretkey"), containsString("set COS_SECRET_KEY_PHOTOS"));
        assertThat(reportLine(result, "[COS_ACCOUNT_1] cos_bucket"), containsString("storage 'photos', as above"));
        assertThat(reportLine(result, "[COS_ACCOUNT_archive] cos_endpoint"), containsString("host[:port] alone"));
        assertThat(reportLine(result, "[NETWORK] masquerade_address"), containsString("also takes a host name"));
        assertThat(reportLine(result, "[OPTIONAL] log_rotate_enabled"), containsString("pax-logging"));
        assertThat(reportLine(result, "[OPTIONAL] config_check_enable"), containsString("uploadMemoryMiB"));
    }

    @Test
    public void secretsGoInlineWhenAsked() throws IOException {
        OriginalConfigImport.Result result = convert("v2.2.0.conf", true);
        assertThat(keys(result, "org.cosftp.storage-photos.cfg").get("secretKey"), is("photos-secret-key"));
        assertThat(reportLine(result, "[COS_ACCOUNT_0] cos_secretkey"), containsString("as it was (--secrets-inline)"));
    }

    @Test
    public void theSchemaBefore2BecomesOneStorageForAllItsUsers() throws IOException {
        OriginalConfigImport.Result result = convert("v1.0.conf", false);
        assertThat(List.copyOf(result.files().keySet()), is(List.of("org.cosftp.users.cfg",
                "org.cosftp.storage-legacy.cfg", "org.cosftp.server.cfg")));
        Map<String, String> users = keys(result, "org.cosftp.users.cfg");
        assertThat(users.get("user.alice.access") + users.get("user.bob.access"), is("rwr"));
        assertThat(users.get("user.bob.delete"), is("true"));
        assertThat("no R nor W: no permission in the tool, disabled here", users.get("user.carol.enabled"), is("false"));
        assertThat(users.get("user.carol.password"), is("hash-of-carol-pw"));
        assertThat(keys(result, "org.cosftp.storage-legacy.cfg"), is(new TreeMap<>(Map.of("bucket",
                "legacy-1250000000", "region", "ap-beijing", "protocol", "https", "secretId", "AKIDlegacy",
                "secretKey", "$[env:COS_SECRET_KEY_LEGACY]", "maxFileSizeGiB", "200", "partSizeMiB", "5",
                "uploadThreads", "20"))));
        assertThat(keys(result, "org.cosftp.server.cfg"), is(new TreeMap<>(Map.of("host", "0.0.0.0", "port", "21",
                "passivePorts", "50000-65534", "passiveAddress", "203.0.113.7", "maxLogins", "49"))));
        assertThat(reportLine(result, "[COS_ACCOUNT] cos_user_home_dir"), containsString("no counterpart"));
        assertThat(reportLine(result, "[OPTIONAL] min_part_size"), containsString("partSizeMiB = 5; differs"));
        assertThat(reportLine(result, "[FTP_ACCOUNT] user carol"), containsString("imported disabled"));
    }

    @Test
    public void before1TheAppidJoinsTheBucketName() throws IOException {
        OriginalConfigImport.Result result = convert("v0.1.conf", false);
        assertThat(keys(result, "org.cosftp.storage-old.cfg").get("bucket"), is("old-1250000000"));
        assertThat(keys(result, "org.cosftp.users.cfg").get("user.dave.storage"), is("old"));
        assertThat(result.report(), hasItem(containsString("cos_appid = 1250000000 → the bucket old-1250000000")));
    }

    @Test
    public void aFileWithoutAccountsOrWithBrokenLinesIsRefusedByLine() {
        var none = assertThrows(IllegalArgumentException.class, () -> OriginalConfigImport.convert(
                "[NETWORK]\nlisten_port = 21\n", OriginalConfigImportTest::hash, false, null));
        assertThat(none.getMessage(), containsString("no account"));
        var broken = assertThrows(IllegalArgumentException.class, () -> OriginalConfigImport.convert(
                "[COS_ACCOUNT_0]\njust words\n", OriginalConfigImportTest::hash, false, null));
        assertThat(broken.getMessage(), is("line 2 is neither [section] nor key = value: just words"));
        var missing = assertThrows(IllegalArgumentException.class, () -> OriginalConfigImport.convert(
                "[COS_ACCOUNT_0]\ncos_bucket = b-1\n", OriginalConfigImportTest::hash, false, null));
        assertThat(missing.getMessage(), is("[COS_ACCOUNT_0] cos_secretid is missing"));
    }
}
