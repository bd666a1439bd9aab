package org.cosftp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Hashed passwords: the shell command makes them, the users file takes them as they are, FTP logins check
 * them; plaintext passwords still work and are warned about once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PasswordIT extends CosFtpTestSupport {
    private static final String USERS = "org.cosftp.users.cfg";
    private static final String LOADED = "FTP account(s) loaded";
    private static final Pattern HASH = Pattern.compile("\\$pbkdf2-sha256\\$(\\d+)\\$[A-Za-z0-9./]{22}\\$[A-Za-z0-9./]{43}");

    @Inject
    private SessionFactory sessions;

    @Inject
    private ConfigurationAdmin configurations;

    @Configuration
    public Option[] configuration() {
        // an account added as the other tests add theirs: the shipped hash must survive that edit of the file
        return distribution(account("ivan"));
    }

    @Before
    public void awaitTheShellCommand() throws Exception {
        await("cosftp:hash-password to be registered", Duration.ofSeconds(60),
                () -> HASH.matcher(run("cosftp:hash-password --iterations 1000 x", "")).matches());
    }

    @Test
    public void theShippedDemoAccountHasAHashedPassword() throws Exception {
        Matcher demo = HASH.matcher(users().get("user.demo.password"));
        assertTrue(users().get("user.demo.password"), demo.matches());
        assertEquals("300000", demo.group(1));
        assertTrue(FtpSupport.canLogIn("demo", "demo"));
        assertFalse(FtpSupport.canLogIn("demo", "Demo"));
        assertFalse(log().contains("user.demo.password is plaintext"));
    }

    @Test
    public void theUsersCommandListsTheAccountsWithoutTheirPasswords() throws Exception {
        String table = run("cosftp:users", "");
        assertTrue(table, table.lines().anyMatch(line -> line.matches(
                "demo\\s+\\W\\s+default\\s+\\W\\s+/\\s+\\W\\s+rw\\s+\\W\\s+yes\\s+\\W\\s+yes\\s+\\W\\s+hashed\\s*")));
        assertTrue(table, table.lines().anyMatch(line -> line.startsWith("ivan ") && line.trim().endsWith("plaintext")));
        assertFalse("no hash: " + table, table.contains("$pbkdf2"));
        assertFalse("no password: " + table, table.contains("ivan-pw"));
    }

    @Test
    public void aHashFromTheShellCommandLogsIn() throws Exception {
        String hash = run("cosftp:hash-password frank-Pw.7", "");
        Matcher format = HASH.matcher(hash);
        assertTrue(hash, format.matches());
        assertEquals("300000", format.group(1));

        editUsers("user.frank.password", hash);
        await("frank to log in with his password", Duration.ofSeconds(30), () -> FtpSupport.canLogIn("frank", "frank-Pw.7"));
        FTPClient wrong = FtpSupport.connect();
        try {
            assertFalse(wrong.login("frank", "frank-pw.7"));
            assertEquals(530, wrong.getReplyCode());
        } finally {
            wrong.disconnect();
        }
        // Karaf's interpolation of cfg values (${...}, $[...]) leaves the hash's '$' alone
        assertEquals(hash, configurations.getConfiguration("org.cosftp.users", null).getProperties()
                .get("user.frank.password"));
        String log = log();
        assertFalse("the password is not logged", log.contains("frank-Pw.7"));
        assertFalse("the hash is not logged", log.contains(hash.substring(hash.lastIndexOf('$'))));
    }

    @Test
    public void withoutArgumentThePasswordIsAskedForTwiceWithoutEcho() throws Exception {
        String password = "grace pw ü";
        var output = new ByteArrayOutputStream();
        Object hash = executeOnConsole("cosftp:hash-password --iterations 5000",
                password + "\n" + password + "\n", output);
        assertTrue(String.valueOf(hash), HASH.matcher(String.valueOf(hash)).matches());
        String shown = output.toString(StandardCharsets.UTF_8);
        assertTrue(shown, shown.contains("Password: ") && shown.contains("Password again: "));
        assertFalse(shown, shown.contains("grace"));

        editUsers("user.grace.password", hash.toString());
        await("grace to log in with her password", Duration.ofSeconds(30), () -> FtpSupport.canLogIn("grace", password));

        var mismatch = assertThrows(IllegalArgumentException.class, () -> executeOnConsole(
                "cosftp:hash-password", password + "\n" + password + "!\n", new ByteArrayOutputStream()));
        assertEquals("the two passwords differ; nothing was hashed", mismatch.getMessage());
    }

    @Test
    public void aPlaintextPasswordStillLogsInAndIsWarnedAboutOnce() throws Exception {
        String warning = "org.cosftp.users.cfg: user.ivan.password is plaintext; replace it with the hash that the "
                + "Karaf shell command cosftp:hash-password prints";
        assertTrue(FtpSupport.canLogIn("ivan", "ivan-pw"));
        assertFalse(FtpSupport.canLogIn("ivan", "ivan-PW"));
        await("the warning", Duration.ofSeconds(30), () -> occurrences(log(), warning) == 1);

        editUsers("user.ivan.access", "r");
        editUsers("user.judy.password", "$pbkdf2-sha256$1000$ZOw9p/Q.xziHcA7hPIcQog$"
                + "XiZd3Hek.85qGbHblP6VXKCImhoFXDz0DkkoKvn.Uz8");
        assertTrue("a hash made by Python passlib", FtpSupport.canLogIn("judy", "dot"));
        assertTrue(FtpSupport.canLogIn("ivan", "ivan-pw"));
        assertEquals("reloads do not repeat the warning", 1, occurrences(log(), warning));
        assertFalse("the password is not logged", log().contains("ivan-pw"));
    }

    /** The accounts of the running distribution's users file. */
    private static Map<String, String> users() throws IOException {
        var properties = new Properties();
        try (var reader = Files.newBufferedReader(Path.of(System.getProperty("karaf.etc"), USERS))) {
            properties.load(reader);
        }
        var users = new TreeMap<String, String>();
        properties.stringPropertyNames().forEach(key -> users.put(key, properties.getProperty(key)));
        return users;
    }

    /** Sets keys of the users file, keeping the others, and waits until the accounts are loaded anew. */
    private static void editUsers(String... keysAndValues) throws Exception {
        Map<String, String> users = users();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            users.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        applyConfigFile(USERS, users, LOADED);
    }

    private String run(String command, String input) throws Exception {
        return ShellSupport.run(sessions, command, input);
    }

    private Object executeOnConsole(String command, String input, ByteArrayOutputStream output) throws Exception {
        return ShellSupport.executeOnConsole(sessions, command, input, output);
    }
}
