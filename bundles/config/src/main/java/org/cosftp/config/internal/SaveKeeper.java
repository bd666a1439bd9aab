package org.cosftp.config.internal;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

import org.apache.felix.utils.properties.InterpolationHelper;
import org.apache.felix.utils.properties.TypedProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.SynchronousConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every save of a cos-ftp cfg file apply, whatever Karaf's File Install (which reads the files of
 * {@code etc/} once a second) makes of it.
 *
 * <p>Two things of File Install can drop a save. It takes a file as unchanged while its length and its time in
 * milliseconds are, and the file system dates writes a few milliseconds apart alike: a save of the same length
 * right after the content File Install last looked at goes unnoticed. And with its write-back on, as on a stock
 * Karaf ({@code felix.fileinstall.enableConfigSave = true}), it writes after every update, its own updates from
 * the file included: when it has read a file and updated the configuration, it reads the file again and rewrites
 * it with the values it applied, then takes the file as read. A save that lands between its read and that
 * rewrite (the time the update takes to be delivered, cos-ftp's components applying it included) is undone, in
 * the file and in the running server. cos-ftp never changes a configuration itself, so nothing of cos-ftp needs
 * the write-back, and only Karaf's settings can turn it off: the cos-ftp distribution ships with it off.
 *
 * <p>The keeper watches the cos-ftp files in Karaf's configuration folder, on their events and, while a
 * write-back is due, every 100 µs, and remembers what each held and what Karaf applied. When a file turns back to
 * the values of the last update right after it, while the save before held others, the write-back undid that
 * save: the keeper applies the save to the configuration as File Install would have, and the write-back of that
 * update puts it back into the file. It never writes a file's content, so a newer save is never written over. A
 * save that has not applied a few seconds after it was made is dated later, which File Install then reads as any
 * save. A save is lost only if the write-back replaces it before the keeper reads it: within about 0.1 ms.
 *
 * <p>{@link CfgFolderWatch} tells the keeper of changes, {@link SavedFile} holds what it knows of each file; what
 * is left here, the updates, the reads while a write-back is due and the re-applying, is one algorithm, and
 * longer than the usual class for it.
 */
@Component(service = {}, immediate = true, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class SaveKeeper implements SynchronousConfigurationListener {
    static final String ENABLE_CONFIG_SAVE = "felix.fileinstall.enableConfigSave";
    /** The older name, which File Install reads the same way: {@code true} writes back. */
    static final String DISABLE_CONFIG_SAVE = "felix.fileinstall.disableConfigSave";
    private static final String FILE_INSTALL_DIR = "felix.fileinstall.dir";
    private static final String FILE_INSTALL_ENCODING = "felix.fileinstall.configEncoding";
    /** Where File Install records the file a configuration came from, as a URL. */
    static final String FILENAME = "felix.fileinstall.filename";
    private static final String PID_PREFIX = "org.cosftp.";
    private static final long HOT_READ_NANOS = 100_000;
    /** After this, File Install has read a save (it looks every second, and once more for the file to be steady). */
    private static final long NUDGE_SECONDS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(SaveKeeper.class);

    private final Map<Path, SavedFile> files = new ConcurrentHashMap<>();
    /** The files Karaf has just applied and will write back. */
    private final Set<Path> awaitingWriteBack = ConcurrentHashMap.newKeySet();
    private final Thread hotReader = new Thread(this::readWhileAWriteBackIsDue, "cos-ftp-save-keeper-reads");
    private volatile boolean stopped;
    @Reference
    private ConfigurationAdmin configurations;
    private BundleContext context;
    private boolean writesBack;
    private Charset encoding;
    private CfgFolderWatch watch;
    private final ScheduledExecutorService nudges = Executors.newSingleThreadScheduledExecutor(
            runnable -> {
                var thread = new Thread(runnable, "cos-ftp-save-keeper-check");
                thread.setDaemon(true);
                return thread;
            });
    private ServiceRegistration<SynchronousConfigurationListener> registration;

    @Activate
    private void activate(BundleContext context) throws IOException {
        this.context = context;
        writesBack = writesBack(context::getProperty);
        if (writesBack) {
            LOG.info("Karaf writes each configuration it applies back to its cfg file ({} = true in "
                    + "etc/config.properties): cos-ftp keeps a save of its files that the write-back would undo, "
                    + "and logs it; setting {} = false there (and restarting Karaf) makes this unneeded",
                    ENABLE_CONFIG_SAVE, ENABLE_CONFIG_SAVE);
        }
        encoding = encoding(context::getProperty);
        registration = context.registerService(SynchronousConfigurationListener.class, this, null);
        knownConfigurations();
        watch = new CfgFolderWatch(folders(context.getProperty(FILE_INSTALL_DIR)), this::follow);
        watch.start(nudges);
        hotReader.setDaemon(true);
        hotReader.start();
    }

    @Deactivate
    private void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        if (watch != null) {
            watch.close();
        }
        nudges.shutdownNow();
        stopped = true;
        LockSupport.unpark(hotReader);
    }

    /** Whether File Install writes applied configurations back, decided as File Install 3.7 decides it. */
    static boolean writesBack(UnaryOperator<String> frameworkProperties) {
        String value = frameworkProperties.apply(ENABLE_CONFIG_SAVE);
        if (value == null) {
            value = frameworkProperties.apply(DISABLE_CONFIG_SAVE);
        }
        return value == null || Boolean.parseBoolean(value);
    }

    /** The encoding File Install reads and writes cfg files in. */
    static Charset encoding(UnaryOperator<String> frameworkProperties) {
        String configured = frameworkProperties.apply(FILE_INSTALL_ENCODING);
        return configured == null ? StandardCharsets.ISO_8859_1 : Charset.forName(configured);
    }

    private static List<Path> folders(String setting) {
        var folders = new ArrayList<Path>();
        for (String folder : String.valueOf(setting).split(",")) {
            if (!folder.isBlank() && Files.isDirectory(Path.of(folder.trim()))) {
                folders.add(Path.of(folder.trim()).toAbsolutePath().normalize());
            }
        }
        return folders;
    }

    /** Called by Configuration Admin in the thread of the update, before the write-back can start. */
    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getFactoryPid() != null ? event.getFactoryPid() : event.getPid();
        if (event.getType() != ConfigurationEvent.CM_UPDATED || !pid.startsWith(PID_PREFIX)) {
            return;
        }
        long now = System.nanoTime();
        try {
            Configuration[] updated = configurations.listConfigurations(
                    "(" + Constants.SERVICE_PID + "=" + event.getPid() + ")");
            if (updated != null) {
                Path file = withFile(updated[0], (saved, values) -> saved.applied(values, now));
                if (file != null && writesBack) {
                    awaitingWriteBack.add(file);
                    LockSupport.unpark(hotReader);
                }
            }
        } catch (IOException | InvalidSyntaxException | IllegalArgumentException e) {
            LOG.debug("could not follow the update of {}: {}", event.getPid(), e.toString());
        }
    }

    /** What Karaf applied from each cos-ftp file before the keeper started. */
    private void knownConfigurations() throws IOException {
        try {
            Configuration[] all = configurations.listConfigurations("(" + Constants.SERVICE_PID + "=" + PID_PREFIX
                    + "*)");
            for (Configuration configuration : all == null ? new Configuration[0] : all) {
                withFile(configuration, SavedFile::known);
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Hands the configuration's values to what the keeper knows of its file, if it came from one.
     *
     * @return the file, or {@code null}
     */
    private Path withFile(Configuration configuration, BiConsumer<SavedFile, Map<String, Object>> action) {
        Dictionary<String, Object> properties = configuration.getProperties();
        Object filename = properties == null ? null : properties.get(FILENAME);
        if (filename == null) {
            return null;
        }
        Path file = Path.of(URI.create(filename.toString())).toAbsolutePath().normalize();
        SavedFile saved = files.computeIfAbsent(file, f -> new SavedFile(writesBack));
        saved.pid(configuration.getPid());
        action.accept(saved, withoutBookkeeping(properties));
        return file;
    }

    /**
     * Reads the files a write-back is due for every 100 µs until it came, besides their events: a save made
     * just before the write-back stays in the file only as long as that, and its event may be read after it is
     * gone.
     */
    private void readWhileAWriteBackIsDue() {
        try {
            while (!stopped) {
                if (awaitingWriteBack.isEmpty()) {
                    LockSupport.park(this);
                    continue;
                }
                awaitingWriteBack.forEach(this::follow);
                LockSupport.parkNanos(this, HOT_READ_NANOS);
            }
        } catch (RuntimeException e) {
            LOG.error("stopped following saves of the cos-ftp files: {}", e.toString());
        }
    }

    /** Takes in what a file holds now; a file that cannot be read is left for its next change. */
    private void follow(Path file) {
        try {
            changed(file);
        } catch (IOException | RuntimeException e) {
            // a malformed escape, say: File Install reports it, and the next save is followed again
            LOG.warn("could not read {} to follow its saves: {}", file.getFileName(), e.toString());
        }
    }

    private synchronized void changed(Path file) throws IOException {
        long modified;
        byte[] bytes;
        try {
            modified = Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS);
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException gone) {
            return;
        }
        if (bytes.length == 0) {
            // for a moment, as a file is written over
            return;
        }
        SavedFile saved = files.computeIfAbsent(file, f -> new SavedFile(writesBack));
        try {
            if (!saved.holds(bytes, modified)) {
                seen(file, saved, bytes, modified);
            }
        } finally {
            if (!saved.awaitingWriteBack()) {
                awaitingWriteBack.remove(file);
            }
        }
    }

    private void seen(Path file, SavedFile saved, byte[] bytes, long modified) throws IOException {
        Map<String, Object> values = values(bytes);
        byte[] undone = saved.seen(bytes, modified, values, System.nanoTime());
        if (undone != null) {
            LOG.warn("Karaf's write-back of the configuration it had just applied undid a later save of {}: "
                    + "applying the save, which Karaf then writes back to the file", file.getFileName());
            apply(file, saved.pid(), undone);
        } else if (!saved.applies(values)) {
            nudges.schedule(() -> nudge(file, bytes), NUDGE_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * Updates the configuration with a save that Karaf's write-back undid, as File Install would have: the
     * write-back of this update then puts its values back into the file. The file itself is left to its
     * writers, so a newer save is never written over.
     */
    private void apply(Path file, String pid, byte[] save) throws IOException {
        try {
            Configuration[] found = pid == null ? null
                    : configurations.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
            if (found == null) {
                LOG.warn("the save of {} could not be applied: its configuration is gone", file.getFileName());
                return;
            }
            var properties = new Hashtable<String, Object>(values(save));
            // File Install finds the configuration of a file by this, spelled as it spells it
            properties.put(FILENAME, found[0].getProperties().get(FILENAME));
            found[0].update(properties);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Dates a file a second later than it is, or now if that is later. */
    private static void dateLater(Path file) throws IOException {
        long previous = Files.getLastModifiedTime(file).toMillis();
        Files.setLastModifiedTime(file, FileTime.fromMillis(Math.max(System.currentTimeMillis(), previous + 1_000)));
    }

    /**
     * Dates a save later if File Install has not read it. File Install takes a file as unchanged while its
     * length and its time in milliseconds are: a save of the same length within the few milliseconds in which
     * the file system dates writes alike, after File Install last looked (or wrote back), goes unnoticed.
     */
    private void nudge(Path file, byte[] save) {
        try {
            if (Arrays.equals(Files.readAllBytes(file), save) && !files.get(file).applies(values(save))) {
                dateLater(file);
                LOG.info("{} was saved in the same few milliseconds as the content before, which Karaf takes as "
                        + "unchanged: dated it later, so that the save applies", file.getFileName());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not check that Karaf read {}: {}", file, e.toString());
        }
    }

    /** The properties of a file's bytes, read as File Install reads them. */
    private Map<String, Object> values(byte[] bytes) throws IOException {
        var callback = new InterpolationHelper.BundleContextSubstitutionCallback(context);
        var properties = new TypedProperties((name, key, value) -> callback.getValue(value));
        properties.load(new StringReader(new String(bytes, encoding)));
        return new HashMap<>(properties);
    }

    private static Map<String, Object> withoutBookkeeping(Dictionary<String, Object> properties) {
        var values = new HashMap<String, Object>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!key.equals(FILENAME) && !key.equals(Constants.SERVICE_PID)
                    && !key.equals(ConfigurationAdmin.SERVICE_FACTORYPID)) {
                values.put(key, properties.get(key));
            }
        }
        return values;
    }
}
