package org.cosftp.storage.cos.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multipart uploads this gateway started and has not completed or aborted yet, one small file each, so
 * that those a crash left open can be found and aborted later ({@link StaleUploads}).
 *
 * <p>State of our own is the only way to tell our uploads from those of other tools in the same bucket: COS
 * lists an open upload with its key, id and start time, never with the metadata it was started with. The files
 * live in {@code ${karaf.data}/cosftp/uploads}, which outlives restarts (the bundle's own data area does not:
 * Karaf wipes it with {@code data/cache}).
 *
 * <p>An entry is written right after COS hands out the upload id and removed once the upload is completed or
 * aborted; a crash between InitiateMultipartUpload and the write leaves an upload no journal knows, which is
 * what the bucket's lifecycle rule (AbortIncompleteMultipartUpload) is for. The uploads of writers alive in this
 * JVM are marked {@linkplain #isRunning running}: no one may abort those, however old they are.
 */
final class UploadJournal {
    private static final Logger LOG = LoggerFactory.getLogger(UploadJournal.class);
    private static final String SUFFIX = ".upload";
    private static volatile UploadJournal shared;

    private final Path directory;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private volatile boolean warned;

    /** One open upload, as its file records it. */
    record Entry(Path file, String storage, String bucket, String region, String endpoint, String key,
            String uploadId, Instant started) {

        /** Whether the upload is in the bucket {@code settings} point at, wherever it was started from. */
        boolean isIn(StorageSettings settings) {
            return bucket.equals(settings.bucket()) && region.equals(settings.region())
                    && endpoint.equals(settings.endpoint());
        }
    }

    UploadJournal(Path directory) {
        this.directory = directory;
    }

    /** The journal of this Karaf, in its data folder; in a temporary folder outside Karaf. */
    static UploadJournal shared() {
        UploadJournal journal = shared;
        if (journal == null) {
            synchronized (UploadJournal.class) {
                if (shared == null) {
                    String data = System.getProperty("karaf.data");
                    Path base = data != null ? Path.of(data) : Path.of(System.getProperty("java.io.tmpdir"));
                    shared = new UploadJournal(base.resolve("cosftp").resolve("uploads"));
                }
                journal = shared;
            }
        }
        return journal;
    }

    Path directory() {
        return directory;
    }

    /**
     * Records an upload COS has just started for a writer of this JVM, and marks it running. A journal that
     * cannot be written does not fail the upload: it is logged once, and the lifecycle rule is then the only
     * net.
     */
    Entry opened(StorageSettings settings, String key, String uploadId) {
        running.add(uploadId);
        var entry = new Entry(directory.resolve(UUID.randomUUID() + SUFFIX), settings.name(), settings.bucket(),
                settings.region(), settings.endpoint(), key, uploadId, Instant.now());
        var properties = new Properties();
        properties.setProperty("storage", entry.storage());
        properties.setProperty("bucket", entry.bucket());
        properties.setProperty("region", entry.region());
        properties.setProperty("endpoint", entry.endpoint());
        properties.setProperty("key", entry.key());
        properties.setProperty("uploadId", entry.uploadId());
        properties.setProperty("started", entry.started().toString());
        try {
            var bytes = new ByteArrayOutputStream();
            properties.store(bytes, "a multipart upload of cos-ftp; removed when it ends");
            Files.createDirectories(directory);
            // one write of a few hundred bytes: a killed process leaves the whole file or an empty one
            Files.write(entry.file(), bytes.toByteArray(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            warned = false;
        } catch (IOException e) {
            if (!warned) {
                warned = true;
                LOG.warn("cannot record the multipart upload {} of '{}' in {}: if cos-ftp stops before it ends, only "
                        + "a lifecycle rule of the bucket removes it: {}", uploadId, key, directory, e.toString());
            }
        }
        return entry;
    }

    /** The upload was completed or aborted: it is forgotten. */
    void ended(Entry entry) {
        forget(entry);
        running.remove(entry.uploadId());
    }

    /**
     * The writer gave up an upload it could not abort: it is no longer running, and stays recorded for a later
     * pass to abort.
     */
    void released(Entry entry) {
        running.remove(entry.uploadId());
    }

    boolean isRunning(Entry entry) {
        return running.contains(entry.uploadId());
    }

    /** Whether the entry is still recorded (another pass may have aborted it meanwhile). */
    boolean contains(Entry entry) {
        return Files.exists(entry.file());
    }

    void forget(Entry entry) {
        try {
            Files.deleteIfExists(entry.file());
        } catch (IOException e) {
            LOG.warn("cannot remove {}, the record of the ended multipart upload {} of '{}': {}", entry.file(),
                    entry.uploadId(), entry.key(), e.toString());
        }
    }

    /**
     * Every recorded upload. A file that cannot be read yet (a writer is writing it) is left out; one that still
     * cannot be read once {@code unreadableAfter} passed since it was written is reported and removed, as it
     * names no upload anyone could abort.
     */
    List<Entry> entries(Instant unreadableAfter) throws IOException {
        var entries = new ArrayList<Entry>();
        if (!Files.isDirectory(directory)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                try {
                    Entry entry = read(file);
                    if (entry != null) {
                        entries.add(entry);
                    } else if (Files.getLastModifiedTime(file).toInstant().isBefore(unreadableAfter)) {
                        LOG.warn("removed {}: it does not record a multipart upload", file);
                        Files.deleteIfExists(file);
                    }
                } catch (NoSuchFileException ended) {
                    // its upload ended while the folder was read
                }
            }
        }
        return entries;
    }

    private static Entry read(Path file) throws IOException {
        var properties = new Properties();
        try (var in = Files.newInputStream(file)) {
            properties.load(in);
        }
        List<String> values = new ArrayList<>();
        for (String name : List.of("storage", "bucket", "region", "endpoint", "key", "uploadId", "started")) {
            String value = properties.getProperty(name);
            if (value == null) {
                return null;
            }
            values.add(value);
        }
        try {
            return new Entry(file, values.get(0), values.get(1), values.get(2), values.get(3), values.get(4),
                    values.get(5), Instant.parse(values.get(6)));
        } catch (DateTimeException e) {
            return null;
        }
    }
}
