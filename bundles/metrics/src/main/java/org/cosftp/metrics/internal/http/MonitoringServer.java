package org.cosftp.metrics.internal.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import org.cosftp.config.PasswordHasher;
import org.cosftp.ftp.FtpServerOperations;
import org.cosftp.metrics.MonitoringEndpoint;
import org.cosftp.metrics.internal.health.Readiness;
import org.cosftp.metrics.internal.prometheus.GatewayMetrics;
import org.cosftp.storage.ObjectStorage;
import org.osgi.framework.BundleContext;
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
 * The HTTP endpoint of {@code etc/org.cosftp.monitoring.cfg}: {@code /metrics} in Prometheus's text format,
 * {@code /livez} (200 while Karaf runs cos-ftp) and {@code /readyz} (200 while the FTP listener is bound and
 * every storage answered its bucket check recently, 503 with the reasons otherwise). A changed configuration
 * applies at once; a bad one is refused with a log line, and the endpoint keeps its settings.
 *
 * <p>It offers no service of its own (DS would publish the configuration, password included, as its
 * properties): its {@link MonitoringEndpoint} is registered by hand, with none.
 */
@Component(service = {}, configurationPid = MonitoringSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = MonitoringDefinition.class)
public final class MonitoringServer {
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringServer.class);
    /** Probes and scrapes are small and quick: two threads serve them, apart from the FTP server's. */
    private static final int THREADS = 2;
    /** How soon a storage whose check failed, or did not answer, is checked again. */
    private static final Duration RETRY = Duration.ofSeconds(5);

    @Reference
    GatewayMetrics metrics;
    @Reference
    PasswordHasher hasher;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile FtpServerOperations server;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<ObjectStorage> storages = List.of();

    private final Readiness readiness = new Readiness(() -> server, () -> storages, Duration.ofSeconds(45));
    private BundleContext context;
    private Path home;
    private MonitoringSettings settings;
    private HttpServer http;
    private ExecutorService handlers;
    private ScheduledExecutorService checks;
    private ServiceRegistration<MonitoringEndpoint> endpoint;
    private GaugeWithCallback readyGauge;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        String karafHome = context.getProperty("karaf.home");
        this.home = Path.of(karafHome == null ? "." : karafHome);
        readyGauge = GaugeWithCallback.builder().name("cosftp_ready")
                .help("1 while the FTP listener is bound and every storage answered its bucket check recently")
                .callback(callback -> callback.call(readiness.verdict().ready() ? 1 : 0))
                .register(metrics.registry());
        configure(properties);
    }

    @Modified
    synchronized void configure(Map<String, Object> properties) {
        MonitoringSettings next;
        try {
            next = MonitoringSettings.from(properties, home);
        } catch (IllegalArgumentException e) {
            LOG.error("monitoring endpoint {}: {}", settings == null ? "not started" : "keeps " + settings,
                    e.getMessage());
            return;
        }
        if (next.equals(settings)) {
            return;
        }
        stop();
        settings = next;
        readiness.maxAge(Duration.ofSeconds(3L * next.readinessCheckSeconds()));
        metrics.counting(next.enabled());
        if (!next.enabled()) {
            LOG.info("monitoring endpoint disabled (enabled = false in {}.cfg)", MonitoringSettings.PID);
            return;
        }
        try {
            start(next);
        } catch (IOException | RuntimeException e) {
            LOG.error("monitoring endpoint not started on {}: {}", next, e.toString());
            stop();
        }
    }

    private void start(MonitoringSettings next) throws IOException {
        var address = new InetSocketAddress(next.host(), next.port());
        if (next.https()) {
            var https = HttpsServer.create(address, 16);
            https.setHttpsConfigurator(new HttpsConfigurator(Keystores.context(next.keystore(),
                    next.keystorePassword())));
            http = https;
        } else {
            http = HttpServer.create(address, 16);
        }
        BasicAuthentication authentication = next.authenticates()
                ? new BasicAuthentication(next.username(), next.password(), hasher) : null;
        http.createContext("/metrics", exchange -> serveMetrics(exchange, authentication));
        http.createContext("/livez", exchange -> respond(exchange, 200, "alive\n"));
        http.createContext("/readyz", this::serveReadiness);
        http.createContext("/", exchange -> respond(exchange, 404, "/metrics, /livez and /readyz are here\n"));
        handlers = Executors.newFixedThreadPool(THREADS, daemon("cos-ftp monitoring"));
        http.setExecutor(handlers);
        http.start();
        checks = Executors.newSingleThreadScheduledExecutor(daemon("cos-ftp readiness checks"));
        Duration interval = Duration.ofSeconds(next.readinessCheckSeconds());
        Duration retry = interval.compareTo(RETRY) < 0 ? interval : RETRY;
        checks.scheduleWithFixedDelay(() -> checkStorages(interval, retry), 0, 1, TimeUnit.SECONDS);
        InetSocketAddress bound = http.getAddress();
        URI uri = URI.create((next.https() ? "https" : "http") + "://"
                + (bound.getHostString().contains(":") ? "[" + bound.getHostString() + "]" : bound.getHostString())
                + ":" + bound.getPort() + "/");
        endpoint = context.registerService(MonitoringEndpoint.class, () -> uri, null);
        LOG.info("monitoring endpoint listens on {} ({}): /metrics, /livez, /readyz", uri, next);
    }

    private void checkStorages(Duration interval, Duration retry) {
        try {
            readiness.checkDue(interval, retry);
        } catch (RuntimeException e) {
            // thrown out, it would end the checks for good
            LOG.warn("readiness checks failed: {}", e.toString());
        }
    }

    private void serveMetrics(HttpExchange exchange, BasicAuthentication authentication) throws IOException {
        try (exchange) {
            if (authentication != null && !authentication.accepts(exchange.getRequestHeaders()
                    .getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"cos-ftp metrics\", "
                        + "charset=\"UTF-8\"");
                respond(exchange, 401, "authentication required\n");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", GatewayMetrics.textContentType());
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                metrics.writeText(body);
            }
        }
    }

    private void serveReadiness(HttpExchange exchange) throws IOException {
        Readiness.Verdict verdict = readiness.verdict();
        respond(exchange, verdict.ready() ? 200 : 503, verdict.ready() ? "ready\n"
                : "not ready\n" + String.join("\n", verdict.reasons()) + "\n");
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            var thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Deactivate
    synchronized void deactivate() {
        stop();
        metrics.registry().unregister(readyGauge);
    }

    private void stop() {
        if (endpoint != null) {
            endpoint.unregister();
            endpoint = null;
        }
        if (http != null) {
            http.stop(0);
            http = null;
        }
        if (handlers != null) {
            handlers.shutdownNow();
            handlers = null;
        }
        if (checks != null) {
            checks.shutdownNow();
            checks = null;
        }
    }
}
