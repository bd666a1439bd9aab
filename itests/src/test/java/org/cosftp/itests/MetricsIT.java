package org.cosftp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.commons.net.ftp.FTPClient;
import org.cosftp.metrics.MonitoringEndpoint;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The monitoring endpoint as an operator's tools use it: FTP sessions' work and the storage's COS requests in
 * {@code /metrics}, read by a real Prometheus (Debian's, started here on loopback) and linted by
 * {@code promtool check metrics}; {@code /readyz} following a storage whose store cannot be reached.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsIT extends CosFtpTestSupport {
    private static final String SCRAPER = "prometheus";
    private static final String SCRAPER_PASSWORD = "scrape-pw";

    @Inject
    @Filter(timeout = 60_000)
    private MonitoringEndpoint endpoint;

    @Inject
    private ConfigurationAdmin configurations;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configuration() {
        return distribution(account("counter"),
                editConfigurationFilePut("etc/org.cosftp.monitoring.cfg", "username", SCRAPER),
                editConfigurationFilePut("etc/org.cosftp.monitoring.cfg", "password", SCRAPER_PASSWORD),
                editConfigurationFilePut("etc/org.cosftp.monitoring.cfg", "readinessCheckSeconds", "1"),
                editConfigurationFilePut("etc/org.cosftp.server.cfg", "loginFailureDelayMillis", "100"));
    }

    private PrometheusText.Answer get(String path, boolean authenticated) throws IOException {
        return PrometheusText.get(uri().resolve(path), authenticated ? SCRAPER : null, SCRAPER_PASSWORD);
    }

    private Map<String, Double> scrape() throws IOException {
        return PrometheusText.scrape(uri(), SCRAPER, SCRAPER_PASSWORD);
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertTrue("no series " + series + " in " + after.keySet(), after.containsKey(series));
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    @Test
    public void sessionsWorkAndCosRequestsAreCountedAndPrometheusScrapesThem() throws Exception {
        assertEquals("loopback unless the operator says otherwise", "127.0.0.1", endpoint.uri().getHost());
        assertEquals("http", endpoint.uri().getScheme());
        assertEquals(401, get("metrics", false).status());
        Map<String, Double> before = scrape();

        byte[] photo = FtpSupport.random(300_000, 11);
        FTPClient ftp = FtpSupport.login("counter", "counter-pw");
        try {
            assertTrue(ftp.makeDirectory("/counted"));
            FtpSupport.binary(ftp);
            assertTrue(FtpSupport.put(ftp, "/counted/photo.jpg", photo));
            FtpSupport.get(ftp, "/counted/photo.jpg");
            assertEquals(1, ftp.listNames("/counted").length);
            assertFalse("a directory has the name", FtpSupport.put(ftp, "/counted", new byte[10]));
            assertTrue(ftp.deleteFile("/counted/photo.jpg"));
        } finally {
            FtpSupport.quit(ftp);
        }
        assertFalse(FtpSupport.canLogIn("counter", "wrong"));

        Map<String, Double> after = scrape();
        assertEquals(1, delta(before, after, "cosftp_logins_total{cause=\"none\",outcome=\"success\"}"), 0);
        assertEquals(1, delta(before, after, "cosftp_logins_total{cause=\"refused\",outcome=\"failure\"}"), 0);
        assertEquals(1, delta(before, after, "cosftp_directories_created_total{cause=\"none\",outcome=\"success\"}"),
                0);
        assertEquals(1, delta(before, after, "cosftp_uploads_total{cause=\"none\",outcome=\"success\"}"), 0);
        assertEquals(1, delta(before, after, "cosftp_uploads_total{cause=\"refused\",outcome=\"failure\"}"), 0);
        assertEquals(1, delta(before, after, "cosftp_downloads_total{cause=\"none\",outcome=\"success\"}"), 0);
        assertEquals(1, delta(before, after, "cosftp_listings_total{cause=\"none\",outcome=\"success\"}"), 0);
        assertEquals(1, delta(before, after, "cosftp_deletes_total{cause=\"none\",outcome=\"success\"}"), 0);
        assertEquals(photo.length + 10, delta(before, after, "cosftp_transfer_bytes_total{direction=\"upload\"}"), 0);
        assertEquals(photo.length, delta(before, after, "cosftp_transfer_bytes_total{direction=\"download\"}"), 0);
        assertEquals(1, delta(before, after, "cosftp_transfer_size_bytes_count{direction=\"upload\"}"), 0);
        assertEquals(1, delta(before, after,
                "cosftp_transfer_size_bytes_bucket{direction=\"upload\",le=\"1048576.0\"}"), 0);
        assertEquals(0, delta(before, after,
                "cosftp_transfer_size_bytes_bucket{direction=\"upload\",le=\"262144.0\"}"), 0);
        // the directory's marker object and the file, under one part, are a PUT each; the download one GET
        assertEquals(2, delta(before, after,
                "cosftp_cos_requests_total{operation=\"PutObject\",outcome=\"success\",storage=\"default\"}"), 0);
        assertEquals(1, delta(before, after,
                "cosftp_cos_requests_total{operation=\"GetObject\",outcome=\"success\",storage=\"default\"}"), 0);
        assertTrue(delta(before, after,
                "cosftp_cos_request_duration_seconds_count{operation=\"PutObject\",storage=\"default\"}") >= 1);
        assertEquals(1, after.get("cosftp_storage_healthy{storage=\"default\"}"), 0);
        assertEquals(1, after.get("cosftp_ready"), 0);

        Path metrics = Files.createTempFile("cosftp-metrics", ".txt");
        Files.writeString(metrics, get("metrics", true).body());
        ExternalClient.requireInstalled("promtool");
        ExternalClient.Result lint = ExternalClient.run(Duration.ofSeconds(60), "sh", "-c",
                "promtool check metrics < " + metrics);
        assertEquals(lint.toString(), 0, lint.exitCode());
        assertEquals("promtool finds nothing to complain about", "", lint.output().trim());

        try (var prometheus = Prometheus.scraping(uri(), SCRAPER, SCRAPER_PASSWORD)) {
            await("Prometheus to scrape the endpoint", Duration.ofSeconds(60),
                    () -> prometheus.query("up").contains("\"value\":[") && prometheus.query("up").endsWith(
                            "\"1\"]}]}}"));
            String uploads = prometheus.query("sum(cosftp_uploads_total{outcome=\"success\"})");
            assertTrue(uploads, uploads.matches(".*\"value\":\\[[0-9.]+,\"[1-9][0-9]*\"\\].*"));
        }
    }

    @Test
    public void readinessFollowsTheStorages() throws Exception {
        await("ready", Duration.ofSeconds(30), () -> get("readyz", false).status() == 200);
        assertEquals("ready\n", get("readyz", false).body());
        var unreachable = configurations.getFactoryConfiguration("org.cosftp.storage", "unreachable", "?");
        var properties = new Hashtable<String, Object>();
        properties.put("name", "unreachable");
        properties.put("bucket", BUCKET);
        properties.put("region", "ap-guangzhou");
        properties.put("endpoint", "localhost:" + freePort());
        properties.put("protocol", "http");
        properties.put("secretId", "AKIDunreachable");
        properties.put("secretKey", SECRET_KEY);
        properties.put("maxErrorRetry", "0");
        properties.put("connectTimeoutSeconds", "1");
        unreachable.update(properties);
        try {
            // "not checked yet" at first, then the failure of its check
            await("not ready for the check's failure", Duration.ofSeconds(30),
                    () -> get("readyz", false).body().contains("could not be reached"));
            PrometheusText.Answer readiness = get("readyz", false);
            assertEquals(503, readiness.status());
            assertTrue(readiness.body(), readiness.body().startsWith("not ready\nstorage 'unreachable': "));
            assertEquals("alive all the while", 200, get("livez", false).status());
            assertEquals(0, scrape().get("cosftp_ready"), 0);
        } finally {
            unreachable.delete();
        }
        await("ready again", Duration.ofSeconds(30), () -> get("readyz", false).status() == 200);
    }

    @Test
    public void aKeystoreTurnsTheEndpointToHttpsLive() throws Exception {
        Path keystore = Files.createTempDirectory("monitoring").resolve("monitoring.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        ExternalClient.Result made = ExternalClient.run(Duration.ofSeconds(60), keytool, "-genkeypair",
                "-alias", "monitoring", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "keystore-pw", "-keypass", "keystore-pw");
        assertEquals(made.toString(), 0, made.exitCode());
        var monitoring = configurations.getConfiguration("org.cosftp.monitoring", "?");
        Dictionary<String, Object> shipped = monitoring.getProperties();
        var https = new Hashtable<String, Object>();
        for (String key : Collections.list(shipped.keys())) {
            https.put(key, shipped.get(key));
        }
        https.put("tls.keystore", keystore.toString());
        https.put("tls.keystorePassword", "keystore-pw");
        monitoring.update(https);
        try {
            await("the endpoint on HTTPS", Duration.ofSeconds(30), () -> uri().getScheme().equals("https"));
            ExternalClient.Result scraped = ExternalClient.run(Duration.ofSeconds(60), "curl", "-sS", "-k",
                    "-u", SCRAPER + ":" + SCRAPER_PASSWORD, uri().resolve("metrics").toString());
            assertEquals(scraped.toString(), 0, scraped.exitCode());
            assertTrue(scraped.output(), scraped.output().contains("# TYPE cosftp_uploads_total counter"));
            ExternalClient.Result plain = ExternalClient.run(Duration.ofSeconds(60), "curl", "-sS",
                    "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:" + uri().getPort() + "/livez");
            assertFalse("no plain HTTP on the HTTPS port: " + plain, plain.output().equals("200"));
        } finally {
            monitoring.update(shipped);
        }
        await("the endpoint on HTTP again", Duration.ofSeconds(30), () -> uri().getScheme().equals("http"));
    }

    @Test
    public void theMBeansShowTheSessionsActivitiesAndStoragesInTheMBeanServer() throws Exception {
        MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
        var activities = new ObjectName("org.cosftp:type=Activities");
        await("the MBeans in the platform MBean server, which jconsole attaches to", Duration.ofSeconds(30),
                () -> beans.isRegistered(activities));
        long uploads = (Long) beans.getAttribute(activities, "Uploads");
        long bytes = (Long) beans.getAttribute(activities, "BytesUploaded");
        var storage = new ObjectName("org.cosftp:type=Storage,name=default");
        long requests = (Long) beans.getAttribute(storage, "Requests");
        FTPClient ftp = FtpSupport.login("counter", "counter-pw");
        try {
            assertTrue((Integer) beans.getAttribute(new ObjectName("org.cosftp:type=Server"), "SessionsLoggedIn") >= 1);
            FtpSupport.binary(ftp);
            assertTrue(FtpSupport.put(ftp, "/jmx.bin", new byte[4096]));
        } finally {
            FtpSupport.quit(ftp);
        }
        assertEquals(uploads + 1, beans.getAttribute(activities, "Uploads"));
        assertEquals(bytes + 4096, beans.getAttribute(activities, "BytesUploaded"));
        assertTrue((Long) beans.getAttribute(storage, "Requests") > requests);
        assertEquals(Boolean.TRUE, beans.getAttribute(storage, "Healthy"));
        assertTrue(String.valueOf(beans.getAttribute(storage, "Location")).contains("bucket " + BUCKET));
        assertEquals(1, beans.getAttribute(new ObjectName("org.cosftp:type=Server"), "Listeners"));
    }

    /** Where the endpoint listens now: a changed configuration registers it anew. */
    private URI uri() {
        ServiceReference<MonitoringEndpoint> reference = context.getServiceReference(MonitoringEndpoint.class);
        if (reference == null) {
            return URI.create("none:/");
        }
        try {
            return context.getService(reference).uri();
        } finally {
            context.ungetService(reference);
        }
    }

    /** Debian's Prometheus, scraping the endpoint every second, its own web port any free one. */
    private static final class Prometheus implements AutoCloseable {
        private static final Pattern LISTENING = Pattern.compile("msg=\"Listening on\" address=(\\S+)");
        private final Process process;
        private volatile String address;

        private Prometheus(Process process) {
            this.process = process;
        }

        static Prometheus scraping(URI endpoint, String user, String password) throws Exception {
            ExternalClient.requireInstalled("prometheus");
            Path folder = Files.createTempDirectory("prometheus");
            Path passwordFile = Files.writeString(folder.resolve("password"), password);
            Path config = Files.writeString(folder.resolve("prometheus.yml"), String.join("\n",
                    "global:",
                    "  scrape_interval: 1s",
                    "scrape_configs:",
                    "  - job_name: cosftp",
                    "    basic_auth:",
                    "      username: " + user,
                    "      password_file: " + passwordFile,
                    "    static_configs:",
                    "      - targets: ['" + endpoint.getHost() + ":" + endpoint.getPort() + "']", ""));
            Path log = folder.resolve("prometheus.log");
            Process process = new ProcessBuilder("prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + folder.resolve("data"), "--web.listen-address=127.0.0.1:0")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            var prometheus = new Prometheus(process);
            await("Prometheus to listen", Duration.ofSeconds(60), () -> {
                Matcher listening = LISTENING.matcher(Files.readString(log));
                if (listening.find()) {
                    prometheus.address = listening.group(1);
                }
                return prometheus.address != null;
            });
            return prometheus;
        }

        /** The answer of Prometheus's query API to {@code expression}, as JSON. */
        String query(String expression) throws IOException {
            var url = new URL("http://" + address + "/api/v1/query?query="
                    + URLEncoder.encode(expression, StandardCharsets.UTF_8));
            var connection = (HttpURLConnection) url.openConnection();
            try {
                return new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                connection.disconnect();
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
