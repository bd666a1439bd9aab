package org.cosftp.itests;

import java.io.IOException;
import java.nio.file.Files;

import org.cosftp.localstore.LocalCosStore;

/**
 * Starts the local COS store in the test driver's JVM, outside Karaf, as a real COS endpoint would be.
 * Only the driver loads this class; tests inside Karaf learn about the store through system properties.
 */
final class LocalStoreLauncher {
    static final String BUCKET = "demo-1250000000";
    static final String OTHER_BUCKET = "other-1250000000";

    private static LocalCosStore store;

    private LocalStoreLauncher() {
    }

    /** Starts the store once per driver JVM; returns its endpoint and data folder. */
    static synchronized String[] start() throws IOException {
        if (store == null) {
            store = LocalCosStore.builder().dataDirectory(Files.createTempDirectory("cos-ftp-itest-store"))
                    .bucket(BUCKET).bucket(OTHER_BUCKET).start();
        }
        return new String[] {store.endpoint(), store.dataDirectory().toString()};
    }
}
