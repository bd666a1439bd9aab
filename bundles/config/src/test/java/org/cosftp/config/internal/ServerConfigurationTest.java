package org.cosftp.config.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.util.Map;

import org.cosftp.config.ServerSettings;
import org.junit.Test;

/** Reading the server file. */
public class ServerConfigurationTest {

    @Test
    public void defaultsFollowTheSpecification() {
        assertThat(ServerConfigurationComponent.parse(Map.of()),
                is(new ServerSettings("0.0.0.0", 2121, "60000-60100", "", 512, 300)));
    }

    @Test
    public void valuesAreRead() {
        ServerSettings settings = ServerConfigurationComponent.parse(Map.of("host", "127.0.0.1", "port", "21",
                "passivePorts", "2300,2310-2320", "passiveAddress", "203.0.113.7", "maxLogins", "10",
                "idleTimeoutSeconds", "0"));
        assertThat(settings, is(new ServerSettings("127.0.0.1", 21, "2300,2310-2320", "203.0.113.7", 10, 0)));
    }

    @Test
    public void badValuesNameTheFileTheKeyAndTheReason() {
        var failure = assertThrows(IllegalArgumentException.class, () -> ServerConfigurationComponent.parse(
                Map.of("felix.fileinstall.filename", "file:/k/etc/org.cosftp.server.cfg", "port", "70000")));
        assertThat(failure.getMessage(), is("/k/etc/org.cosftp.server.cfg: port = '70000' must be a whole number from 1 to 65535"));
        failure = assertThrows(IllegalArgumentException.class, () -> ServerConfigurationComponent.parse(
                Map.of("passivePorts", "lots")));
        assertThat(failure.getMessage(), containsString("passivePorts = 'lots' must be ports and ranges"));
    }
}
