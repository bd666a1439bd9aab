package org.cosftp.config.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.felix.utils.properties.TypedProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ManagedService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds cos-ftp's lines to Karaf's logging configuration, {@code etc/org.ops4j.pax.logging.cfg}, where they are
 * missing; a line the operator has (another level, {@code includeLocation = true}) is left as it is.
 *
 * <p>It updates the configuration, which applies the lines at once, and leaves the file to one writer: File
 * Install, which writes the configuration back to its file on a stock Karaf; where it does not (the cos-ftp
 * distribution), this component adds the lines to the file itself, writing the new file beside the old and moving
 * it over, so that File Install, reading the folder every second, sees one or the other, whole. A {@code <config
 * append="true">} of the feature did both at once: Karaf updates the configuration, which makes File Install
 * rewrite the file, and rewrites the file itself; when Karaf read the file while File Install had it truncated, the
 * file kept cos-ftp's lines only, and Karaf had no log left. Karaf's {@code feature:uninstall -c} would also have
 * deleted the whole file with the feature's configuration.
 */
@Component(service = {}, immediate = true, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class KarafLoggingLines {
    static final String PID = "org.ops4j.pax.logging";
    /** A PID with no configuration, whose managed service tells when the update before it was handed over. */
    private static final String APPLIED_MARKER_PID = "org.cosftp.logging-applied";
    private static final int APPLY_MILLIS = 5_000;
    /**
     * The COS SDK logs each failed request with its signed Authorization header, good for an hour (and the session
     * token of temporary keys): silenced, as cos-ftp logs every storage failure itself, without credentials. MINA
     * logs every failed TLS handshake (a scanner, a client offering TLS 1.0) as an ERROR with a stack trace: a
     * client's mistake, and a way to fill the log; the client sees the handshake fail. cos-ftp logs a line per file
     * transferred; no Karaf pattern shows where a line was logged from, yet finding it out (a walk of the caller's
     * stack) took half the time of writing the line: it must be the root logger's setting, as the root's appenders
     * see each event with the root's. FtpServer's data connection logs each failed transfer or listing as a WARN
     * with a stack trace, and hands the failure on to the command, which cos-ftp's commands log in one line: only
     * its errors are kept.
     */
    static final Map<String, String> LINES = lines(
            "log4j2.logger.cosftpCosHttpClient.name", "com.qcloud.cos.http.DefaultCosHttpClient",
            "log4j2.logger.cosftpCosHttpClient.level", "OFF",
            "log4j2.logger.cosftpMinaSsl.name", "org.apache.mina.filter.ssl",
            "log4j2.logger.cosftpMinaSsl.level", "OFF",
            "log4j2.logger.cosftpFtpDataConnection.name", "org.apache.ftpserver.impl.IODataConnection",
            "log4j2.logger.cosftpFtpDataConnection.level", "ERROR",
            "log4j2.rootLogger.includeLocation", "false",
            // the transfer log: a file of its own, rotated as karaf.log is, its lines in no other log
            "log4j2.appender.cosftpTransfers.type", "RollingRandomAccessFile",
            "log4j2.appender.cosftpTransfers.name", "CosFtpTransfers",
            "log4j2.appender.cosftpTransfers.fileName", "${karaf.log}/cos-ftp-transfer.log",
            "log4j2.appender.cosftpTransfers.filePattern", "${karaf.log}/cos-ftp-transfer.log.%i",
            "log4j2.appender.cosftpTransfers.append", "true",
            "log4j2.appender.cosftpTransfers.layout.type", "PatternLayout",
            "log4j2.appender.cosftpTransfers.layout.pattern", "%m%n",
            "log4j2.appender.cosftpTransfers.policies.type", "Policies",
            "log4j2.appender.cosftpTransfers.policies.size.type", "SizeBasedTriggeringPolicy",
            "log4j2.appender.cosftpTransfers.policies.size.size", "16MB",
            "log4j2.appender.cosftpTransfers.strategy.type", "DefaultRolloverStrategy",
            "log4j2.appender.cosftpTransfers.strategy.max", "10",
            "log4j2.logger.cosftpTransfers.name", "org.cosftp.transfer",
            "log4j2.logger.cosftpTransfers.level", "INFO",
            "log4j2.logger.cosftpTransfers.additivity", "false",
            "log4j2.logger.cosftpTransfers.appenderRef.transfers.ref", "CosFtpTransfers");
    private static final Logger LOG = LoggerFactory.getLogger(KarafLoggingLines.class);
    private static final String KARAF_LOG = "${karaf.log}";

    @Reference
    private ConfigurationAdmin configurations;

    @Activate
    private void activate(BundleContext context) {
        try {
            Configuration[] found = configurations.listConfigurations("(" + Constants.SERVICE_PID + "=" + PID + ")");
            if (found == null) {
                LOG.warn("Karaf has no logging configuration {}: cos-ftp's lines ({}) are not added", PID,
                        LINES.keySet());
                return;
            }
            Dictionary<String, Object> properties = found[0].getProperties();
            var missing = new LinkedHashMap<String, String>();
            LINES.forEach((key, value) -> {
                if (properties.get(key) == null) {
                    missing.put(key, value);
                }
            });
            if (missing.isEmpty()) {
                return;
            }
            // File Install puts Karaf's folders in place of ${karaf.log} when it reads the file; log4j does not
            String logFolder = logFolder(context);
            missing.forEach((key, value) -> properties.put(key, value.replace(KARAF_LOG, logFolder)));
            found[0].update(properties);
            awaitApplied(context);
            Object filename = properties.get(SaveKeeper.FILENAME);
            Path file = filename == null ? null : Path.of(URI.create(filename.toString()));
            if (file != null && Files.isRegularFile(file) && !SaveKeeper.writesBack(context::getProperty)) {
                addToFile(file, missing, SaveKeeper.encoding(context::getProperty));
            }
            LOG.info("added {} to Karaf's logging configuration{}", missing.keySet(), file == null ? "" : " " + file);
        } catch (IOException | InvalidSyntaxException | IllegalArgumentException e) {
            LOG.warn("could not add cos-ftp's lines to Karaf's logging configuration: {}", e.toString());
        }
    }

    /**
     * Waits, for up to {@value #APPLY_MILLIS} ms, until Karaf's logging runs with the lines: pax-logging applies a
     * configuration on Configuration Admin's thread, and drops the lines logged while it replaces its appenders,
     * which would otherwise be the next components' and bundles' first lines. Felix Configuration Admin, Karaf's,
     * hands updates to managed services one at a time, in order, on that one thread: a managed service registered
     * now hears of its (absent) configuration once pax-logging has taken the update.
     */
    private static void awaitApplied(BundleContext context) {
        var applied = new CountDownLatch(1);
        ManagedService marker = properties -> applied.countDown();
        ServiceRegistration<ManagedService> registration = context.registerService(ManagedService.class, marker,
                new Hashtable<>(Map.of(Constants.SERVICE_PID, APPLIED_MARKER_PID)));
        try {
            if (!applied.await(APPLY_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("Karaf's logging did not take cos-ftp's lines within {} ms", APPLY_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            registration.unregister();
        }
    }

    /** Karaf's log folder, where {@code ${karaf.log}} points. */
    private static String logFolder(BundleContext context) {
        String folder = context.getProperty("karaf.log");
        return folder != null ? folder : Path.of(String.valueOf(context.getProperty("karaf.data")), "log").toString();
    }

    /** Adds the lines the file lacks, keeping its own lines and comments, and replaces the file in one move. */
    static void addToFile(Path file, Map<String, String> lines, Charset encoding) throws IOException {
        var properties = new TypedProperties(false);
        try (Reader reader = Files.newBufferedReader(file, encoding)) {
            properties.load(reader);
        }
        lines.forEach((key, value) -> {
            if (!properties.containsKey(key)) {
                properties.put(key, value);
            }
        });
        Path written = file.resolveSibling("." + file.getFileName() + ".cos-ftp");
        try (Writer writer = Files.newBufferedWriter(written, encoding)) {
            properties.save(writer);
        }
        Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Map<String, String> lines(String... keysAndValues) {
        var lines = new LinkedHashMap<String, String>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            lines.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(lines);
    }
}
