package org.cosftp.itests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.ObjectWriter;

/**
 * Objects written straight through the storage service, for tests that need many of them. A class of its own,
 * so that tests which never touch the storage API do not wire to it (BundleStopIT uninstalls it).
 */
final class StoredObjects {
    private StoredObjects() {
    }

    /** Writes {@code count} small objects named {@code prefix + i}, each holding its name, 8 at a time. */
    static void write(ObjectStorage storage, String prefix, int count) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            var writes = new ArrayList<Future<?>>();
            for (int i = 0; i < count; i++) {
                String key = prefix + i;
                writes.add(writers.submit((Callable<Void>) () -> {
                    try (ObjectWriter writer = storage.write(key, Map.of())) {
                        writer.write(key.getBytes(StandardCharsets.UTF_8));
                        writer.commit();
                    }
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            writers.shutdown();
        }
    }
}
