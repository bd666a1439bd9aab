package org.cosftp.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.Before;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.extra.VMOption;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/**
 * Boots the cos-ftp distribution as shipped, with its embedded local COS store, on free ports; and helps
 * tests edit cfg files and wait for what they change.
 */
public abstract class CosFtpTestSupport {
    static final String BUCKET = "demo-1250000000";
    static final String OTHER_BUCKET = "other-1250000000";
    static final String STORE_PORT = "cosftp.itest.store.port";
    /**
     * Tests connect from 127.0.0.1 and retry logins while they wait for a change to apply: that address is never
     * banned, unless a test sets {@code ban.exempt} itself. Tests of bans use other loopback addresses.
     */
    static final String NEVER_BANNED = "127.0.0.1";
    /** What cos-ftp logs as it starts on a Karaf that writes applied configurations back to their files. */
    static final String SAVE_KEEPER_NOTICE = "Karaf writes each configuration it applies back to its cfg file";
    /** The secret key of every storage the tests configure; no log may show it (see {@link LogSecretsCheck}). */
    static final String SECRET_KEY = "canary-secret-key-5b0d7e21-never-logged";

    /**
     * Waits for the FTP listener: the storage services a test injects can be there before it is bound (the
     * first start also makes the FTPS certificate).
     */
    @Before
    public void awaitFtpListener() throws Exception {
        if (servesFtpFromBoot()) {
            await("the FTP listener", Duration.ofSeconds(60), () -> isListening(ftpPort()));
        }
    }

    /** Whether the Karaf under test serves FTP as it boots; a stock Karaf does only once cos-ftp is installed. */
    protected boolean servesFtpFromBoot() {
        return true;
    }

