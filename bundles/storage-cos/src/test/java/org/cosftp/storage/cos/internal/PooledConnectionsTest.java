package org.cosftp.storage.cos.internal;

import static org.cosftp.storage.cos.internal.LocalStore.randomBytes;
import static org.cosftp.storage.cos.internal.LocalStore.read;
import static org.cosftp.storage.cos.internal.LocalStore.write;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;

import org.junit.ClassRule;
import org.junit.Test;

/**
 * Connections to COS are pooled; a server may close them at any time (a restart, a keep-alive timeout). The
 * requests that follow must go out on new connections and succeed, uploads included: the SDK does not send an
 * upload's body a second time, so a pooled connection must be found closed before it is used. The SDK checks each
 * one that has been idle for 1 ms or more; httpclient's own default, 2 s, makes this test fail.
 */
public class PooledConnectionsTest {
    @ClassRule
    public static final LocalStore LOCAL = new LocalStore();

    @Test
    public void requestsRightAfterTheStoreClosedEveryConnectionSucceed() throws IOException {
        CosObjectStorage storage = LOCAL.storage();
        byte[] data = randomBytes(100_000, 7);
        write(storage, "pooled/first.bin", data);

        LOCAL.restart();
        assertArrayEquals("a read on a connection the store closed", data, read(storage, "pooled/first.bin"));

        LOCAL.restart();
        byte[] more = randomBytes(50_000, 8);
        write(storage, "pooled/second.bin", more);
        assertArrayEquals(more, read(storage, "pooled/second.bin"));

        LOCAL.restart();
        assertTrue("a listing on a connection the store closed", storage.anyKeyStartsWith("pooled/"));
    }
}
