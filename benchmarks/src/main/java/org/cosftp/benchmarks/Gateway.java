package org.cosftp.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.net.ftp.FTPClient;
import org.cosftp.config.PasswordHasher;
import org.cosftp.config.internal.PasswordHasherComponent;

/**
 * The cos-ftp distribution, copied into the work folder and started as an operator would start it, with its own
 * local COS store on free loopback ports. Its configuration is the shipped one except for ports, the address
 * limits a benchmark from one address needs, and the benchmark's account.
 */
final class Gateway implements AutoCloseable {
    static final String USER = "bench";
    static final String PASSWORD = "bench-password";
    static final String BUCKET = "demo-1250000000";
    /** The storage the benchmark's account uses: {@code etc/org.cosftp.storage-default.cfg}. */
    static final String STORAGE = "default";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Path home;
    private final int ftpPort;
    private final int storePort;
    private final Process process;
    private final long javaPid;

    private Gateway(Path home, int ftpPort, int storePort, Process process, long javaPid) {
        this.home = home;
        this.ftpPort = ftpPort;
        this.storePort = storePort;
        this.process = process;
        this.javaPid = javaPid;
    }

    /**
     * Copies the distribution found in {@code distribution} (the unpacked archive) to {@code work} and starts it
     * with {@code heap} as its largest heap (null: the distribution's own) and {@code storageSettings} added to the
     * storage configuration.
     */
    static Gateway start(Path distribution, Path work, String heap, Map<String, String> storageSettings)
            throws IOException, InterruptedException {
        return start(distribution, work, heap, storageSettings, 64);
    }

    /** As {@link #start(Path, Path, String, Map)}, with {@code passivePorts} passive ports. */
    static Gateway start(Path distribution, Path work, String heap, Map<String, String> storageSettings,
            int passivePorts) throws IOException, InterruptedException {
        Path source = karafHome(distribution);
        Path home = work.resolve("cos-ftp");
        Folders.delete(home);
        Folders.copy(source, home);
        int ftpPort = LoopbackPorts.free();
        int storePort = LoopbackPorts.free();
        int passiveBase = LoopbackPorts.freeRange(passivePorts);
        Path etc = home.resolve("etc");
        Files.writeString(etc.resolve("org.cosftp.localstore.cfg"), lines(
                "enabled = true", "host = 127.0.0.1", "port = " + storePort, "dataDirectory = " + work.resolve("cos"),
                "buckets = " + BUCKET, "javaOptions = -Xmx256m"));
        // the shipped storage file with the benchmark's store and bucket: any tuning it ships is what is measured
        var settings = new LinkedHashMap<String, String>();
        settings.put("bucket", BUCKET);
        settings.put("region", "ap-guangzhou");
        settings.put("secretId", "local");
        settings.put("secretKey", "no-secret-for-the-local-store");
        settings.put("endpoint", "localhost:" + storePort);
        settings.put("protocol", "http");
        settings.putAll(storageSettings);
        Path storageFile = etc.resolve("org.cosftp.storage-" + STORAGE + ".cfg");
        var storage = new StringBuilder();
        for (String line : Files.readAllLines(storageFile)) {
            String key = line.split("=", 2)[0].trim();
            if (!line.contains("=") || line.trim().startsWith("#") || !settings.containsKey(key)) {
                storage.append(line).append('\n');
            }
        }
        settings.forEach((key, value) -> storage.append(key).append(" = ").append(value).append('\n'));
        Files.writeString(storageFile, storage);
        // hashed as cosftp:hash-password hashes, with the iterations it gives new hashes
        String hash = new PasswordHasherComponent().hash(PASSWORD, PasswordHasher.DEFAULT_ITERATIONS);
        Files.writeString(etc.resolve("org.cosftp.users.cfg"), lines(
                "user." + USER + ".password = " + hash, "user." + USER + ".storage = default",
                "user." + USER + ".home = /", "user." + USER + ".access = rw", "user." + USER + ".delete = true"));
        // every client of the benchmark comes from 127.0.0.1: the per-address limit and bans would stop it
        Path server = etc.resolve("org.cosftp.server.cfg");
        String shipped = Files.readString(server)
                .replaceAll("(?m)^port = .*$", "port = " + ftpPort)
                .replaceAll("(?m)^passivePorts = .*$", "passivePorts = " + passiveBase + "-"
                        + (passiveBase + passivePorts - 1))
                .replaceAll("(?m)^maxConnectionsPerIp = .*$", "maxConnectionsPerIp = 1024")
                .replaceAll("(?m)^ban.exempt =.*$", "ban.exempt = 127.0.0.1");
        Files.writeString(server, shipped);
        Path monitoring = etc.resolve("org.cosftp.monitoring.cfg");
        Files.writeString(monitoring, Files.readString(monitoring).replaceAll("(?m)^port = .*$", "port = 0"));
        Path management = etc.resolve("org.apache.karaf.management.cfg");
        Files.writeString(management, Files.readString(management)
                .replaceAll("(?m)^rmiRegistryPort\\s*=.*$", "rmiRegistryPort = " + LoopbackPorts.free())
                .replaceAll("(?m)^rmiServerPort\\s*=.*$", "rmiServerPort = " + LoopbackPorts.free()));

        var builder = new ProcessBuilder("sh", "bin/karaf", "server").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("karaf.out").toFile());
        if (heap != null) {
            builder.environment().put("EXTRA_JAVA_OPTS", "-Xmx" + heap);
        }
        Process process = builder.start();
        var gateway = new Gateway(home, ftpPort, storePort, process, javaPid(process));
        gateway.awaitServing();
        return gateway;
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    private static Path karafHome(Path distribution) throws IOException {
        if (Files.exists(distribution.resolve("bin/karaf"))) {
            return distribution;
        }
        try (Stream<Path> children = Files.list(distribution)) {
            return children.filter(child -> Files.exists(child.resolve("bin/karaf"))).findFirst()
                    .orElseThrow(() -> new IOException("no Karaf distribution (bin/karaf) in " + distribution));
        }
    }

