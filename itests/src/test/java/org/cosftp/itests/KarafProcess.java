package org.cosftp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.ClientConfig;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.endpoint.EndpointBuilder;
import com.qcloud.cos.endpoint.EndpointResolver;
import com.qcloud.cos.http.HttpProtocol;
import com.qcloud.cos.region.Region;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;

/**
 * The cos-ftp distribution unpacked from the build's archive and run as an operator runs it, {@code bin/karaf
 * server} in a process of its own, with its embedded local COS store, on free loopback ports. Unlike a Pax Exam
 * container it can be killed and started again on the same folder. It is unpacked under {@code target/exam-…},
 * so that {@link LogSecretsCheck} reads its log too.
 */
final class KarafProcess {
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final String STORAGE_FILE = "org.cosftp.storage-default.cfg";

    private final Path home;
    private final int ftpPort;
    private final int storePort;
    private Process script;

    private KarafProcess(Path home, int ftpPort, int storePort) {
        this.home = home;
        this.ftpPort = ftpPort;
        this.storePort = storePort;
    }

    /** Unpacks {@code archive} into {@code home} and points it at free ports; the storage has 5 MiB parts. */
    static KarafProcess unpack(Path archive, Path home) throws Exception {
        Files.createDirectories(home);
        var tar = new ProcessBuilder("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", home.toString(),
                "--strip-components=1").redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("tar -xzf " + archive + ": " + output, 0, tar.waitFor());
        var karaf = new KarafProcess(home, CosFtpTestSupport.freePort(), CosFtpTestSupport.freePort());
        karaf.replace("org.cosftp.server.cfg", "port", Integer.toString(karaf.ftpPort));
        karaf.replace("org.cosftp.server.cfg", "passivePorts", "0");
        karaf.replace("org.cosftp.localstore.cfg", "port", Integer.toString(karaf.storePort));
        karaf.replace("org.cosftp.monitoring.cfg", "port", "0");
        karaf.replace("org.apache.karaf.management.cfg", "rmiRegistryPort",
                Integer.toString(CosFtpTestSupport.freePort()));
        karaf.replace("org.apache.karaf.management.cfg", "rmiServerPort",
                Integer.toString(CosFtpTestSupport.freePort()));
        karaf.storage("endpoint", "localhost:" + karaf.storePort);
        karaf.storage("secretKey", CosFtpTestSupport.SECRET_KEY);
        karaf.storage("partSizeMiB", "5");
        // else raised to 21 MiB, so that 200 GiB fit in 10,000 parts
        karaf.storage("maxFileSizeGiB", "1");
        return karaf;
    }

    /** Sets a key of the storage file, as an operator editing it while Karaf is stopped would. */
    void storage(String key, String value) throws IOException {
        replace(STORAGE_FILE, key, value);
    }

    /** Sets a key of the server file, as an operator editing it would (while Karaf runs, it applies live). */
    void server(String key, String value) throws IOException {
        replace("org.cosftp.server.cfg", key, value);
    }

    int ftpPort() {
        return ftpPort;
    }

    /** Replaces the line of {@code key} in a cfg file of {@code etc/}, a commented-out one included, or adds it. */
    private void replace(String file, String key, String value) throws IOException {
        Path path = home.resolve("etc").resolve(file);
        String text = Files.readString(path, StandardCharsets.UTF_8);
        String line = key + " = " + value;
        Matcher existing = Pattern.compile("(?m)^#?" + Pattern.quote(key) + "\\s*=.*$").matcher(text);
        Files.writeString(path, existing.find() ? existing.replaceFirst(Matcher.quoteReplacement(line))
                : text + "\n" + line + "\n", StandardCharsets.UTF_8);
    }

    /** Starts {@code bin/karaf server} and returns once the demo account can log in and list. */
    void start() throws Exception {
        launch();
        awaitServing();
    }

