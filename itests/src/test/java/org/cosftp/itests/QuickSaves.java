package org.cosftp.itests;

import static org.cosftp.itests.CosFtpTestSupport.NEVER_BANNED;
import static org.cosftp.itests.CosFtpTestSupport.await;
import static org.cosftp.itests.CosFtpTestSupport.saveConfigFileInPlace;
import static org.cosftp.itests.CosFtpTestSupport.serverFile;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.IntFunction;

import org.apache.commons.net.ftp.FTPClient;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Saves of cfg files in quick succession, the first as soon as the content before is applied (the moment Karaf
 * would write that content back to its file), as the distribution and a stock Karaf with cos-ftp installed both
 * see them: each time the last save is what applies and what the file holds.
 */
final class QuickSaves {
    static final String USERS = "org.cosftp.users.cfg";
    static final String SERVER = "org.cosftp.server.cfg";

    private final ConfigurationAdmin configurations;
    private final String user;
    private final String password;

    /** @param user an account every save of the users file keeps, which logs in to check the server's */
    QuickSaves(ConfigurationAdmin configurations, String user, String password) {
        this.configurations = configurations;
        this.user = user;
        this.password = password;
    }

    /**
     * {@code count} saves of the users file {@code spacingMillis} apart, {@code trials} times: the last one's
     * password logs in, the one before's no longer does, and the file holds the last save.
     */
    void savesOfTheUsersFile(int count, int spacingMillis, int trials) throws Exception {
        for (int trial = 0; trial < trials; trial++) {
            String quick = "quick-" + trial + "-";
            var saves = saveInQuickSuccession(USERS, "org.cosftp.users", "user.quick.password", count,
                    spacingMillis, save -> {
                        var users = new LinkedHashMap<String, String>();
                        users.put("user." + user + ".password", password);
                        users.put("user.quick.password", quick + save);
                        return users;
                    });
            await("quick to log in with the last save's password", Duration.ofSeconds(30),
                    () -> FtpSupport.canLogIn("quick", quick + count));
            assertFalse("the save before's password is gone", FtpSupport.canLogIn("quick", quick + (count - 1)));
            awaitFileHolds(USERS, saves.get(count));
        }
    }

    /** Ten saves of the server file 1 ms apart, {@code trials} times. */
    void tenSavesOfTheServerFile(int trials) throws Exception {
        for (int trial = 0; trial < trials; trial++) {
            int first = 10 + trial * 20;
            var saves = saveInQuickSuccession(SERVER, "org.cosftp.server", "passiveAddress", 10, 1,
                    save -> serverFile("ban.exempt", NEVER_BANNED, "passiveAddress", "127.0.0." + (first + save)));
            String announced = "(127,0,0," + (first + 10) + ",";
            await("PASV to announce the last save's address", Duration.ofSeconds(30), () -> {
                FTPClient ftp = FtpSupport.login(user, password);
                try {
                    return ftp.sendCommand("PASV") == 227 && ftp.getReplyString().contains(announced);
                } finally {
                    FtpSupport.quit(ftp);
                }
            });
            awaitFileHolds(SERVER, saves.get(10));
        }
    }

    /**
     * Saves a file {@code count} times, {@code spacingMillis} apart, the first as soon as the content before is
     * applied. The saves are in place and dated now, as an editor makes them. Waits until the last save is the
     * applied configuration, failing if it never is.
     *
     * @param content the content of each save, 1 to {@code count}; 0 is the content before
     * @return the contents, the one before first
     */
    private List<Map<String, String>> saveInQuickSuccession(String file, String pid, String key, int count,
            int spacingMillis, IntFunction<Map<String, String>> content) throws Exception {
        var saves = new ArrayList<Map<String, String>>();
        for (int save = 0; save <= count; save++) {
            saves.add(content.apply(save));
        }
        saveConfigFileInPlace(file, saves.get(0));
        awaitApplied(file, pid, key, saves.get(0).get(key), Duration.ofMillis(1));
        for (int save = 1; save <= count; save++) {
            saveConfigFileInPlace(file, saves.get(save));
            Thread.sleep(spacingMillis);
        }
        awaitApplied(file, pid, key, saves.get(count).get(key), Duration.ofMillis(100));
        return saves;
    }

    /**
     * Waits until the file holds a save's keys and values: with the write-back on, Karaf rewrites the file (in its
     * own layout) after it applied the save.
     */
    private static void awaitFileHolds(String file, Map<String, String> save) throws Exception {
        await(file + " to hold " + save, Duration.ofSeconds(30), () -> {
            var held = new Properties();
            held.load(new StringReader(etcFile(file)));
            return held.equals(toProperties(save));
        });
    }

    private static Properties toProperties(Map<String, String> save) {
        var properties = new Properties();
        properties.putAll(save);
        return properties;
    }

    /** Waits until the configuration of {@code pid} has {@code value} for {@code key}, checking at that pace. */
    private void awaitApplied(String file, String pid, String key, String value, Duration pace) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!value.equals(applied(pid, key))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(pid + " kept " + key + " = " + applied(pid, key) + " instead of " + value
                        + ", and " + file + " holds:\n" + etcFile(file));
            }
            Thread.sleep(pace.toMillis());
        }
    }

    private String applied(String pid, String key) throws IOException {
        var properties = configurations.getConfiguration(pid, null).getProperties();
        return properties == null ? null : Objects.toString(properties.get(key), null);
    }

    private static String etcFile(String name) throws IOException {
        return Files.readString(Path.of(System.getProperty("karaf.etc"), name), StandardCharsets.UTF_8);
    }
}