    /** The JVM of Karaf: the script may run it as a child or replace itself with it. */
    private static long javaPid(Process process) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            var candidates = Stream.concat(Stream.of(process.toHandle()), process.descendants())
                    .filter(handle -> handle.info().commandLine().orElse("").contains("org.apache.karaf.main.Main"))
                    .toList();
            if (!candidates.isEmpty()) {
                return candidates.get(0).pid();
            }
            if (!process.isAlive()) {
                throw new IOException("Karaf ended at start with " + process.exitValue());
            }
            Thread.sleep(100); // polling the process table: there is nothing to wait on
        }
        throw new IOException("Karaf's JVM did not appear within " + START_TIMEOUT);
    }

    /**
     * Sets {@code uploadCommitDelayMillis} in the running distribution's server file, as an operator would, and
     * waits until the listener serves with it.
     */
    void uploadCommitDelay(int millis) throws IOException, InterruptedException {
        // read first, then applied to the running listener
        LiveEdits.edit(home, START_TIMEOUT, "org.cosftp.server.cfg", "uploadCommitDelayMillis", Integer.toString(millis),
                "upload commit delay " + millis + " ms", "FTP server settings applied");
        awaitServing();
    }

    /**
     * Turns the monitoring endpoint, and the counting of its metrics, on or off in the running distribution's
     * monitoring file, as an operator would, and waits until it applied.
     */
    void monitoring(boolean enabled) throws IOException, InterruptedException {
        LiveEdits.edit(home, START_TIMEOUT, "org.cosftp.monitoring.cfg", "enabled", Boolean.toString(enabled),
                enabled ? "monitoring endpoint listens on" : "monitoring endpoint disabled");
    }

    /** Waits until the benchmark's account can log in and list: the listener and the storage are both up. */
    private void awaitServing() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        IOException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("Karaf ended at start; see karaf.out and data/log/karaf.log under " + home);
            }
            var ftp = new FTPClient();
            try {
                ftp.setConnectTimeout(2_000);
                ftp.connect("127.0.0.1", ftpPort);
                ftp.enterLocalPassiveMode();
                if (ftp.login(USER, PASSWORD) && ftp.listNames("/") != null) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            } finally {
                if (ftp.isConnected()) {
                    ftp.disconnect();
                }
            }
            Thread.sleep(500); // a port that is not yet bound cannot be waited on otherwise
        }
        throw new IOException("cos-ftp did not serve within " + START_TIMEOUT, last);
    }

    /** The gateway's log. */
    Path log() {
        return home.resolve("data/log/karaf.log");
    }

    int ftpPort() {
        return ftpPort;
    }

    /** The storage endpoint of its local COS store, for the COS SDK used directly. */
    String storeEndpoint() {
        return "localhost:" + storePort;
    }

    int storePort() {
        return storePort;
    }

    long javaPid() {
        return javaPid;
    }

    /** The local COS store's JVM, a child of the gateway's. */
    long storePid() {
        return ProcessHandle.of(javaPid).orElseThrow().descendants()
                .filter(handle -> handle.info().commandLine().orElse("").contains("LocalCosStoreMain"))
                .findFirst().orElseThrow(() -> new IllegalStateException("the local COS store is not running"))
                .pid();
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> all = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            handle.onExit().join();
        }
    }
}
