package org.cosftp.storage.cos.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.ListMultipartUploadsRequest;
import org.cosftp.localstore.LocalCosStore;
import org.cosftp.storage.ObjectStorage;
import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

/**
 * The local COS store for one test class, with storages configured against it. Public, in the test jar, for the
 * FTP bundle's tests of a whole server: they take a storage through {@link #objectStorage}.
 */
public final class LocalStore extends ExternalResource {
    static final String BUCKET = "test-1250000000";
    static final String SECRET_KEY = "test-secret-key-that-must-never-show";

    private final TemporaryFolder folder = new TemporaryFolder();
    private final List<CosObjectStorage> storages = new ArrayList<>();
    private LocalCosStore store;
    private Path data;
    private UploadJournal journal;
    private COSClient sdk;

    @Override
    protected void before() throws Throwable {
        folder.create();
        data = folder.newFolder("cos").toPath();
        journal = new UploadJournal(folder.getRoot().toPath().resolve("uploads"));
        store = LocalCosStore.builder().dataDirectory(data).bucket(BUCKET).start();
    }

    /** Stops the store, which closes every connection to it, and starts it again on the same port and data. */
    void restart() throws IOException {
        int port = store.port();
        store.close();
        store = LocalCosStore.builder().dataDirectory(data).port(port).bucket(BUCKET).start();
    }

    @Override
    protected void after() {
        storages.forEach(CosObjectStorage::retire);
        if (sdk != null) {
            sdk.shutdown();
        }
        store.close();
        folder.delete();
    }

    LocalCosStore store() {
        return store;
    }

    /** A client of the store of its own, for what another tool does in the bucket, and for looking at it. */
    synchronized COSClient sdk() {
        if (sdk == null) {
            sdk = Sdk.call(() -> CosClients.create(StorageSettings.from(configuration())));
        }
        return sdk;
    }

    /** The journal of the storages made here, as a Karaf's data folder would hold it. */
    UploadJournal journal() {
        return journal;
    }

    /** The configuration of a storage on the local store, as a cfg file would give it. */
    Map<String, Object> configuration(Object... keysAndValues) {
        var properties = new HashMap<String, Object>();
        properties.put("felix.fileinstall.filename", "file:/opt/cos-ftp/etc/org.cosftp.storage-test.cfg");
        properties.put("bucket", BUCKET);
        properties.put("region", "ap-guangzhou");
        properties.put("secretId", "AKIDtest");
        properties.put("secretKey", SECRET_KEY);
        properties.put("endpoint", store.endpoint());
        properties.put("protocol", "http");
        properties.put("partSizeMiB", "5");
        properties.put("maxFileSizeGiB", "1");
        properties.put("maxErrorRetry", "3");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    CosObjectStorage storage(Object... keysAndValues) {
        return storage(journal, keysAndValues);
    }

    /**
     * A storage named "test" on the store's bucket, with these settings beyond those of {@link #configuration};
     * retired with the store.
     */
    public ObjectStorage objectStorage(Object... keysAndValues) {
        return storage(keysAndValues);
    }

    /** A storage that records its uploads in {@code journal}: another one, for the JVM that runs after a crash. */
    CosObjectStorage storage(UploadJournal journal, Object... keysAndValues) {
        var storage = new CosObjectStorage(StorageSettings.from(configuration(keysAndValues)), journal);
        storages.add(storage);
        return storage;
    }

    /** The multipart uploads still open under a key prefix, as COS reports them. */
    List<String> openUploads(String prefix) {
        var request = new ListMultipartUploadsRequest(BUCKET);
        request.setPrefix(prefix);
        return sdk().listMultipartUploads(request).getMultipartUploads().stream()
                .map(upload -> upload.getKey()).toList();
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new java.util.Random(seed).nextBytes(data);
        return data;
    }

    static void write(CosObjectStorage storage, String key, byte[] data) throws IOException {
        try (var writer = storage.write(key, Map.of())) {
            writer.write(data);
            writer.commit();
        }
    }

    static byte[] read(CosObjectStorage storage, String key) throws IOException {
        try (var in = storage.read(key, 0)) {
            return in.readAllBytes();
        }
    }
}
