package org.cosftp.storage.cos.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cosftp.storage.ObjectWriter;
import org.cosftp.storage.StorageConfigurationException;
import org.cosftp.storage.StorageRequest;
import org.cosftp.storage.StorageRequest.Outcome;
import org.cosftp.storage.StorageRequestListener;
import org.cosftp.storage.StoreRequestIdentified;
import org.junit.After;
import org.junit.ClassRule;
import org.junit.Test;

/** What the listeners of a storage hear of its requests to the store: each API called, and how it ended. */
public class StorageRequestsTest {
    @ClassRule
    public static final LocalStore LOCAL = new LocalStore();

    private final List<StorageRequest> heard = new CopyOnWriteArrayList<>();
    private final RequestListeners listeners = new RequestListeners();

    {
        listeners.add(new StorageRequestListener() {
            @Override
            public void requestEnded(StorageRequest request) {
                heard.add(request);
            }

            @Override
            public void uploadCleanedUp(String storage) {
                // none in these tests
            }
        });
    }

    @After
    public void clearFaults() {
        LOCAL.store().faults().clear();
    }

    private CosObjectStorage storage(Object... keysAndValues) {
        return new CosObjectStorage(StorageSettings.from(LOCAL.configuration(keysAndValues)),
                LOCAL.journal(), listeners);
    }

    private List<String> heardAs() {
        return heard.stream().map(request -> request.operation() + " " + request.outcome()).toList();
    }

    @Test
    public void eachRequestIsHeardUnderItsApiNameWithItsOutcome() throws Exception {
        CosObjectStorage storage = storage();
        LocalStore.write(storage, "requests/a.txt", "hello".getBytes());
        storage.stat("requests/a.txt");
        storage.stat("requests/missing.txt");
        storage.check();
        assertThat(heardAs(), contains("PutObject SUCCESS", "HeadObject SUCCESS", "HeadObject NOT_FOUND",
                "HeadBucket SUCCESS"));
        assertThat(heard.get(0).storage(), is("test"));
        storage.retire();
    }

    @Test
    public void aRetriedRequestIsHeardOnceWithItsRetries() throws Exception {
        CosObjectStorage storage = storage();
        LOCAL.store().faults().failNext(2, 503, "ServiceUnavailable");
        storage.stat("requests/missing.txt");
        assertThat(heardAs(), contains("HeadObject NOT_FOUND"));
        assertThat(heard.get(0).retries(), is(2));
        storage.retire();
    }

    @Test
    public void aRefusedRequestIsHeardAsDenied() {
        CosObjectStorage storage = storage("maxErrorRetry", "0");
        LOCAL.store().faults().failNext(1, 403, "AccessDenied");
        assertThrows(Exception.class, () -> storage.stat("requests/a.txt"));
        assertThat(heardAs(), contains("HeadObject ACCESS_DENIED"));
        storage.retire();
    }

    @Test
    public void theStoresIdsOfTheRequestsThatMadeAnObjectAndSentItAreKept() throws Exception {
        CosObjectStorage storage = storage("partSizeMiB", "5", "uploadMemoryMiB", "20");
        ObjectWriter small = storage.write("requests/small.bin", Map.of());
        small.write(new byte[1000]);
        assertThat("none before the commit", small.storeRequestId(), is(""));
        small.commit();
        ObjectWriter multipart = storage.write("requests/multipart.bin", Map.of());
        multipart.write(LocalStore.randomBytes(6 * 1024 * 1024, 3));
        multipart.commit();
        assertThat(small.storeRequestId(), matchesPattern("[A-Za-z0-9+/]{16,}"));
        assertThat(multipart.storeRequestId(), matchesPattern("[A-Za-z0-9+/]{16,}"));
        assertThat(multipart.storeRequestId(), not(small.storeRequestId()));
        try (InputStream in = storage.read("requests/small.bin", 0)) {
            assertThat(((StoreRequestIdentified) in).storeRequestId(), matchesPattern("[A-Za-z0-9+/]{16,}"));
        }
        storage.retire();
    }

    @Test
    public void aBucketThatIsNotThereFailsItsCheck() {
        CosObjectStorage storage = storage("bucket", "missing-1250000000");
        var failure = assertThrows(StorageConfigurationException.class, storage::check);
        assertThat(failure.getMessage(), containsString("does not exist"));
        storage.retire();
    }
}
