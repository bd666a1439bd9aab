package org.cosftp.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

import javax.inject.Inject;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPConnectionClosedException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** Edits of the cfg files in etc/ apply to the running server, and bad ones change nothing. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReloadIT extends CosFtpTestSupport {
    private static final String USERS = "org.cosftp.users.cfg";
    private static final String SERVER = "org.cosftp.server.cfg";

    @Inject
    private ConfigurationAdmin configurations;
    @Inject
    private ServiceComponentRuntime components;

    @Configuration
    public Option[] configuration() {
        return distribution();
    }

    private static Map<String, String> users(String... extraKeysAndValues) {
        var users = new LinkedHashMap<String, String>();
        users.put("user.demo.password", "demo");
        for (int i = 0; i < extraKeysAndValues.length; i += 2) {
            users.put(extraKeysAndValues[i], extraKeysAndValues[i + 1]);
        }
        return users;
    }

    @Test
    public void usersComeAndGoWithoutARestart() throws Exception {
        writeConfigFile(USERS, users("user.carol.password", "carol-pw"));
        await("carol to be able to log in", Duration.ofSeconds(30), () -> FtpSupport.canLogIn("carol", "carol-pw"));

        FTPClient session = FtpSupport.login("carol", "carol-pw");
        try {
            assertTrue(FtpSupport.put(session, "/carol.txt", new byte[] {1}));
            writeConfigFile(USERS, users());
            await("carol to be refused", Duration.ofSeconds(30), () -> !FtpSupport.canLogIn("carol", "carol-pw"));
            await("carol's open session to be closed", Duration.ofSeconds(30), () -> {
                try {
                    return !session.sendNoOp();
                } catch (IOException closed) {
                    return true;
                }
            });
        } finally {
            session.disconnect();
        }
        assertTrue(FtpSupport.canLogIn("demo", "demo"));
    }

    @Test
    public void aPermissionChangeAppliesToTheNextCommand() throws Exception {
        writeConfigFile(USERS, users("user.dave.password", "dave-pw"));
        await("dave to be able to log in", Duration.ofSeconds(30), () -> FtpSupport.canLogIn("dave", "dave-pw"));
        FTPClient dave = FtpSupport.login("dave", "dave-pw");
        try {
            assertTrue(FtpSupport.put(dave, "/dave-1.txt", new byte[] {1}));
            writeConfigFile(USERS, users("user.dave.password", "dave-pw", "user.dave.access", "r"));
            await("dave's uploads to be refused", Duration.ofSeconds(30),
                    () -> !FtpSupport.put(dave, "/dave-2.txt", new byte[] {2}) && dave.getReplyCode() == 550);
            assertArrayEquals(new byte[] {1}, FtpSupport.get(dave, "/dave-1.txt"));
        } finally {
            FtpSupport.quit(dave);
        }
    }

    @Test
    public void aBadUsersFileIsRefusedAndTheLastGoodOneKeepsWorking() throws Exception {
        writeConfigFile(USERS, users("user.erin.password", "erin-pw", "user.erin.access", "everything"));
        await("the refusal in the log", Duration.ofSeconds(30),
                () -> log().contains("org.cosftp.users.cfg: user.erin.access = 'everything' must be r, w or rw"));
        assertFalse(FtpSupport.canLogIn("erin", "erin-pw"));
        assertTrue(FtpSupport.canLogIn("demo", "demo"));
    }

    @Test
    public void aPortChangeBindsTheListenerAnew() throws Exception {
        int newPort = freePort();
        int oldPort = ftpPort();
        Map<String, String> server = serverFile("port", Integer.toString(newPort));
        try {
            applyServerSettings(server);
            var ftp = new FTPClient();
            ftp.connect("127.0.0.1", newPort);
            assertTrue(ftp.login("demo", "demo"));
            assertEquals("/", ftp.printWorkingDirectory());
            ftp.disconnect();
            assertFalse("the old port is closed", isListening(oldPort));
        } finally {
            applyServerSettings(serverFile());
        }
    }

    @Test
    public void aLimitChangedDuringAnUploadLeavesTheUploadAndItsSessionAlone() throws Exception {
        byte[] file = FtpSupport.random(3 * 1024 * 1024, 21);
        FTPClient ftp = FtpSupport.login("demo", "demo");
        try {
            FtpSupport.binary(ftp);
            OutputStream upload = ftp.storeFileStream("/during-change.bin");
            upload.write(file, 0, 1024 * 1024);
            upload.flush();
            applyServerSettings(serverFile("maxLogins", "64", "idleTimeoutSeconds", "120"));
            upload.write(file, 1024 * 1024, file.length - 1024 * 1024);
            upload.close();
            assertTrue("the upload ends as it began: " + ftp.getReplyString(), ftp.completePendingCommand());
            assertTrue(ftp.sendNoOp());
            assertArrayEquals(file, FtpSupport.get(ftp, "/during-change.bin"));
        } finally {
            FtpSupport.quit(ftp);
            applyServerSettings(serverFile());
        }
    }

    @Test
    public void aPortChangeBindsTheNewListenerFirstAndTheOldSessionsDrain() throws Exception {
        int oldPort = ftpPort();
        int newPort = freePort();
        byte[] file = FtpSupport.random(2 * 1024 * 1024, 22);
        FTPClient old = FtpSupport.login("demo", "demo");
        try {
            FtpSupport.binary(old);
            OutputStream upload = old.storeFileStream("/across-rebind.bin");
            upload.write(file, 0, 1024 * 1024);
            upload.flush();
            applyServerSettings(serverFile("port", Integer.toString(newPort), "drainSeconds", "3"));
            assertFalse("the old port accepts no more", isListening(oldPort));
            var fresh = new FTPClient();
            fresh.connect("127.0.0.1", newPort);
            assertTrue("the new port serves: " + fresh.getReplyString(), fresh.login("demo", "demo"));
            fresh.disconnect();

            upload.write(file, 1024 * 1024, file.length - 1024 * 1024);
            upload.close();
            assertTrue("the old session's upload ends as it began: " + old.getReplyString(),
                    old.completePendingCommand());
            assertArrayEquals(file, FtpSupport.get(old, "/across-rebind.bin"));
            await("the old session to be closed after the drain", Duration.ofSeconds(30), () -> {
                try {
                    return !old.sendNoOp();
                } catch (IOException closed) {
                    return true;
                }
            });
            assertTrue(log(), log().contains("closing the 1 sessions left on the listener on 127.0.0.1:" + oldPort));
        } finally {
            old.disconnect();
            applyServerSettings(serverFile());
        }
    }

    @Test
    public void aBindThatFailsLeavesTheOldListenerServing() throws Exception {
        // settings in force that differ from serverFile()'s, so that going back to those is a change applied
        // (the refused file changes nothing in force)
        applyServerSettings(serverFile("drainSeconds", "9"));
        FTPClient open = FtpSupport.login("demo", "demo");
        try (var taken = new ServerSocket(0)) {
            String refused = "new FTP listener settings not applied, the listener on 127.0.0.1:" + ftpPort()
                    + " keeps serving";
            applyConfigFile("org.cosftp.server.cfg", serverFile("port", Integer.toString(taken.getLocalPort()),
                    "drainSeconds", "9", "ban.exempt", NEVER_BANNED), refused);
            assertTrue("an open session goes on", open.sendNoOp());
            assertTrue("new clients still log in", FtpSupport.canLogIn("demo", "demo"));
        } finally {
            FtpSupport.quit(open);
            applyServerSettings(serverFile());
        }
    }

    @Test
    public void thePassiveAddressIsAnnouncedAndLoginsAreLimited() throws Exception {
        Map<String, String> server = serverFile("passiveAddress", "127.0.0.2", "maxLogins", "1");
        try {
            applyServerSettings(server);
            FTPClient first = FtpSupport.login("demo", "demo");
            try {
                assertEquals(227, first.sendCommand("PASV"));
                assertTrue(first.getReplyString(), first.getReplyString().contains("(127,0,0,2,"));
                FTPClient second = FtpSupport.connect();
                try {
                    assertFalse("a second login is over maxLogins", second.login("demo", "demo"));
                } catch (FTPConnectionClosedException refused) {
                    assertEquals("too many users: 421, and the connection is closed", 421, second.getReplyCode());
                } finally {
                    second.disconnect();
                }
            } finally {
                FtpSupport.quit(first);
            }
        } finally {
            server.remove("passiveAddress");
            server.remove("maxLogins");
            applyServerSettings(server);
        }
    }

    @Test
    public void aStalledUploadTimesOutAndStoresNothing() throws Exception {
        Map<String, String> server = serverFile("idleTimeoutSeconds", "2");
        try {
            applyServerSettings(server);
            FTPClient ftp = FtpSupport.login("demo", "demo");
            FtpSupport.binary(ftp);
            var out = ftp.storeFileStream("/stalled.bin");
            out.write(FtpSupport.random(6 * 1024 * 1024, 9));
            out.flush();
            // the client stops sending but keeps both connections open
            await("the stalled upload to be discarded", Duration.ofSeconds(30),
                    () -> log().contains("upload of /stalled.bin discarded") && !openMultipartUploads(BUCKET));
            assertFalse(java.nio.file.Files.exists(bucketFolder(BUCKET).resolve("stalled.bin")));
            ftp.disconnect();
        } finally {
            server.put("idleTimeoutSeconds", "300");
            applyServerSettings(server);
        }
    }

    @Test
    public void theDistributionHasNoWriteBackToGuardAgainst() throws Exception {
        assertFalse("Karaf writes no configuration back to its file, so nothing guards against it",
                log().contains(SAVE_KEEPER_NOTICE));
    }

    @Test
    public void twoSavesOfTheUsersFileWithinASecondEndWithTheLastOneApplied() throws Exception {
        new QuickSaves(configurations, "demo", "demo").savesOfTheUsersFile(2, 5, 3);
    }

    /**
     * The system's limit of folder watches per user is shared by all its processes (the containers of a host
     * included): with none left, cos-ftp reads its files instead of watching them, and quick saves still apply.
     */
    @Test
    public void quickSavesApplyWhenTheSystemHasNoFolderWatchLeft() throws Exception {
        String polling = "for saves of the cos-ftp files (";
        var taken = new ArrayList<WatchService>();
        long before = occurrences(log(), polling);
        // stopped first, as it frees the watch it holds
        long stopped = stopSaveKeeper();
        try {
            boolean reached = takeAllWatches(taken);
            startSaveKeeper(stopped);
            assumeTrue("the system's limit of watches was reached", reached);
            await("cos-ftp to say it reads its files instead", Duration.ofSeconds(30),
                    () -> occurrences(log(), polling) > before);
        } finally {
            for (WatchService watch : taken) {
                watch.close();
            }
        }
        try {
            new QuickSaves(configurations, "demo", "demo").savesOfTheUsersFile(2, 5, 3);
        } finally {
            startSaveKeeper(stopSaveKeeper());
        }
    }

    /** A file that cannot be read as properties (a bad escape) is refused, and saves after it still apply. */
    @Test
    public void quickSavesApplyAfterAFileThatCannotBeRead() throws Exception {
        String refused = "could not read " + USERS + " to follow its saves";
        long before = occurrences(log(), refused);
        saveConfigFileInPlace(USERS, users("user.broken.password", "\\uZZZZ"));
        await("cos-ftp to say it cannot read the file", Duration.ofSeconds(30),
                () -> occurrences(log(), refused) > before);
        new QuickSaves(configurations, "demo", "demo").savesOfTheUsersFile(2, 5, 3);
    }

    /** @return the highest id its instances had, which the next one exceeds */
    private long stopSaveKeeper() throws Exception {
        ComponentDescriptionDTO keeper = saveKeeper();
        long last = components.getComponentConfigurationDTOs(keeper).stream()
                .mapToLong(configuration -> configuration.id).max().orElse(-1);
        components.disableComponent(keeper).getValue();
        await("the save keeper to stop", Duration.ofSeconds(30),
                () -> components.getComponentConfigurationDTOs(keeper).isEmpty());
        return last;
    }

    private void startSaveKeeper(long stoppedId) throws Exception {
        ComponentDescriptionDTO keeper = saveKeeper();
        components.enableComponent(keeper).getValue();
        await("the save keeper to be active again", Duration.ofSeconds(30),
                () -> components.getComponentConfigurationDTOs(keeper).stream()
                        .anyMatch(active -> active.state == ComponentConfigurationDTO.ACTIVE && active.id > stoppedId));
    }

    private ComponentDescriptionDTO saveKeeper() {
        return components.getComponentDescriptionDTOs().stream()
                .filter(component -> component.name.equals("org.cosftp.config.internal.SaveKeeper"))
                .findFirst().orElseThrow();
    }

    /** Opens watch services until the system refuses one, at most 100,000. */
    private static boolean takeAllWatches(List<WatchService> taken) throws IOException {
        try {
            while (taken.size() < 100_000) {
                taken.add(FileSystems.getDefault().newWatchService());
            }
            return false;
        } catch (IOException refused) {
            return true;
        }
    }

    @Test
    public void tenSavesOfTheServerFileWithinASecondEndWithTheLastOneApplied() throws Exception {
        try {
            new QuickSaves(configurations, "demo", "demo").tenSavesOfTheServerFile(3);
        } finally {
            applyServerSettings(serverFile());
        }
    }
}
