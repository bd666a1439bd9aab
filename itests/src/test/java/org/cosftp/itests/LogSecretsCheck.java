package org.cosftp.itests;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * Reads the logs of every Karaf the Pax Exam tests booted, once they have all run (a second failsafe
 * execution): no secret the tests used may appear in any of them. It fails when there is no log to read, as
 * a check that reads nothing proves nothing.
 */
public class LogSecretsCheck {
    /** The secret key of the storage that takes its credentials from the environment (see {@link SecretsIT}). */
    static final String ENVIRONMENT_SECRET_KEY = "COSFTP_ITEST_SECRET_KEY";

    /** What must never be in a log line, each with what it is. */
    static Map<String, Pattern> secrets() {
        String fromEnvironment = System.getenv(ENVIRONMENT_SECRET_KEY);
        assertNotNull("the build passes " + ENVIRONMENT_SECRET_KEY + " to the tests", fromEnvironment);
        var secrets = new LinkedHashMap<String, Pattern>();
        secrets.put("the storages' secret key", Pattern.compile(Pattern.quote(CosFtpTestSupport.SECRET_KEY)));
        secrets.put("the secret key taken from the environment", Pattern.compile(Pattern.quote(fromEnvironment)));
        // every test password is <name>-pw, and wrong ones too; in any case, as a reply may upper-case them
        secrets.put("a test password", Pattern.compile("(?i)[\\w.@]+-pw\\b"));
        secrets.put("a password hash", Pattern.compile("\\$pbkdf2|\\$2[aby]?\\$\\d\\d\\$"));
        secrets.put("a PASS command not masked", Pattern.compile("(?i)RECEIVED:\\s*pass\\s+(?!\\*{5}\\s*$)\\S"));
        // "demo" is also a user name: only as a password
        secrets.put("the demo account's password", Pattern.compile("(?i)\\bpass\\s+demo\\b"));
        secrets.put("a signed COS request, good for an hour", Pattern.compile("q-signature=|x-cos-security-token"));
        secrets.put("a PASS command in a hex dump", Pattern.compile("(?i)\\b[57]0 [46]1 [57]3 [57]3 (20|09)\\b"));
        return secrets;
    }

    /** Where {@code text} shows a secret: line number, what, and the line. */
    static List<String> leaks(String text) {
        var leaks = new ArrayList<String>();
        Map<String, Pattern> secrets = secrets();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            for (var secret : secrets.entrySet()) {
                if (secret.getValue().matcher(lines[i]).find()) {
                    String line = lines[i].length() > 300 ? lines[i].substring(0, 300) + "…" : lines[i];
                    leaks.add((i + 1) + ": " + secret.getKey() + ": " + line);
                }
            }
        }
        return leaks;
    }

    @Test
    public void noLogOfTheTestedDistributionsShowsASecret() throws IOException {
        List<Path> logs = logs();
        assertFalse("no Karaf log under target/exam*/*/data/log: the Pax Exam tests left nothing to check",
                logs.isEmpty());
        var leaks = new ArrayList<String>();
        boolean served = false;
        for (Path log : logs) {
            String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            served |= text.contains("FTP server listening on");
            leaks(text).stream().limit(20).forEach(leak -> leaks.add(log + ":" + leak));
        }
        assertTrue("the logs " + logs + " are not those of an FTP server that ran", served);
        assertTrue(leaks.size() + " secret(s) in the logs:\n" + String.join("\n", leaks), leaks.isEmpty());
    }

    /** Every file in the log folder of every Karaf unpacked under target/exam, target/exam-stock and so on. */
    private static List<Path> logs() throws IOException {
        Path target = Path.of(System.getProperty("basedir", "."), "target");
        var logs = new ArrayList<Path>();
        try (Stream<Path> exams = Files.list(target)) {
            for (Path exam : exams.filter(p -> p.getFileName().toString().startsWith("exam")).toList()) {
                try (Stream<Path> files = Files.walk(exam)) {
                    files.filter(Files::isRegularFile)
                            .filter(file -> file.getParent().endsWith(Path.of("data", "log")))
                            .forEach(logs::add);
                }
            }
        }
        return logs;
    }
}
