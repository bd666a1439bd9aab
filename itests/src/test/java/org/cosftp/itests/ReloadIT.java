package org.cosftp.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPConnectionClosedException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Edits of the cfg files in etc/ apply to the running server, and bad ones change nothing. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReloadIT extends CosFtpTestSupport {
    private static final String USERS = "org.cosftp.users.cfg";

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
        int newPort;
        try (var socket = new ServerSocket(0)) {
            newPort = socket.getLocalPort();
        }
        int oldPort = ftpPort();
        var server = new LinkedHashMap<String, String>();
        server.put("host", "127.0.0.1");
        server.put("port", Integer.toString(newPort));
        server.put("passivePorts", "0");
        try {
            rebindWith(server, newPort);
            var ftp = new FTPClient();
            ftp.connect("127.0.0.1", newPort);
            assertTrue(ftp.login("demo", "demo"));
            assertEquals("/", ftp.printWorkingDirectory());
            ftp.disconnect();
            assertFalse("the old port is closed", isListening(oldPort));
        } finally {
            server.put("port", Integer.toString(oldPort));
            rebindWith(server, oldPort);
        }
    }

    @Test
    public void thePassiveAddressIsAnnouncedAndLoginsAreLimited() throws Exception {
        var server = new LinkedHashMap<String, String>();
        server.put("host", "127.0.0.1");
        server.put("port", Integer.toString(ftpPort()));
        server.put("passivePorts", "0");
        server.put("passiveAddress", "127.0.0.2");
        server.put("maxLogins", "1");
        try {
            rebindWith(server, ftpPort());
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
            rebindWith(server, ftpPort());
        }
    }

    @Test
    public void aStalledUploadTimesOutAndStoresNothing() throws Exception {
        var server = new LinkedHashMap<String, String>();
        server.put("host", "127.0.0.1");
        server.put("port", Integer.toString(ftpPort()));
        server.put("passivePorts", "0");
        server.put("idleTimeoutSeconds", "2");
        try {
            rebindWith(server, ftpPort());
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
            rebindWith(server, ftpPort());
        }
    }
}
