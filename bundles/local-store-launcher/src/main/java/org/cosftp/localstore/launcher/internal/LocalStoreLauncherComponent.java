package org.cosftp.localstore.launcher.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the local COS store (S3Proxy behind the COS dialect adapter) as a child process, so that the
 * distribution, or any Karaf with feature {@code cos-ftp-local-store}, serves FTP with no cloud account. The store's own libraries stay out of the
 * OSGi framework: they live in {@code local-store/lib} under Karaf's home, unpacked from the zip the feature puts
 * there ({@link StoreLibraries}), and run in their own JVM, which ends with Karaf (it watches its standard
 * input). A configuration change restarts it.
 */
@Component(configurationPid = LocalStoreLauncherComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = LocalStoreLauncherComponent.Config.class)
public final class LocalStoreLauncherComponent {
    static final String PID = "org.cosftp.localstore";
    private static final Logger LOG = LoggerFactory.getLogger(LocalStoreLauncherComponent.class);
    private static final long START_TIMEOUT_MILLIS = 60_000;
    /** What the store prints once it listens (see LocalCosStoreMain). */
    private static final String READY_LINE = "local COS store on ";

    /** The local COS store. */
    @ObjectClassDefinition(name = "cos-ftp local COS store",
            description = "The embedded COS-compatible store of the distribution, for use without a cloud account.")
    @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Run the local store.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Host", description = "Address the store listens on.")
        String host() default "127.0.0.1";

        @AttributeDefinition(name = "Port", min = "1", max = "65535")
        int port() default 9000;

        @AttributeDefinition(name = "Data directory", required = false,
                description = "Where objects are kept; empty for data/cos of the distribution.")
        String dataDirectory() default "";

        @AttributeDefinition(name = "Buckets", description = "Buckets created at start, <bucket>-<appid>.")
        String[] buckets() default {"demo-1250000000"};

        @AttributeDefinition(name = "Java options", description = "Options of the store's JVM.")
        String[] javaOptions() default {"-Xmx256m"};
    }

    private Process process;

    @Activate
    private void activate(Config config) throws IOException, InterruptedException {
        if (!config.enabled()) {
            LOG.info("local COS store disabled");
            return;
        }
        Path folder = Path.of(System.getProperty("karaf.home", ".")).resolve("local-store");
        Path lib;
        try {
            lib = StoreLibraries.in(folder).orElse(null);
        } catch (IOException e) {
            LOG.error("local COS store not started: its libraries could not be unpacked: {}", e.toString());
            return;
        }
        if (lib == null) {
            LOG.error("local COS store not started: neither {} nor {} is there (feature cos-ftp-local-store "
                    + "delivers them)", folder.resolve("lib"), folder.resolve(StoreLibraries.ARCHIVE));
            return;
        }
        String data = config.dataDirectory().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "cos").toString() : config.dataDirectory();
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(split(config.javaOptions(), "\\s+"));
        command.addAll(List.of("-cp", lib.resolve("*").toString(), "org.cosftp.localstore.LocalCosStoreMain",
                "--host", config.host(), "--port", Integer.toString(config.port()), "--data", data,
                "--exit-on-stdin-eof", "true"));
        for (String bucket : split(config.buckets(), ",")) {
            command.addAll(List.of("--bucket", bucket));
        }
        if (!awaitPortFree(config.host(), config.port())) {
            LOG.error("local COS store not started: {}:{} stayed in use for {} ms", config.host(), config.port(),
                    START_TIMEOUT_MILLIS);
            return;
        }
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var started = new CountDownLatch(1);
        forwardOutput(process, started);
        if (started.await(START_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) && process.isAlive()) {
            LOG.info("local COS store running on {}:{} with data in {}", config.host(), config.port(), data);
        } else {
            LOG.error("local COS store did not start on {}:{}{}", config.host(), config.port(),
                    process.isAlive() ? "" : " (it exited with status " + process.exitValue() + "; see its output above)");
        }
    }

    /**
     * Waits until the store's port can be bound. A store that a Karaf just before this one started (a restart,
     * or a stopped Karaf whose store ends when its input does) may still be shutting down on it: a new store
     * would fail to bind, and the old one would answer for it until it is gone.
     */
    private static boolean awaitPortFree(String host, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        boolean logged = false;
        while (true) {
            try (var probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(host, port));
                return true;
            } catch (IOException inUse) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                if (!logged) {
                    LOG.info("local COS store waits for {}:{} to be free ({})", host, port, inUse.getMessage());
                    logged = true;
                }
            }
            Thread.sleep(100); // a port being released: there is nothing to wait on
        }
    }

    /** A cfg file gives lists as one string; accept both that and real lists. */
    private static List<String> split(String[] values, String separator) {
        var parts = new ArrayList<String>();
        for (String value : values) {
            for (String part : value.trim().split(separator)) {
                if (!part.isBlank()) {
                    parts.add(part.trim());
                }
            }
        }
        return parts;
    }

    /** Logs the store's output; counts {@code started} down when the store says it listens, or when it ends. */
    private static void forwardOutput(Process process, CountDownLatch started) {
        var forwarder = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    LOG.info("[local store] {}", line);
                    if (line.startsWith(READY_LINE)) {
                        started.countDown();
                    }
                }
            } catch (IOException e) {
                LOG.debug("local store output ended: {}", e.toString());
            } finally {
                started.countDown();
            }
        }, "cos-ftp-local-store-output");
        forwarder.setDaemon(true);
        forwarder.start();
    }

    @Deactivate
    private void deactivate() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            LOG.info("local COS store stopped");
        }
    }
}