    /** The options every test class boots with, plus its own. */
    protected static Option[] distribution(Option... extra) {
        int storePort = localStorePort();
        var options = new ArrayList<Option>(List.of(
                karafDistributionConfiguration().frameworkUrl(fileUrl(System.getProperty("cosftp.distribution")))
                        .name("cos-ftp").unpackDirectory(new File("target/exam")).useDeployFolder(false),
                systemProperty(STORE_PORT).value(Integer.toString(storePort)),
                editConfigurationFilePut("etc/org.cosftp.localstore.cfg", "port", Integer.toString(storePort)),
                editConfigurationFilePut("etc/org.cosftp.localstore.cfg", "buckets", BUCKET + "," + OTHER_BUCKET),
                editConfigurationFilePut("etc/org.cosftp.storage-default.cfg", "endpoint", "localhost:" + storePort),
                editConfigurationFilePut("etc/org.cosftp.storage-default.cfg", "secretKey", SECRET_KEY),
                editConfigurationFilePut("etc/org.cosftp.storage-default.cfg", "partSizeMiB", "5"),
                // any free port: the tests ask the MonitoringEndpoint service which one
                editConfigurationFilePut("etc/org.cosftp.monitoring.cfg", "port", "0"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
                        Integer.toString(freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort",
                        Integer.toString(freePort()))));
        options.addAll(common());
        options.addAll(List.of(extra));
        return options.toArray(new Option[0]);
    }

    private static int localStorePort;

    /** The port the local store of the distribution under test listens on, chosen once per test JVM. */
    protected static synchronized int localStorePort() {
        if (localStorePort == 0) {
            localStorePort = freePort();
        }
        return localStorePort;
    }

    /**
     * The control connection logged command by command ({@code RECEIVED: …}, {@code SENT: …}), as an operator turns
     * it on to debug a client: off by default, on where a test reads it.
     */
    protected static Option protocolLog() {
        String logging = "etc/org.ops4j.pax.logging.cfg";
        return composite(
                editConfigurationFilePut(logging, "log4j2.logger.ftpprotocol.name",
                        "org.apache.ftpserver.listener.nio.FtpLoggingFilter"),
                editConfigurationFilePut(logging, "log4j2.logger.ftpprotocol.level", "DEBUG"));
    }

    /**
     * What any Karaf under test needs: FTP on any free port (the listener binds port 0 and the tests ask it which
     * port it got, see {@link #ftpPort()}), passive ports likewise, the test client, Java 17 options.
     */
    protected static List<Option> common() {
        var options = new ArrayList<Option>(List.of(
                keepRuntimeFolder(),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.INFO),
                mavenBundle("commons-io", "commons-io", "2.21.0"),
                mavenBundle("commons-net", "commons-net", "3.13.0"),
                editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "updateSnapshots", "none"),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("org.ops4j.pax.url.mvn.localRepository", "")),
                editConfigurationFilePut("etc/org.cosftp.server.cfg", "port", "0"),
                editConfigurationFilePut("etc/org.cosftp.server.cfg", "ban.exempt", NEVER_BANNED),
                editConfigurationFilePut("etc/org.cosftp.server.cfg", "passivePorts", "0")));
        options.addAll(java17Options());
        return options;
    }

    /** An account in the users file, password {@code <name>-pw}, with keys beyond the password. */
    protected static Option account(String name, String... keysAndValues) {
        var options = new ArrayList<Option>();
        options.add(editConfigurationFilePut("etc/org.cosftp.users.cfg", "user." + name + ".password", name + "-pw"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            options.add(editConfigurationFilePut("etc/org.cosftp.users.cfg", "user." + name + "." + keysAndValues[i],
                    keysAndValues[i + 1]));
        }
        return CoreOptions.composite(options.toArray(new Option[0]));
    }

    /** A second storage named {@code name} on a bucket of the embedded store, with these keys beyond. */
    protected static Option localStorage(String name, String bucket, String... keysAndValues) {
        String file = "etc/org.cosftp.storage-" + name + ".cfg";
        var options = new ArrayList<Option>(List.of(editConfigurationFilePut(file, "bucket", bucket),
                editConfigurationFilePut(file, "region", "ap-guangzhou"),
                editConfigurationFilePut(file, "endpoint", "localhost:" + localStorePort()),
                editConfigurationFilePut(file, "protocol", "http"),
                editConfigurationFilePut(file, "secretId", "local"),
                editConfigurationFilePut(file, "secretKey", SECRET_KEY)));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            options.add(editConfigurationFilePut(file, keysAndValues[i], keysAndValues[i + 1]));
        }
        return composite(options.toArray(new Option[0]));
    }

    /** The embedded store taking its faults over HTTP, for {@link #storeFault}; the shipped JVM options besides. */
    protected static Option storeFaultControl() {
        return editConfigurationFilePut("etc/org.cosftp.localstore.cfg", "javaOptions",
                "-Xmx256m -Dcosftp.localstore.faultControl=true");
    }

    /**
     * Sets a fault of the embedded store (started with {@link #storeFaultControl()}): {@code "stall?seconds=8"}
     * (with {@code &requests=writes}, {@code reads}, {@code listings}, {@code deletes}, and {@code &skip=N}),
     * {@code "latency?millis=500"}, {@code "clear"}.
     */
    protected static void storeFault(String fault) throws IOException {
        var url = new java.net.URL("http://127.0.0.1:" + System.getProperty(STORE_PORT) + "/_faults/" + fault);
        var connection = (java.net.HttpURLConnection) url.openConnection();
        connection.setRequestMethod("POST");
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(10_000);
        try {
            if (connection.getResponseCode() != 204) {
                throw new IOException("the store refused the fault " + fault + ": " + connection.getResponseCode());
            }
        } finally {
            connection.disconnect();
        }
    }

    /** A storage named {@code name} whose store is not there: every request fails at once. */
    protected static Option brokenStorage(String name) {
        String file = "etc/org.cosftp.storage-" + name + ".cfg";
        return composite(editConfigurationFilePut(file, "bucket", BUCKET),
                editConfigurationFilePut(file, "region", "ap-guangzhou"),
                editConfigurationFilePut(file, "endpoint", "localhost:" + freePort()),
                editConfigurationFilePut(file, "protocol", "http"),
                editConfigurationFilePut(file, "secretId", "AKID" + name),
                editConfigurationFilePut(file, "secretKey", SECRET_KEY),
                editConfigurationFilePut(file, "maxErrorRetry", "0"),
                editConfigurationFilePut(file, "connectTimeoutSeconds", "1"));
    }

    /** Test ports come from below Linux's ephemeral range (32768 on), which it never hands out on its own. */
    private static final int FIRST_PORT = 20_000;
    private static final int END_PORT = 32_000;
    /** Each test JVM starts at a block of its own, by its pid, so that two builds at once do not meet. */
    private static final int PORT_BLOCK = 600;
    private static int nextPort = FIRST_PORT + (int) (ProcessHandle.current().pid() % 20) * PORT_BLOCK;

    /**
     * A free port for the Karaf under test or its local store. They bind it in their own process, and a port
     * must be in their configuration before they start: a socket bound here could not be handed over. So the
     * port comes from below Linux's ephemeral range, where no connection made meanwhile, by this or any other
     * process, can take it before it is bound, and it is never given out twice by this JVM.
     */
    static int freePort() {
        return freePorts(1);
    }

    private static synchronized int freePorts(int count) {
        for (int tried = 0; tried < END_PORT - FIRST_PORT; tried += count) {
            if (nextPort + count > END_PORT) {
                nextPort = FIRST_PORT;
            }
            int base = nextPort;
            nextPort += count;
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " free ports from " + FIRST_PORT + " to " + END_PORT);
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (var socket = new ServerSocket(port)) {
                socket.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    static String fileUrl(String path) {
        try {
            return new File(path).toURI().toURL().toString();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What Karaf's own start script passes to a Java 17 VM. */
    private static List<Option> java17Options() {
        String karaf = System.getProperty("karaf.version");
        var options = new ArrayList<Option>();
        for (String option : List.of("--add-reads=java.xml=java.logging",
                "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karaf + ".jar",
                "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karaf + ".jar",
                "--add-opens", "java.base/java.security=ALL-UNNAMED",
                "--add-opens", "java.base/java.net=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/java.util=ALL-UNNAMED",
                "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                "-classpath", "lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*")) {
            options.add(new VMOption(option));
        }
        return options;
    }

    /**
     * The port the control listener of the distribution under test is bound to, as the running server tells
     * ({@code org.cosftp.ftp.FtpServerOperations}): it was configured with port 0, and a rebind (new TLS keys, a
     * port changed and changed back) takes a new one. The server is called by reflection, by name: a class of
     * the ftp bundle loaded here would wire the tests to it, and the tests that refresh or uninstall that bundle
     * would be refreshed with it.
     *
     * @throws IllegalStateException while no server listens
     */
    protected static int ftpPort() {
        BundleContext context = FrameworkUtil.getBundle(CosFtpTestSupport.class).getBundleContext();
        ServiceReference<?> reference = context.getServiceReference("org.cosftp.ftp.FtpServerOperations");
        Object server = reference == null ? null : context.getService(reference);
        if (server == null) {
            throw new IllegalStateException("no FTP server is running");
        }
        try {
            List<?> listeners = (List<?>) server.getClass().getMethod("listeners").invoke(server);
            if (listeners.isEmpty()) {
                throw new IllegalStateException("the FTP server does not listen");
            }
            Object control = listeners.get(0);
            return (Integer) control.getClass().getMethod("port").invoke(control);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the FTP server did not tell its port", e);
        } finally {
            context.ungetService(reference);
        }
    }

    /** The embedded store's folder of one bucket: where the objects land, as files. */
    protected static Path bucketFolder(String bucket) {
        return Path.of(System.getProperty("karaf.data"), "cos", bucket);
    }

    /** Whether the embedded store holds an open multipart upload in a bucket (kept as hidden .mpus- files). */
    protected static boolean openMultipartUploads(String bucket) throws IOException {
        try (var files = Files.walk(bucketFolder(bucket))) {
            return files.anyMatch(file -> file.getFileName().toString().startsWith(".mpus-"));
        }
    }

    /**
     * Replaces a cfg file of the running distribution, as an operator editing {@code etc/} would.
     *
     * @return whether the content changed (an unchanged file changes nothing in the running server)
     */
    protected static boolean writeConfigFile(String name, Map<String, String> properties) throws IOException {
        String text = configText(properties);
        Path file = Path.of(System.getProperty("karaf.etc"), name);
        if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).contentEquals(text)) {
            return false;
        }
        // Karaf notices a change by the file's time, which the file system keeps in coarse steps: two writes
        // in a row could look like one, so the new file is always dated later than the old one
        long previous = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() : 0;
        Path temporary = file.resolveSibling(name + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(temporary, FileTime.fromMillis(Math.max(System.currentTimeMillis(), previous + 1_000)));
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /**
     * Saves a cfg file of the running distribution as most editors and scripts do: in place, dated now, however
     * soon after the previous save.
     */
    protected static void saveConfigFileInPlace(String name, Map<String, String> properties) throws IOException {
        Path file = Path.of(System.getProperty("karaf.etc"), name);
        Files.writeString(file, configText(properties), StandardCharsets.UTF_8);
    }

    /** The text of a cfg file with these keys and values, one a line. */
    protected static String configText(Map<String, String> properties) {
        var text = new StringBuilder();
        properties.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        return text.toString();
    }

    /** The server file of a test that rebinds: loopback, its port, any passive port, plus these keys. */
    protected static Map<String, String> serverFile(String... keysAndValues) {
        var server = new LinkedHashMap<String, String>();
        server.put("host", "127.0.0.1");
        server.put("port", "0");
        server.put("passivePorts", "0");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            server.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return server;
    }

    /** What the server logs when a change of its settings took effect. */
    protected static final String SERVER_SETTINGS_APPLIED = "FTP server settings applied";

    /**
     * Replaces the server file and waits until the server says it applied it and listens on {@code port}.
     * {@link #NEVER_BANNED} stays exempt from bans unless {@code server} sets {@code ban.exempt}.
     */
    protected static void applyServerSettings(Map<String, String> server) throws Exception {
        var file = new LinkedHashMap<>(server);
        file.putIfAbsent("ban.exempt", NEVER_BANNED);
        applyConfigFile("org.cosftp.server.cfg", file, SERVER_SETTINGS_APPLIED);
        int port = Integer.parseInt(file.get("port"));
        await("the listener on port " + port, Duration.ofSeconds(30),
                () -> isListening(port == 0 ? ftpPort() : port));
    }

    /**
     * Replaces a cfg file and waits until the distribution logs {@code appliedLine} once more than before, the
     * sign that it took the change. Does not wait if the file's content is unchanged.
     */
    protected static void applyConfigFile(String name, Map<String, String> properties, String appliedLine)
            throws Exception {
        long before = occurrences(log(), appliedLine);
        if (writeConfigFile(name, properties)) {
            await("'" + appliedLine + "' after the change of " + name, Duration.ofSeconds(30),
                    () -> occurrences(log(), appliedLine) > before);
        }
    }

    protected static long occurrences(String text, String part) {
        long count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    protected static boolean isListening(int port) {
        try (var probe = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** The distribution's log so far. */
    protected static String log() throws IOException {
        // decoded leniently: one byte that is not UTF-8 (a file name a client sent, say) must not make every
        // look at the log fail
        return new String(Files.readAllBytes(Path.of(System.getProperty("karaf.data"), "log", "karaf.log")),
                StandardCharsets.UTF_8);
    }

    /** Waits until {@code condition} holds, checking every 100 ms, failing after {@code timeout}. */
    protected static void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what, last);
    }
}
