package org.cosftp.config.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cosftp.config.ServerSettings;
import org.cosftp.config.TlsSettings;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Reading the server file. */
public class ServerConfigurationTest {
    @Rule
    public final TemporaryFolder temporary = new TemporaryFolder();

    @Test
    public void defaultsFollowTheSpecification() {
        assertThat(ServerConfigurationComponent.parse(Map.of()),
                is(new ServerSettings("0.0.0.0", 2121, "60000-60100", "", 512, 300, true,
                        new TlsSettings(true, false, 0, "", ""))));
    }

    @Test
    public void valuesAreRead() {
        ServerSettings settings = ServerConfigurationComponent.parse(Map.of("host", "127.0.0.1", "port", "21",
                "passivePorts", "2300,2310-2320", "passiveAddress", "203.0.113.7", "maxLogins", "10",
                "idleTimeoutSeconds", "0", "activeEnabled", "false", "tls.required", "true", "tls.implicitPort", "990"));
        assertThat(settings, is(new ServerSettings("127.0.0.1", 21, "2300,2310-2320", "203.0.113.7", 10, 0, false,
                new TlsSettings(true, true, 990, "", ""))));
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

    @Test
    public void contradictoryTlsSettingsAreRefused() {
        var failure = assertThrows(IllegalArgumentException.class, () -> ServerConfigurationComponent.parse(
                Map.of("tls.enabled", "false", "tls.required", "true")));
        assertThat(failure.getMessage(), containsString("tls.required = 'true' needs tls.enabled = true"));
        failure = assertThrows(IllegalArgumentException.class, () -> ServerConfigurationComponent.parse(
                Map.of("port", "2121", "tls.implicitPort", "2121")));
        assertThat(failure.getMessage(), containsString("tls.implicitPort = '2121' must differ from port"));
    }

    @Test
    public void anOperatorKeystoreIsOpenedWhenTheFileIsRead() throws Exception {
        Path keystore = temporary.getRoot().toPath().resolve("ftps.p12");
        keytool("-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "right-secret",
                "-alias", "ftp", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=ftp.example",
                "-validity", "30");

        TlsSettings tls = ServerConfigurationComponent.parse(Map.of("tls.keystore", keystore.toString(),
                "tls.keystorePassword", "right-secret")).tls();
        assertThat(tls.keystore(), is(keystore.toString()));
        assertThat("the password is never shown", tls.toString(), not(containsString("right-secret")));

        var failure = assertThrows(IllegalArgumentException.class, () -> ServerConfigurationComponent.parse(
                Map.of("tls.keystore", keystore.toString(), "tls.keystorePassword", "wrong-secret")));
        assertThat(failure.getMessage(), containsString("tls.keystore = '" + keystore + "' cannot be opened as PKCS12"));
        assertThat(failure.getMessage(), not(containsString("wrong-secret")));

        failure = assertThrows(IllegalArgumentException.class, () -> ServerConfigurationComponent.parse(
                Map.of("tls.keystore", "missing.p12", "tls.keystorePassword", "x")));
        assertThat(failure.getMessage(), containsString("tls.keystore = 'missing.p12' cannot be read"));
        failure = assertThrows(IllegalArgumentException.class, () -> ServerConfigurationComponent.parse(
                Map.of("tls.keystore", keystore.toString())));
        assertThat(failure.getMessage(), containsString("tls.keystorePassword = '' must be set"));
    }

    private static void keytool(String... arguments) throws Exception {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output, process.waitFor(), is(0));
    }
}
