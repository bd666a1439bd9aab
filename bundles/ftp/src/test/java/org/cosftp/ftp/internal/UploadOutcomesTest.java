package org.cosftp.ftp.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.apache.commons.net.ftp.FTPClient;
import org.cosftp.storage.ObjectWriter;
import org.cosftp.storage.cos.internal.LocalStore;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.RuleChain;

/**
 * What each way an upload can end leaves in the bucket, through a whole server in this JVM over the local COS
 * store: a finished upload is the object, and one that did not finish (an aborted transfer, a client that died,
 * a name that is a directory's, an account that may not overwrite) leaves the object as it was. The same
 * outcomes through a booted Karaf and real clients killed by signals are {@code KilledClientIT} and
 * {@code AbortIT}; these take a second.
 */
public class UploadOutcomesTest {
    private static final LocalStore LOCAL = new LocalStore();
    private static final InProcessServer SERVER = new InProcessServer(LOCAL);
    @ClassRule
    public static final RuleChain STORE_THEN_SERVER = RuleChain.outerRule(LOCAL).around(SERVER);

    private static final byte[] BEFORE = "the object as it was".getBytes();

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** The object's bytes as a reader of the bucket sees them; empty if there is none. */
    private static Optional<byte[]> object(String key) throws IOException {
        if (SERVER.storage().stat(key).isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = SERVER.storage().read(key, 0)) {
            return Optional.of(in.readAllBytes());
        }
    }

    private static void existing(String key) throws IOException {
        try (ObjectWriter writer = SERVER.storage().write(key, Map.of())) {
            writer.write(BEFORE);
            writer.commit();
        }
    }

    /**
     * A writer's client that sends {@code bytes} and dies, as a killed process's system closes its sockets: the
     * data connection ends (FIN, like the end of a file), then the control connection, {@code gapMillis} later;
     * returns once the server has decided what to keep.
     */
    private static void diesMidUpload(String command, String path, byte[] bytes, long gapMillis) throws Exception {
        FTPClient ftp = SERVER.login("writer");
        OutputStream data = command.equals("APPE") ? ftp.appendFileStream(path) : ftp.storeFileStream(path);
        data.write(bytes);
        data.close();
        if (gapMillis > 0) {
            Thread.sleep(gapMillis);
        }
        ftp.disconnect();
        SERVER.awaitNoCommand();
    }

    private static void closeQuietly(OutputStream data) {
        try {
            data.close();
        } catch (IOException closedByTheServer) {
            // the server closed the data connection first
        }
    }

    private static byte[] download(FTPClient ftp, String path) throws IOException {
        var bytes = new ByteArrayOutputStream();
        assertTrue(ftp.getReplyString(), ftp.retrieveFile(path, bytes));
        return bytes.toByteArray();
    }

    @Test
    public void aFinishedUploadIsTheObjectInOnePutOrInParts() throws Exception {
        FTPClient ftp = SERVER.login("writer");
        try {
            for (int size : new int[] {0, 1, 100_000, 12 << 20}) {
                byte[] data = random(size, size);
                String path = "/finished-" + size + ".bin";
                assertTrue(ftp.getReplyString(), ftp.storeFile(path, new ByteArrayInputStream(data)));
                assertEquals(226, ftp.getReplyCode());
                assertArrayEquals(path, data, object(path.substring(1)).orElseThrow());
                assertArrayEquals(path, data, download(ftp, path));
            }
        } finally {
            ftp.disconnect();
        }
    }

    @Test
    public void aClientThatDiesMidUploadLeavesTheObjectAsItWas() throws Exception {
        for (int size : new int[] {100_000, 7 << 20}) {
            String key = "died-" + size + ".bin";
            existing(key);
            diesMidUpload("STOR", "/" + key, random(size, 7), 0);
            assertArrayEquals(key, BEFORE, object(key).orElseThrow());
        }
    }

