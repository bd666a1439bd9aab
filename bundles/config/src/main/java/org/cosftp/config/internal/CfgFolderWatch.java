package org.cosftp.config.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells of each change of the cos-ftp cfg files in Karaf's configuration folders: once for every file at the
 * start, then on each event of the system's folder watch (inotify), or, when the system has no watch left, every
 * 250 ms. Its limit of watches per user is shared by all of that user's processes, the containers of one host
 * included, and may be used up.
 */
final class CfgFolderWatch implements AutoCloseable {
    /** How often the files are read when the folders cannot be watched. */
    static final long POLL_MILLIS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(CfgFolderWatch.class);
    private static final String COS_FTP_FILES = "org.cosftp.*.cfg";
    private static final Pattern COS_FTP_FILE = Pattern.compile("org\\.cosftp\\..+\\.cfg");

    private final List<Path> folders;
    private final Consumer<Path> changed;
    private WatchService watcher;

    /** @param changed called with a cos-ftp file that may have changed, on the watch's thread */
    CfgFolderWatch(List<Path> folders, Consumer<Path> changed) {
        this.folders = List.copyOf(folders);
        this.changed = changed;
    }

    /** Reads every file once, then follows them; polls on {@code timer} if the system refuses a watch. */
    void start(ScheduledExecutorService timer) {
        watcher = watcher();
        folders.forEach(this::rescan);
        if (watcher != null) {
            var thread = new Thread(this::watch, "cos-ftp-save-keeper");
            thread.setDaemon(true);
            thread.start();
        } else {
            timer.scheduleWithFixedDelay(() -> folders.forEach(this::rescan), POLL_MILLIS, POLL_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    private WatchService watcher() {
        WatchService watching = null;
        try {
            watching = FileSystems.getDefault().newWatchService();
            for (Path folder : folders) {
                folder.register(watching, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            }
            return watching;
        } catch (IOException e) {
            LOG.warn("cannot watch {} for saves of the cos-ftp files ({}): reading them every {} ms instead",
                    folders, e.toString(), POLL_MILLIS);
            closeQuietly(watching);
            return null;
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                Path folder = (Path) key.watchable();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        rescan(folder);
                    } else if (COS_FTP_FILE.matcher(event.context().toString()).matches()) {
                        changed.accept(folder.resolve((Path) event.context()));
                    }
                }
                key.reset();
            }
        } catch (ClosedWatchServiceException | InterruptedException stopped) {
            // the bundle stops
        } catch (RuntimeException e) {
            LOG.error("stopped following saves of the cos-ftp files: {}", e.toString());
        }
    }

    private void rescan(Path folder) {
        try (DirectoryStream<Path> cfgs = Files.newDirectoryStream(folder, COS_FTP_FILES)) {
            cfgs.forEach(changed);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not read {} to follow saves of the cos-ftp files: {}", folder, e.toString());
        }
    }

    @Override
    public void close() {
        closeQuietly(watcher);
    }

    private static void closeQuietly(WatchService watching) {
        if (watching != null) {
            try {
                watching.close();
            } catch (IOException ignored) {
                // nothing was waiting on it that could still need it
            }
        }
    }
}
