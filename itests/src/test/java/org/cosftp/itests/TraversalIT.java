package org.cosftp.itests;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.cosftp.itests.FtpSupport.login;
import static org.cosftp.itests.FtpSupport.quit;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.inject.Inject;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.ObjectWriter;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.BundleContext;

/**
 * A home is a jail: paths that try to climb out of it, spelt every way and sent with every command, never
 * reach an object beside it. And keys that cannot be shown safely never appear in a listing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TraversalIT extends CosFtpTestSupport {
    /** Objects beside alice's home, with a size and a time none of hers has: a reply showing either gives them away. */
    private static final List<String> CANARIES = List.of("bob/canary.txt", "canary.txt");
    private static final byte[] CANARY = FtpSupport.random(13_579, 42);
    private static final String CANARY_SIZE = "13579";
    private static final String CANARY_MTIME = "19991231235959";
    private static final String CANARY_YEAR = "1999";
    private static final byte[] ALICE = "alice's own bytes".getBytes(UTF_8);

    private static final List<String> PAYLOADS = List.of("../bob/canary.txt", "..\\bob\\canary.txt",
            "..%2fbob%2fcanary.txt", "%2e%2e/bob/canary.txt", "%2e%2e%2fbob%2fcanary.txt", "//bob/canary.txt",
            "/../bob/canary.txt", "/../../bob/canary.txt", "./../bob/canary.txt", "....//bob/canary.txt",
            "bob/../../bob/canary.txt", "/alice/../bob/canary.txt", "\\..\\bob\\canary.txt",
            "../canary.txt", "/../canary.txt", "..\\canary.txt", "%2e%2e/canary.txt", "..", "/..", "../alice",
            // these still fit in a command line
            "../".repeat(300) + "bob/canary.txt", "../" + "n".repeat(1_000),
            // these do not
            "x".repeat(10_000), "../".repeat(2_000) + "bob/canary.txt");

    @Inject
    @Filter("(service.pid=org.cosftp.storage~default)")
    private ObjectStorage storage;

    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] configuration() {
        return distribution(account("alice", "home", "/alice"), account("keys", "storage", "memory"));
    }

    @Test
    public void noPathReachesAnObjectBesideTheHome() throws Exception {
        for (String key : CANARIES) {
            try (ObjectWriter writer = storage.write(key, Map.of("mtime", CANARY_MTIME))) {
                writer.write(CANARY);
                writer.commit();
            }
        }
        Map<String, String> beside = besideTheHome();
        try (var alice = new Session()) {
            for (String payload : PAYLOADS) {
                alice.reads(payload);
            }
            for (String payload : PAYLOADS) {
                alice.writes(payload);
            }
            // once more, now that alice has objects where the paths lead inside her home
            for (String payload : PAYLOADS) {
                alice.reads(payload);
            }
        }
        for (String key : CANARIES) {
            assertArrayEquals(key, CANARY, Files.readAllBytes(bucketFolder(BUCKET).resolve(key)));
            assertEquals(key, CANARY_MTIME, storage.stat(key).orElseThrow().metadata().get("mtime"));
        }
        assertEquals("nothing beside the home was written, changed or removed", beside, besideTheHome());
        assertArrayEquals("a climbing path lands inside the home", ALICE,
                Files.readAllBytes(bucketFolder(BUCKET).resolve("alice/bob/canary.txt")));
        assertFalse(log().contains("Exception caught, closing session"));
    }

    /** Every file of the bucket outside alice/, with its size and time. */
    private static Map<String, String> besideTheHome() throws IOException {
        Path bucket = bucketFolder(BUCKET);
        var files = new TreeMap<String, String>();
        try (var walk = Files.walk(bucket)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String key = bucket.relativize(file).toString();
                if (!key.startsWith("alice/")) {
                    files.put(key, Files.size(file) + " bytes, " + Files.getLastModifiedTime(file));
                }
            }
        }
        return files;
    }

    /** alice's session: every answer is searched for the canaries, and the session must stay up. */
    private static final class Session implements AutoCloseable {
        private final Probe ftp = new Probe();

        Session() throws IOException {
            login(ftp, "alice", "alice-pw");
            FtpSupport.binary(ftp);
        }

        void reads(String path) throws IOException {
            transfer("RETR", path);
            for (String command : List.of("SIZE", "MDTM", "MLST", "STAT")) {
                control(command + " " + path);
            }
            for (String command : List.of("LIST", "NLST", "MLSD")) {
                transfer(command, path);
            }
            String directory = path.endsWith("canary.txt") ? path.substring(0, path.length() - "canary.txt".length())
                    : path;
            control("CWD " + (directory.isEmpty() ? "." : directory));
            transfer("RETR", "canary.txt");
            control("CWD /");
        }

        void writes(String path) throws IOException {
            store("STOR", path);
            store("APPE", path);
            control("MFMT 20200102030405 " + path);
            control("RNFR " + path);
            control("RNTO /renamed.txt");
            store("STOR", "/own.txt");
            control("RNFR /own.txt");
            control("RNTO " + path);
            control("DELE " + path);
            control("MKD " + path);
            control("RMD " + path);
            store("STOR", path);
        }

        private void control(String command) throws IOException {
            int code = ftp.sendCommand(command);
            check(command, code, ftp.getReplyString().getBytes(UTF_8));
        }

        private void transfer(String command, String path) throws IOException {
            byte[] data = ftp.transfer(command, path);
            check(command + " " + path, ftp.getReplyCode(), data == null ? new byte[0] : data);
            check(command + " " + path, ftp.getReplyCode(), ftp.getReplyString().getBytes(UTF_8));
        }

        private void store(String command, String path) throws IOException {
            var data = new ByteArrayInputStream(ALICE);
            if (command.equals("APPE")) {
                ftp.appendFile(path, data);
            } else {
                ftp.storeFile(path, data);
            }
            check(command + " " + path, ftp.getReplyCode(), ftp.getReplyString().getBytes(UTF_8));
        }

        private void check(String command, int code, byte[] answer) throws IOException {
            String what = shorten(command) + " -> " + code;
            String text = new String(answer, ISO_8859_1);
            assertFalse(what + " gave the canary's bytes away", Arrays.equals(CANARY, answer));
            assertFalse(what + " showed the canary's size: " + shorten(text), text.contains(CANARY_SIZE));
            assertFalse(what + " showed the canary's time: " + shorten(text), text.contains(CANARY_YEAR));
            assertNotEquals(what + ": the server gave up the session", 421, code);
            assertTrue(what + ": the session is gone", ftp.sendNoOp());
        }

        @Override
        public void close() {
            quit(ftp);
        }
    }

    private static String shorten(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "… (" + text.length() + " characters)" : text;
    }

    /** A client that hands over what a data command sent, whatever the command. */
    private static final class Probe extends FTPClient {
        /** What came over the data connection; {@code null} if the command was refused. */
        byte[] transfer(String command, String argument) throws IOException {
            Socket socket = _openDataConnection_(command, argument);
            if (socket == null) {
                return null;
            }
            byte[] data;
            try (socket) {
                data = socket.getInputStream().readAllBytes();
            }
            completePendingCommand();
            return data;
        }
    }

    @Test
    public void keysThatCannotBeShownSafelyAreLeftOutOfEveryListing() throws Exception {
        // keys a bucket may hold, but no file system: the local store cannot have them
        var memory = new MemoryStorage("memory", List.of("list/ok.txt", "list/x/..", "list/a/../b", "list/./c",
                "list/d/./e", "list/..", "list/.", "list/../up", "list//empty", "list/nul\0name", "list/cr\rname",
                "list/lf\nname", "list/forged\r\n-rw-r--r-- 1 cos cos 1 Jan 1 00:00 evil"));
        var registration = bundleContext.registerService(ObjectStorage.class, memory, null);
        try {
            await("a login on the memory storage", Duration.ofSeconds(30), () -> FtpSupport.canLogIn("keys", "keys-pw"));
            FTPClient ftp = login("keys", "keys-pw");
            try {
                List<String> safe = List.of("a", "d", "ok.txt", "x");
                assertEquals("LIST", safe, names(ftp.listFiles("/list")));
                assertEquals("NLST", safe, Arrays.asList(ftp.listNames("/list")));
                assertEquals("MLSD", safe, names(ftp.mlistDir("/list")));
                // FtpServer's STAT lists directories first
                assertEquals("STAT", safe, statNames(ftp, "/list").stream().sorted().toList());
                // what is left under these is . or .. only
                for (String directory : List.of("/list/a", "/list/d", "/list/x")) {
                    assertEquals("LIST " + directory, List.of(), names(ftp.listFiles(directory)));
                    assertEquals("NLST " + directory, List.of(), Arrays.asList(ftp.listNames(directory)));
                    assertEquals("MLSD " + directory, List.of(), names(ftp.mlistDir(directory)));
                    assertEquals("STAT " + directory, List.of(), statNames(ftp, directory));
                }
                // a path naming . or .. is normalised: it never designates such a key
                assertEquals(250, ftp.sendCommand("MLST /list/x/.."));
                assertFalse(ftp.getReplyString(), ftp.getReplyString().contains(".."));
                assertTrue(ftp.getReplyString(), ftp.getReplyString().contains("Type=dir"));
                // a client can send NUL, but a name with it is refused as any name that is not allowed
                for (String command : List.of("MLST", "STAT", "SIZE", "MDTM", "DELE")) {
                    int code = ftp.sendCommand(command + " /list/nul\0name");
                    assertTrue(command + " of a name with NUL: " + ftp.getReplyString(), code >= 400);
                    assertFalse(ftp.getReplyString().contains("\0"));
                }
                assertTrue(memory.keys().contains("list/nul\0name"));
                assertEquals(250, ftp.sendCommand("MLST /list/ok.txt"));
            } finally {
                quit(ftp);
            }
        } finally {
            registration.unregister();
        }
    }

    private static List<String> names(FTPFile[] files) {
        return Arrays.stream(files).map(FTPFile::getName).toList();
    }

    /** The names STAT lists over the control connection, one LIST line each between the first and last line. */
    private static List<String> statNames(FTPClient ftp, String path) throws IOException {
        int code = ftp.sendCommand("STAT", path);
        assertTrue(ftp.getReplyString(), code == 211 || code == 212 || code == 213);
        String[] lines = ftp.getReplyStrings();
        var names = new ArrayList<String>();
        for (int i = 1; i < lines.length - 1; i++) {
            String[] fields = lines[i].trim().split("\\s+", 9);
            names.add(fields[fields.length - 1]);
        }
        return names;
    }
}
