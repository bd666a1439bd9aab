package org.cosftp.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import javax.inject.Inject;

import org.cosftp.storage.ListEntry;
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
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** The storage bundle inside the booted distribution: the COS SDK at work in OSGi, and live configuration. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StorageIT extends CosFtpTestSupport {
    private static final String CFG = "org.cosftp.storage-default.cfg";

    @Inject
    private BundleContext bundleContext;

    @Inject
    private ObjectStorage storage;

    @Configuration
    public Option[] configuration() {
        return distribution();
    }

    private static Map<String, String> defaultConfig() {
        var properties = new LinkedHashMap<String, String>();
        properties.put("bucket", BUCKET);
        properties.put("region", "ap-guangzhou");
        properties.put("secretId", "local");
        properties.put("secretKey", SECRET_KEY);
        properties.put("endpoint", "localhost:" + System.getProperty(STORE_PORT));
        properties.put("protocol", "http");
        properties.put("partSizeMiB", "5");
        properties.put("maxFileSizeGiB", "1");
        return properties;
    }

    @After
    public void restoreConfiguration() throws Exception {
        apply(defaultConfig(), BUCKET);
    }

    /** Writes the storage file and waits until the storage says it took it. */
    private void apply(Map<String, String> configuration, String bucket) throws Exception {
        applyConfigFile(CFG, configuration, "reconfigured storage 'default' (bucket " + bucket);
    }

    /** Writes a new object and tells which bucket it landed in. */
    private String bucketOfANewWrite() throws Exception {
        String key = "probe/" + UUID.randomUUID();
        try (ObjectWriter writer = storage.write(key, Map.of())) {
            writer.write(1);
            writer.commit();
        }
        for (String bucket : List.of(BUCKET, OTHER_BUCKET)) {
            if (Files.exists(bucketFolder(bucket).resolve(key))) {
                return bucket;
            }
        }
        throw new AssertionError(key + " landed in no bucket");
    }

    @Test
    public void theCosSdkMovesBytesInsideKaraf() throws Exception {
        apply(defaultConfig(), BUCKET);
        byte[] data = new byte[12 * 1024 * 1024 + 3];
        new Random(12).nextBytes(data);
        // 12 MiB at 5 MiB parts: a multipart upload whose parts go out on the storage's own threads
        try (ObjectWriter writer = storage.write("karaf/中文 目录/big.bin", Map.of("mtime", "20260101000000"))) {
            writer.write(data);
            writer.commit();
        }

        assertEquals(data.length, Files.size(bucketFolder(BUCKET).resolve("karaf/中文 目录/big.bin")));
        try (InputStream in = storage.read("karaf/中文 目录/big.bin", 0)) {
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data),
                    MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
        assertEquals("20260101000000", storage.stat("karaf/中文 目录/big.bin").orElseThrow().metadata().get("mtime"));

        storage.copy("karaf/中文 目录/big.bin", "karaf/copy.bin");
        var keys = new ArrayList<String>();
        storage.list("karaf/", false).forEachRemaining((ListEntry entry) -> keys.add(entry.key()));
        assertEquals(List.of("karaf/copy.bin", "karaf/中文 目录/"), keys);

        storage.deleteAll(List.of("karaf/copy.bin", "karaf/中文 目录/big.bin"));
        assertFalse(storage.list("karaf/", true).hasNext());
    }

    @Test
    public void aChangedStorageFileMovesNewWorkToTheNewBucket() throws Exception {
        var changed = defaultConfig();
        changed.put("bucket", OTHER_BUCKET);
        apply(changed, OTHER_BUCKET);

        assertEquals(OTHER_BUCKET, bucketOfANewWrite());
    }

    @Test
    public void aBadValueIsLoggedAndTheLastGoodConfigurationKeepsRunning() throws Exception {
        var bad = defaultConfig();
        bad.put("bucket", OTHER_BUCKET);
        bad.put("partSizeMiB", "lots");
        writeConfigFile(CFG, bad);

        await("the refusal in the log", Duration.ofSeconds(30),
                () -> log().contains("org.cosftp.storage-default.cfg: partSizeMiB = 'lots' must be a whole number"));
        assertEquals(BUCKET, bucketOfANewWrite());
    }

    @Test
    public void theStorageServiceShowsNoCredentialsToTheShell() throws Exception {
        var references = bundleContext.getServiceReferences(ObjectStorage.class,
                "(service.pid=org.cosftp.storage~default)");
        assertEquals("the default storage, found by its PID", 1, references.size());
        for (ServiceReference<ObjectStorage> reference : references) {
            for (String key : reference.getPropertyKeys()) {
                assertFalse(key, key.toLowerCase(java.util.Locale.ROOT).contains("secret"));
                assertFalse(key + " holds the secret key", String.valueOf(reference.getProperty(key)).contains(SECRET_KEY));
            }
        }
    }
}
