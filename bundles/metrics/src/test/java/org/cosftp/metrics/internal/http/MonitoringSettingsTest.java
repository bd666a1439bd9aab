package org.cosftp.metrics.internal.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The monitoring cfg file read as the endpoint reads it: defaults, and each bad value refused by name. */
public class MonitoringSettingsTest {
    @Rule
    public final TemporaryFolder home = new TemporaryFolder();

    private MonitoringSettings read(Map<String, ?> properties) {
        return MonitoringSettings.from(properties, home.getRoot().toPath());
    }

    @Test
    public void anEmptyFileListensOnLoopbackWithoutAuthentication() {
        MonitoringSettings settings = read(Map.of());
        assertTrue(settings.enabled());
        assertEquals("127.0.0.1", settings.host());
        assertEquals(2180, settings.port());
        assertFalse(settings.authenticates());
        assertFalse(settings.https());
        assertEquals(15, settings.readinessCheckSeconds());
        assertEquals("http://127.0.0.1:2180, storages checked every 15 s", settings.toString());
    }

    @Test
    public void aUserNeedsAPasswordAndTheLogShowsNeither() {
        var missing = assertThrows(IllegalArgumentException.class, () -> read(Map.of("username", "prometheus")));
        assertThat(missing.getMessage(), containsString("password"));
        MonitoringSettings settings = read(Map.of("username", "prometheus", "password", "s3cret"));
        assertTrue(settings.authenticates());
        assertFalse(settings.toString(), settings.toString().contains("s3cret"));
    }

    @Test
    public void badValuesAreRefusedByKey() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> read(Map.of("port", "70000"))).getMessage(),
                containsString("port"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> read(Map.of("port", "http"))).getMessage(),
                containsString("port"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> read(Map.of("readinessCheckSeconds", "0")))
                .getMessage(), containsString("readinessCheckSeconds"));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> read(Map.of("username", "a:b", "password", "x"))).getMessage(), containsString("':'"));
    }

    @Test
    public void aKeystoreIsFoundRelativeToKarafsHome() throws Exception {
        var missing = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of("tls.keystore", "etc/monitoring.p12")));
        assertThat(missing.getMessage(), containsString("tls.keystore"));
        Files.createDirectories(home.getRoot().toPath().resolve("etc"));
        Path keystore = Files.writeString(home.getRoot().toPath().resolve("etc/monitoring.p12"), "x");
        MonitoringSettings settings = read(Map.of("tls.keystore", "etc/monitoring.p12"));
        assertTrue(settings.https());
        assertEquals(keystore, settings.keystore());
    }
}