    @Test
    public void aControlConnectionThatClosesSoonAfterTheDataStillDiscardsTheUpload() throws Exception {
        existing("late.bin");
        // a loaded machine's killed client: its control connection closed tens of milliseconds after its data
        // (more than the 20 ms once shipped), well within the server's wait
        diesMidUpload("STOR", "/late.bin", random(200_000, 16), 60);
        assertArrayEquals(BEFORE, object("late.bin").orElseThrow());
    }

    @Test
    public void aClientThatDiesMidUploadOfANewFileLeavesNoObject() throws Exception {
        diesMidUpload("STOR", "/never.bin", random(300_000, 8), 0);
        assertEquals(Optional.empty(), SERVER.storage().stat("never.bin"));
    }

    @Test
    public void anAbortedUploadLeavesTheObjectAsItWasAndTheSessionGoesOn() throws Exception {
        existing("aborted.bin");
        FTPClient ftp = SERVER.login("writer");
        try {
            OutputStream data = ftp.storeFileStream("/aborted.bin");
            data.write(random(2 << 20, 9));
            data.flush();
            // the transfer's reply comes first, then ABOR's own
            assertEquals(426, ftp.sendCommand("ABOR"));
            assertEquals(226, ftp.getReply());
            closeQuietly(data);
            SERVER.awaitNoCommand();
            assertArrayEquals(BEFORE, object("aborted.bin").orElseThrow());
            assertTrue("the session goes on", ftp.sendNoOp());
        } finally {
            ftp.disconnect();
        }
    }

    @Test
    public void anUploadOntoADirectorysNameStoresNothing() throws Exception {
        FTPClient ftp = SERVER.login("writer");
        try {
            assertTrue(ftp.makeDirectory("/taken"));
            assertFalse(ftp.storeFile("/taken", new ByteArrayInputStream(random(50_000, 10))));
            assertEquals(553, ftp.getReplyCode());
            assertTrue(ftp.getReplyString(), ftp.getReplyString().contains("Is a directory"));
            assertEquals(Optional.empty(), object("taken"));
            assertTrue(ftp.changeWorkingDirectory("/taken"));
        } finally {
            ftp.disconnect();
        }
    }

    @Test
    public void anAccountThatMayNotOverwriteKeepsTheObjectAndMayCreate() throws Exception {
        existing("kept.bin");
        FTPClient ftp = SERVER.login("keeper");
        try {
            assertFalse(ftp.storeFile("/kept.bin", new ByteArrayInputStream(random(1_000, 11))));
            assertEquals(550, ftp.getReplyCode());
            assertArrayEquals(BEFORE, object("kept.bin").orElseThrow());
            byte[] fresh = random(1_000, 12);
            assertTrue(ftp.getReplyString(), ftp.storeFile("/fresh.bin", new ByteArrayInputStream(fresh)));
            assertArrayEquals(fresh, object("fresh.bin").orElseThrow());
        } finally {
            ftp.disconnect();
        }
    }

    @Test
    public void appendAndRestartAddToTheObjectOnlyWhenTheyFinish() throws Exception {
        existing("grown.bin");
        FTPClient ftp = SERVER.login("writer");
        try {
            byte[] more = random(70_000, 13);
            assertTrue(ftp.getReplyString(), ftp.appendFile("/grown.bin", new ByteArrayInputStream(more)));
            byte[] grown = new byte[BEFORE.length + more.length];
            System.arraycopy(BEFORE, 0, grown, 0, BEFORE.length);
            System.arraycopy(more, 0, grown, BEFORE.length, more.length);
            assertArrayEquals(grown, object("grown.bin").orElseThrow());

            // REST + STOR from the object's end, as a client resuming an upload
            byte[] rest = random(5_000, 14);
            ftp.setRestartOffset(grown.length);
            assertTrue(ftp.getReplyString(), ftp.storeFile("/grown.bin", new ByteArrayInputStream(rest)));
            assertEquals(grown.length + rest.length, object("grown.bin").orElseThrow().length);
        } finally {
            ftp.disconnect();
        }
        // an append whose client dies adds nothing
        byte[] before = object("grown.bin").orElseThrow();
        diesMidUpload("APPE", "/grown.bin", random(40_000, 15), 0);
        assertArrayEquals(before, object("grown.bin").orElseThrow());
    }
}
