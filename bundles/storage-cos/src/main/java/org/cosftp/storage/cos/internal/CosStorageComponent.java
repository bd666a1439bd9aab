package org.cosftp.storage.cos.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.cosftp.storage.Listing;
import org.cosftp.storage.ObjectInfo;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.StorageStatus;
import org.cosftp.storage.ObjectWriter;
import org.cosftp.storage.StorageException;
import org.cosftp.storage.StorageHold;
import org.cosftp.storage.StorageRequestListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A COS bucket as an {@link ObjectStorage} service, one per {@code org.cosftp.storage-<name>.cfg}.
 *
 * <p>A changed configuration applies in place: a new COS client takes all new work while the old one
 * finishes what it had started: every request, operation of several requests, listing, stream, writer and
 * {@linkplain #hold() hold} runs to its end on the client it started on. A call that finds the client it read
 * closed in the same moment goes to the new one. A configuration with a bad value is refused with a log line naming the
 * file, key and reason, and the last good one keeps running.
 *
 * <p>The service is registered here rather than by DS, which would publish every configuration property,
 * {@code secretKey} included, as a service property for any shell user to read ({@code service:list}); it carries
 * only the configuration's PIDs.
 *
 * <p>The component also owns the passes that abort the multipart uploads a crash left open
 * ({@link StaleUploads}): one at activation and after each change, then every
 * {@link StorageSettings#staleUploadPassSeconds()}, on a thread of its own that stops when it deactivates.
 *
 * <p>Its length is one short forward per method of {@link ObjectStorage} to the current client; the work is in
 * {@link CosObjectStorage}.
 */
@Component(service = {}, configurationPid = CosStorageComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = CosStorageConfiguration.class, factory = true)
public final class CosStorageComponent implements ObjectStorage {
    static final String FACTORY_PID = "org.cosftp.storage";
    private static final Logger LOG = LoggerFactory.getLogger(CosStorageComponent.class);
    /** Config Admin's {@code service.factoryPid}, named here so as not to import Config Admin for one string. */
    private static final String FACTORY_PID_PROPERTY = "service.factoryPid";

    private volatile CosObjectStorage storage;
    /** The listeners of every request, kept across changes of the settings. */
    private final RequestListeners requestListeners = new RequestListeners();
    private ServiceRegistration<ObjectStorage> registration;
    private ScheduledExecutorService passes;
    private ScheduledFuture<?> pass;
    private volatile long passSeconds;

    @Activate
    private void activate(BundleContext context, Map<String, Object> properties) {
        configure(properties);
        registration = context.registerService(ObjectStorage.class, this, identity(properties));
    }

    /**
     * Builds the storage of {@code properties}. The first configuration must be valid, or the component does
     * not start; a later one that is not is refused, and the storage keeps its settings. A new storage takes new
     * work at once, and the previous one finishes what it started.
     */
    @Modified
    private void configure(Map<String, Object> properties) {
        CosObjectStorage previous = storage;
        StorageSettings settings;
        try {
            settings = StorageSettings.from(properties);
        } catch (IllegalArgumentException e) {
            if (previous == null) {
                LOG.error("storage not started: {}", e.getMessage());
                throw e;
            }
            LOG.error("configuration change refused, {} keeps running: {}", previous.settings(), e.getMessage());
            return;
        }
        storage = new CosObjectStorage(settings, UploadJournal.shared(), requestListeners);
        if (previous == null) {
            LOG.info("started {}, part size {} MiB, {} upload threads, {} MiB of upload buffers", settings,
                    settings.partSize() >> 20, settings.uploadThreads(), settings.uploadMemoryMiB());
        } else {
            previous.retire();
            LOG.info("reconfigured {}; new work goes to the new settings", settings);
        }
        // at once: the new settings may name another bucket, or a shorter staleUploadSeconds
        schedulePasses(settings);
    }

    /** Passes every {@code staleUploadPassSeconds}, the first at once; replaces any before. */
    private synchronized void schedulePasses(StorageSettings settings) {
        if (passes == null) {
            passes = Executors.newSingleThreadScheduledExecutor(task -> {
                var thread = new Thread(task, "cos-stale-uploads-" + settings.name());
                thread.setDaemon(true);
                return thread;
            });
        }
        if (pass != null) {
            pass.cancel(false);
        }
        passSeconds = settings.staleUploadPassSeconds();
        pass = passes.scheduleWithFixedDelay(this::abortStaleUploads, 0, passSeconds, TimeUnit.SECONDS);
    }

    private void abortStaleUploads() {
        // held, so that a pass that a reconfiguration meets finishes on the bucket it looked at
        try (StorageHold held = hold()) {
            ((CosObjectStorage) held.storage()).abortStaleUploads(Instant.now());
        } catch (IOException | RuntimeException e) {
            // thrown out, it would end the passes for good
            LOG.warn("could not look for stale multipart uploads of {} in {}; tried again in {} s: {}",
                    storage.settings(), storage.journal().directory(), passSeconds, e.toString());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRequestListener(StorageRequestListener listener) {
        requestListeners.add(listener);
    }

    void removeRequestListener(StorageRequestListener listener) {
        requestListeners.remove(listener);
    }

    private static Dictionary<String, Object> identity(Map<String, Object> properties) {
        var identity = new Hashtable<String, Object>();
        for (String key : List.of(Constants.SERVICE_PID, FACTORY_PID_PROPERTY)) {
            if (properties.get(key) != null) {
                identity.put(key, properties.get(key));
            }
        }
        return identity;
    }

    @Deactivate
    private void deactivate() {
        passes.shutdownNow();
        registration.unregister();
        storage.retire();
    }

    /** One call on a storage. */
    @FunctionalInterface
    private interface Call<T> {
        T on(CosObjectStorage storage) throws StorageException;
    }

    /**
     * Runs a call on the current storage; if that one closed before the call could take its lease (it was
     * replaced in the same moment), nothing was done, and the call goes to its successor.
     */
    private <T> T current(Call<T> call) throws StorageException {
        while (true) {
            CosObjectStorage current = storage;
            try {
                return call.on(current);
            } catch (LeasedClient.ClosedException e) {
                if (current == storage) {
                    throw e;
                }
            }
        }
    }

    @Override
    public String name() {
        return storage.name();
    }

    /** The status of the settings in force; uploads that began under replaced ones finish there, uncounted. */
    @Override
    public StorageStatus status() {
        return storage.status();
    }

    @Override
    public void check() throws StorageException {
        storage.check();
    }

    @Override
    public StorageHold hold() throws StorageException {
        return current(CosObjectStorage::hold);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws StorageException {
        return current(s -> s.stat(key));
    }

    @Override
    public Listing list(String prefix, boolean recursive) {
        try {
            return current(s -> s.listing(prefix, recursive));
        } catch (StorageException e) {
            return PagedListing.failed(e);
        }
    }

    @Override
    public boolean anyKeyStartsWith(String prefix) throws StorageException {
        return current(s -> s.anyKeyStartsWith(prefix));
    }

    @Override
    public InputStream read(String key, long offset) throws StorageException {
        return current(s -> s.read(key, offset));
    }

    @Override
    public ObjectWriter write(String key, Map<String, String> metadata) throws StorageException {
        return current(s -> s.write(key, metadata));
    }

    @Override
    public ObjectWriter append(String key, long expectedSize) throws StorageException {
        return current(s -> s.append(key, expectedSize));
    }

    @Override
    public void copy(String sourceKey, String targetKey) throws StorageException {
        current(s -> {
            s.copy(sourceKey, targetKey);
            return null;
        });
    }

    @Override
    public boolean copyIfUnchanged(String sourceKey, String etag, String targetKey) throws StorageException {
        return current(s -> s.copyIfUnchanged(sourceKey, etag, targetKey));
    }

    @Override
    public void setMetadata(String key, Map<String, String> metadata) throws StorageException {
        current(s -> {
            s.setMetadata(key, metadata);
            return null;
        });
    }

    @Override
    public void delete(String key) throws StorageException {
        current(s -> {
            s.delete(key);
            return null;
        });
    }

    @Override
    public boolean deleteIfUnchanged(String key, String etag) throws StorageException {
        return current(s -> s.deleteIfUnchanged(key, etag));
    }

    @Override
    public void deleteAll(Collection<String> keys) throws StorageException {
        current(s -> {
            s.deleteAll(keys);
            return null;
        });
    }

    @Override
    public long maxObjectSize() {
        return storage.maxObjectSize();
    }

    @Override
    public String toString() {
        return String.valueOf(storage == null ? "COS storage (inactive)" : storage.settings());
    }
}
