package org.cosftp.itests;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.extra.VMOption;

/** Boots the cos-ftp distribution against the local COS store, and helps tests wait and edit cfg files. */
public abstract class CosFtpTestSupport {
    static final String STORE_ENDPOINT = "cosftp.itest.store.endpoint";
    static final String STORE_DATA = "cosftp.itest.store.data";

    /** The options every test class boots with, plus its own. */
    protected static Option[] distribution(Option... extra) {
        String[] store;
        try {
            store = LocalStoreLauncher.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var options = new ArrayList<Option>(List.of(
                karafDistributionConfiguration().frameworkUrl(distributionUrl()).name("cos-ftp")
                        .unpackDirectory(new File("target/exam")).useDeployFolder(false),
                keepRuntimeFolder(),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.INFO),
                systemProperty(STORE_ENDPOINT).value(store[0]),
                systemProperty(STORE_DATA).value(store[1]),
                editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "updateSnapshots", "none"),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("org.ops4j.pax.url.mvn.localRepository", "")),
                editConfigurationFilePut("etc/org.cosftp.storage-default.cfg", "endpoint", store[0]),
                editConfigurationFilePut("etc/org.cosftp.storage-default.cfg", "bucket", LocalStoreLauncher.BUCKET)));
        options.addAll(java17Options());
        options.addAll(List.of(extra));
        return options.toArray(new Option[0]);
    }

    private static String distributionUrl() {
        try {
            return new File(System.getProperty("cosftp.distribution")).toURI().toURL().toString();
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

    /** The local store's folder of one bucket, as seen from inside Karaf. */
    protected static Path bucketFolder(String bucket) {
        return Path.of(System.getProperty(STORE_DATA), bucket);
    }

    /** Replaces a cfg file of the running distribution, as an operator editing {@code etc/} would. */
    protected static void writeConfigFile(String name, Map<String, String> properties) throws IOException {
        var text = new StringBuilder();
        properties.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        Path file = Path.of(System.getProperty("karaf.etc"), name);
        Path temporary = file.resolveSibling(name + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The distribution's log so far. */
    protected static String log() throws IOException {
        return Files.readString(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"), StandardCharsets.UTF_8);
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
