package org.cosftp.metrics.internal.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.cosftp.config.reader.ConfigurationReader;
import org.cosftp.config.reader.MetatypeDefaults;

/**
 * The settings of the monitoring endpoint, read from {@code etc/org.cosftp.monitoring.cfg} and checked.
 *
 * @param keystore the keystore of HTTPS, resolved; {@code null} for plain HTTP
 */
record MonitoringSettings(boolean enabled, String host, int port, String username, String password, Path keystore,
        String keystorePassword, int readinessCheckSeconds) {
    static final String PID = "org.cosftp.monitoring";
    static final MonitoringDefinition DEFAULTS = MetatypeDefaults.of(MonitoringDefinition.class);

    /**
     * The settings of {@code properties}, relative paths resolved against {@code home}.
     *
     * @throws IllegalArgumentException naming the file, key, value and reason of a bad value
     */
    static MonitoringSettings from(Map<String, ?> properties, Path home) {
        var reader = new ConfigurationReader(properties, PID);
        String host = reader.string("host", DEFAULTS.host());
        if (host.isEmpty()) {
            throw reader.invalid("host", host, "an address to bind is needed, such as 127.0.0.1");
        }
        String username = reader.string("username", DEFAULTS.username());
        String password = reader.string("password", DEFAULTS.password());
        if (username.isEmpty() != password.isEmpty()) {
            throw reader.invalid(username.isEmpty() ? "username" : "password", "",
                    "basic authentication needs both a user name and a password");
        }
        if (username.contains(":")) {
            throw reader.invalid("username", username, "HTTP basic authentication allows no ':' in a user name");
        }
        String keystore = reader.string("tls.keystore", DEFAULTS.tls_keystore());
        Path keystorePath = null;
        if (!keystore.isEmpty()) {
            keystorePath = home.resolve(keystore);
            if (!Files.isReadable(keystorePath)) {
                throw reader.invalid("tls.keystore", keystore, "no readable file at " + keystorePath);
            }
        }
        return new MonitoringSettings(reader.bool("enabled", DEFAULTS.enabled()), host,
                reader.integer("port", DEFAULTS.port(), 0, 65535), username, password, keystorePath,
                reader.string("tls.keystorePassword", DEFAULTS.tls_keystorePassword()),
                reader.integer("readinessCheckSeconds", DEFAULTS.readinessCheckSeconds(), 1, 3600));
    }

    boolean authenticates() {
        return !username.isEmpty();
    }

    boolean https() {
        return keystore != null;
    }

    /** What the log shows: never a password. */
    @Override
    public String toString() {
        return (https() ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                + (authenticates() ? ", /metrics for user " + username : "")
                + ", storages checked every " + readinessCheckSeconds + " s";
    }
}
