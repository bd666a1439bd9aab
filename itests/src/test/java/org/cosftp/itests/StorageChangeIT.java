package org.cosftp.itests;

import static org.cosftp.itests.FtpSupport.login;
import static org.cosftp.itests.FtpSupport.quit;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.commons.net.ftp.FTPClient;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.ObjectWriter;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A storage change that meets work half-way: a long listing, a directory rename and an RMD, each on a session
 * of its own, keep the bucket they started on to their end and answer as if nothing had changed; the next
 * command of each session goes to the new bucket. The store answers every request 2 s late, so that the
 * work outlasts the time Karaf takes to apply the change.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StorageChangeIT extends CosFtpTestSupport {
    private static final String CFG = "org.cosftp.storage-default.cfg";
    private static final int LISTED = 4_500;
    private static final int RENAMED = 24;

    @Inject
    private ObjectStorage storage;

    @Configuration
    public Option[] configuration() {
        return distribution(storeFaultControl());
    }

    private static Map<String, String> storageFile(String bucket) {
        var properties = new LinkedHashMap<String, String>();
        properties.put("bucket", bucket);
        properties.put("region", "ap-guangzhou");
        properties.put("secretId", "local");
        properties.put("secretKey", SECRET_KEY);
        properties.put("endpoint", "localhost:" + System.getProperty(STORE_PORT));
        properties.put("protocol", "http");
        properties.put("partSizeMiB", "5");
        return properties;
    }

    @After
    public void restore() throws Exception {
        storeFault("clear");
        applyConfigFile(CFG, storageFile(BUCKET), "reconfigured storage 'default' (bucket " + BUCKET);
    }

    @Test
    public void workInProgressFinishesOnTheSettingsItStartedWith() throws Exception {
        StoredObjects.write(storage, "change/long/file-", LISTED);
        StoredObjects.write(storage, "change/tree/sub/file-", RENAMED);
        write("change/empty/");

        FTPClient lister = login("demo", "demo");
        FTPClient renamer = login("demo", "demo");
        FTPClient remover = login("demo", "demo");
        for (FTPClient ftp : List.of(lister, renamer, remover)) {
            // each request of the work waits 2 s for the store: the rename takes about half a minute
            ftp.setSoTimeout(180_000);
            ftp.setDataTimeout(Duration.ofSeconds(180));
        }
        // RNFR before the change: the change is to meet the RNTO, which moves the files
        assertEquals(renamer.getReplyString(), 350, renamer.rnfr("/change/tree"));
        ExecutorService sessions = Executors.newFixedThreadPool(3);
        try {
            storeFault("latency?millis=2000");
            Future<String[]> listing = sessions.submit(() -> lister.listNames("/change/long"));
            Future<String> rename = sessions.submit(replyOf(renamer, () -> renamer.rnto("/change/renamed") > 0));
            Future<String> removal = sessions.submit(replyOf(remover, () -> remover.removeDirectory("/change/empty")));

            applyConfigFile(CFG, storageFile(OTHER_BUCKET), "reconfigured storage 'default' (bucket " + OTHER_BUCKET);
            assertFalse("the listing still ran when the change applied", listing.isDone());
            assertFalse("the rename still ran when the change applied", rename.isDone());
            assertFalse("the RMD still ran when the change applied", removal.isDone());

            String[] names = listing.get(120, TimeUnit.SECONDS);
            assertEquals(lister.getReplyString(), 226, lister.getReplyCode());
            assertEquals("every name of the old bucket's directory", LISTED, names.length);
            assertTrue(rename.get(120, TimeUnit.SECONDS), rename.get().startsWith("250"));
            assertTrue(removal.get(120, TimeUnit.SECONDS), removal.get().startsWith("250"));
        } finally {
            storeFault("clear");
            sessions.shutdownNow();
        }

        // the work was done in the bucket it started in, and whole
        var old = bucketFolder(BUCKET).resolve("change");
        assertFalse("the old name is gone", Files.exists(old.resolve("tree/sub/file-0")));
        for (int i = 0; i < RENAMED; i++) {
            assertTrue("file-" + i + " is under the new name", Files.exists(old.resolve("renamed/sub/file-" + i)));
        }
        assertFalse("nothing was renamed into the new bucket",
                Files.exists(bucketFolder(OTHER_BUCKET).resolve("change/renamed")));
        assertFalse("the empty directory is gone", Files.exists(old.resolve("empty")));

        // the next command of each session uses the new settings (the storage service writes to them too)
        write("change/only-in-other-bucket.txt");
        for (FTPClient ftp : List.of(lister, renamer, remover)) {
            assertEquals("[only-in-other-bucket.txt]", Arrays.toString(ftp.listNames("/change")));
            quit(ftp);
        }
        await("the previous client closed", Duration.ofSeconds(30),
                () -> log().contains("the previous COS client of storage 'default' (bucket " + BUCKET));
    }

    /** The reply line of an FTP command that a session sends. */
    private static Callable<String> replyOf(FTPClient ftp, Callable<Boolean> command) {
        return () -> {
            command.call();
            return ftp.getReplyString().trim();
        };
    }

    private void write(String key) throws Exception {
        try (ObjectWriter writer = storage.write(key, Map.of())) {
            writer.commit();
        }
    }
}