    /** Starts {@code bin/karaf server} and returns at once. */
    void launch() throws IOException {
        script = new ProcessBuilder("sh", "bin/karaf", "server").directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("karaf.out").toFile())).start();
    }

    /** Returns once the demo account can log in and list. */
    void awaitServing() throws Exception {
        CosFtpTestSupport.await("cos-ftp under " + home + " to serve FTP", START_TIMEOUT, () -> {
            assertTrue("Karaf ended at start; see karaf.out and data/log/karaf.log under " + home, script.isAlive());
            FTPClient ftp = login();
            try {
                return ftp.listNames("/") != null;
            } finally {
                FtpSupport.quit(ftp);
            }
        });
    }

    /** A passive, binary session of the shipped demo account. */
    FTPClient login() throws IOException {
        var ftp = new FTPClient();
        ftp.setConnectTimeout(5_000);
        ftp.setDefaultTimeout(30_000);
        ftp.connect("127.0.0.1", ftpPort);
        assertTrue(ftp.getReplyString(), FTPReply.isPositiveCompletion(ftp.getReplyCode()));
        ftp.setSoTimeout(30_000);
        ftp.enterLocalPassiveMode();
        assertTrue("demo could not log in: " + ftp.getReplyString(), ftp.login("demo", "demo"));
        FtpSupport.binary(ftp);
        return ftp;
    }

    /**
     * Kills Karaf's JVM as {@code kill -9} does, giving it no chance to clean up, and waits until it is gone, with
     * its local store (which ends when its standard input, from Karaf, does) and the start script.
     */
    void kill() throws Exception {
        ProcessHandle java = java().orElseThrow(() -> new AssertionError("Karaf's JVM is not running"));
        List<ProcessHandle> store = java.descendants()
                .filter(handle -> handle.info().commandLine().orElse("").contains("LocalCosStoreMain")).toList();
        assertTrue("SIGKILL sent to Karaf", java.destroyForcibly());
        for (ProcessHandle handle : Stream.concat(Stream.of(java, script.toHandle()), store.stream()).toList()) {
            CosFtpTestSupport.await("process " + handle.pid() + " to end", Duration.ofSeconds(30),
                    () -> !handle.isAlive());
        }
    }

    /** The JVM of Karaf: the script runs it as its child. */
    private Optional<ProcessHandle> java() {
        return Stream.concat(Stream.of(script.toHandle()), script.descendants())
                .filter(handle -> handle.info().commandLine().orElse("").contains("org.apache.karaf.main.Main"))
                .findFirst();
    }

    /**
     * Runs {@code bin/stop}, as an operator stops the distribution, and returns at once; {@link #awaitExit()}
     * waits until Karaf has stopped.
     */
    Process runStop() throws IOException {
        return new ProcessBuilder("sh", "bin/stop").directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("stop.out").toFile())).start();
    }

    /** Waits until Karaf, its local store and its start script have ended. */
    void awaitExit() throws Exception {
        for (ProcessHandle handle : Stream.concat(script.descendants(), Stream.of(script.toHandle())).toList()) {
            CosFtpTestSupport.await("process " + handle.pid() + " to end", START_TIMEOUT, () -> !handle.isAlive());
        }
    }

    /** Stops whatever still runs, gently: Karaf then stops its local store. */
    void stop() {
        if (script == null) {
            return;
        }
        List<ProcessHandle> all = Stream.concat(script.descendants(), Stream.of(script.toHandle())).toList();
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            handle.onExit().join();
        }
    }

    /** Karaf's log so far, of every start. */
    String log() throws IOException {
        return Files.readString(home.resolve("data").resolve("log").resolve("karaf.log"), StandardCharsets.UTF_8);
    }

    /** The local store's folder of one bucket: where the objects land, as files. */
    Path bucketFolder(String bucket) {
        return home.resolve("data").resolve("cos").resolve(bucket);
    }

    /** Whether the local store holds an open multipart upload in a bucket (kept as hidden .mpus- files). */
    boolean openMultipartUploads(String bucket) throws IOException {
        try (var files = Files.walk(bucketFolder(bucket))) {
            return files.anyMatch(file -> file.getFileName().toString().startsWith(".mpus-"));
        }
    }

    /** The COS SDK on the local store, as another tool would use the bucket beside cos-ftp; only while it runs. */
    COSClient storeClient() {
        var config = new ClientConfig(new Region("ap-guangzhou"));
        config.setHttpProtocol(HttpProtocol.http);
        config.setMaxErrorRetry(0);
        var loopback = new Loopback("localhost:" + storePort);
        config.setEndpointBuilder(loopback);
        config.setEndpointResolver(loopback);
        return new COSClient(new BasicCOSCredentials("AKIDothertool", "other-tool-key"), config);
    }

    /** Addresses {@code <bucket>.localhost:<port>} on 127.0.0.1 (every *.localhost name is loopback). */
    private record Loopback(String endpoint) implements EndpointBuilder, EndpointResolver {
        @Override
        public String buildGeneralApiEndpoint(String bucketName) {
            return bucketName + "." + endpoint;
        }

        @Override
        public String buildGetServiceApiEndpoint() {
            return endpoint;
        }

        @Override
        public String resolveGeneralApiEndpoint(String generalApiEndpoint) {
            return "127.0.0.1" + endpoint.substring(endpoint.indexOf(':'));
        }

        @Override
        public String resolveGetServiceApiEndpoint(String getServiceApiEndpoint) {
            return resolveGeneralApiEndpoint(getServiceApiEndpoint);
        }
    }
}
