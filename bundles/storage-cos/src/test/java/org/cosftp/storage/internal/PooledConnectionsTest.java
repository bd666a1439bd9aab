package org.cosftp.storage.internal;

import static org.cosftp.storage.internal.LocalStore.randomBytes;
import static org.cosftp.storage.internal.LocalStore.read;
import static org.cosftp.storage.internal.LocalStore.write;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.cosftp.localstore.LocalCosStore;
import org.junit.After;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Connections to COS are pooled; a server may close them at any time (a restart, a keep-alive timeout). The
 * requests that follow must go out on new connections and succeed, uploads included: the SDK does not send an
 * upload's body a second time, so a pooled connection must be found closed before it is used. The SDK checks each
 * one that has been idle for 1 ms or more; httpclient's own default, 2 s, makes this test fail.
 */
public class PooledConnectionsTest {
    @ClassRule
    public static final LocalStore LOCAL = new LocalStore();

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private LocalCosStore store;
    private CosObjectStorage storage;

    @After
    public void stop() {
        if (storage != null) {
            storage.retire();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    public void requestsRightAfterTheStoreClosedEveryConnectionSucceed() throws IOException {
        store = LocalCosStore.builder().dataDirectory(data()).bucket(LocalStore.BUCKET).start();
        storage = new CosObjectStorage(StorageSettings.from(LOCAL.configuration("endpoint", store.endpoint())));
        byte[] data = randomBytes(100_000, 7);
        write(storage, "pooled/first.bin", data);

        restartStore();
        assertArrayEquals("a read on a connection the store closed", data, read(storage, "pooled/first.bin"));

        restartStore();
        byte[] more = randomBytes(50_000, 8);
        write(storage, "pooled/second.bin", more);
        assertArrayEquals(more, read(storage, "pooled/second.bin"));

        restartStore();
        assertTrue("a listing on a connection the store closed", storage.anyKeyStartsWith("pooled/"));
    }

    /** Stops the store, which closes every connection, and starts it again on the same port and data. */
    private void restartStore() throws IOException {
        int port = store.port();
        store.close();
        store = LocalCosStore.builder().dataDirectory(data()).port(port).bucket(LocalStore.BUCKET).start();
    }

    private Path data() {
        return folder.getRoot().toPath().resolve("cos");
    }
}
