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

import org.cosftp.config.LoginGuardSettings;
import org.cosftp.config.ServerSettings;
import org.cosftp.config.TlsSettings;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Reading the server file. */
public class ServerConfigurationTest {
    @Rule
    public final TemporaryFolder temporary = new TemporaryFolder();

    private static final LoginGuardSettings DEFAULT_GUARD =
            new LoginGuardSettings(1024, 16, 30, 1000, 5, 600, 600, 86_400, List.of());

    @Test
    public void defaultsFollowTheSpecification() {
        assertThat(ServerSettingsReader.read(Map.of()),
                is(new ServerSettings("0.0.0.0", 2121, "60000-60599", "", 512, 300, true, 50, 300, 30,
                        new TlsSettings(true, false, 0, "", ""), DEFAULT_GUARD)));
    }

    @Test
    public void valuesAreRead() {
        ServerSettings settings = ServerSettingsReader.read(Map.of("host", "127.0.0.1", "port", "21",
                "passivePorts", "2300,2310-2320", "passiveAddress", "203.0.113.7", "maxLogins", "10",
                "idleTimeoutSeconds", "0", "activeEnabled", "false", "tls.required", "true", "tls.implicitPort", "990",
                "uploadCommitDelayMillis", "0"));
        assertThat(ServerSettingsReader.read(Map.of("drainSeconds", "5", "shutdownGraceSeconds", "0")),
                is(new ServerSettings("0.0.0.0", 2121, "60000-60599", "", 512, 300, true, 50, 5, 0,
                        new TlsSettings(true, false, 0, "", ""), DEFAULT_GUARD)));
        assertThat(settings, is(new ServerSettings("127.0.0.1", 21, "2300,2310-2320", "203.0.113.7", 10, 0, false, 0,
                300, 30, new TlsSettings(true, true, 990, "", ""), DEFAULT_GUARD)));
    }

    @Test
    public void onlyAddressesPortsAndTlsKeysNeedNewListeners() {
        ServerSettings shipped = ServerSettingsReader.read(Map.of());
        for (Map<String, String> live : List.of(Map.of("maxLogins", "3"), Map.of("passivePorts", "2300-2310"),
                Map.of("idleTimeoutSeconds", "5"), Map.of("tls.required", "true"), Map.of("ban.maxFailures", "1"),
                Map.of("passiveAddress", "203.0.113.7"), Map.of("activeEnabled", "false"),
                Map.of("uploadCommitDelayMillis", "0"), Map.of("shutdownGraceSeconds", "1"))) {
            assertThat(live.toString(), shipped.bindsDifferently(ServerSettingsReader.read(live)), is(false));
        }
        for (Map<String, String> rebind : List.of(Map.of("host", "127.0.0.1"), Map.of("port", "2122"),
                Map.of("tls.implicitPort", "2990"), Map.of("tls.enabled", "false"))) {
            assertThat(rebind.toString(), shipped.bindsDifferently(ServerSettingsReader.read(rebind)),
                    is(true));
        }
    }

    @Test
    public void badValuesNameTheFileTheKeyAndTheReason() {
        var failure = assertThrows(IllegalArgumentException.class, () -> ServerSettingsReader.read(
                Map.of("felix.fileinstall.filename", "file:/k/etc/org.cosftp.server.cfg", "port", "70000")));
        assertThat(failure.getMessage(), is("/k/etc/org.cosftp.server.cfg: port = '70000' must be a whole number from 0 to 65535"));
        failure = assertThrows(IllegalArgumentException.class, () -> ServerSettingsReader.read(
                Map.of("passivePorts", "lots")));
        assertThat(failure.getMessage(), containsString("passivePorts = 'lots' must be ports and ranges"));
    }

    @Test
    public void passivePortsThatCannotBeBoundAreRefusedWhenRead() {
        assertRefused(Map.of("passivePorts", "60000-70000"), "passivePorts = '60000-70000' has a port above 65535 in"
                + " '60000-70000'");
        assertRefused(Map.of("passivePorts", "2300, 99999"), "has a port above 65535 in '99999'");
        assertRefused(Map.of("passivePorts", "60100-60000"), "passivePorts = '60100-60000' has a range that ends before"
                + " it starts: '60100-60000'");
        assertRefused(Map.of("passivePorts", "0-100"), "has port 0 (any free port) in a range");
        assertThat(ServerSettingsReader.read(Map.of("passivePorts", "0")).passivePorts(), is("0"));
        assertThat(ServerSettingsReader.read(Map.of("passivePorts", "65535")).passivePorts(), is("65535"));
    }

    @Test
    public void portZeroAsksForAnyFreePortWithOrWithoutImplicitFtps() {
        assertThat(ServerSettingsReader.read(Map.of("port", "0")).port(), is(0));
        ServerSettings both = ServerSettingsReader.read(Map.of("port", "0", "tls.implicitPort", "990"));
        assertThat(both.port() + "," + both.tls().implicitPort(), is("0,990"));
    }

    @Test
    public void contradictoryTlsSettingsAreRefused() {
        var failure = assertThrows(IllegalArgumentException.class, () -> ServerSettingsReader.read(
                Map.of("tls.enabled", "false", "tls.required", "true")));
        assertThat(failure.getMessage(), containsString("tls.required = 'true' needs tls.enabled = true"));
        failure = assertThrows(IllegalArgumentException.class, () -> ServerSettingsReader.read(
                Map.of("port", "2121", "tls.implicitPort", "2121")));
        assertThat(failure.getMessage(), containsString("tls.implicitPort = '2121' must differ from port"));
    }

    @Test
    public void anOperatorKeystoreIsOpenedWhenTheFileIsRead() throws Exception {
        Path keystore = temporary.getRoot().toPath().resolve("ftps.p12");
        keytool("-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "right-secret",
                "-alias", "ftp", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=ftp.example",
                "-validity", "30");

        TlsSettings tls = ServerSettingsReader.read(Map.of("tls.keystore", keystore.toString(),
                "tls.keystorePassword", "right-secret")).tls();
        assertThat(tls.keystore(), is(keystore.toString()));
        assertThat("the password is never shown", tls.toString(), not(containsString("right-secret")));

        var failure = assertThrows(IllegalArgumentException.class, () -> ServerSettingsReader.read(
                Map.of("tls.keystore", keystore.toString(), "tls.keystorePassword", "wrong-secret")));
        assertThat(failure.getMessage(), containsString("tls.keystore = '" + keystore + "' cannot be opened as PKCS12"));
        assertThat(failure.getMessage(), not(containsString("wrong-secret")));

        failure = assertThrows(IllegalArgumentException.class, () -> ServerSettingsReader.read(
                Map.of("tls.keystore", "missing.p12", "tls.keystorePassword", "x")));
        assertThat(failure.getMessage(), containsString("tls.keystore = 'missing.p12' cannot be read"));
        failure = assertThrows(IllegalArgumentException.class, () -> ServerSettingsReader.read(
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

    // login guard

    @Test
    public void loginGuardDefaultsAreThoseOfTheDocumentation() {
        assertThat(ServerSettingsReader.read(Map.of()).guard(), is(DEFAULT_GUARD));
    }

    @Test
    public void loginGuardValuesAreRead() {
        LoginGuardSettings guard = ServerSettingsReader.read(Map.of("maxConnections", "100",
                "maxConnectionsPerIp", "4", "loginTimeoutSeconds", "0", "loginFailureDelayMillis", "0",
                "ban.maxFailures", "3", "ban.windowSeconds", "60", "ban.timeSeconds", "120", "ban.maxTimeSeconds", "120",
                "ban.exempt", " 192.0.2.7, 10.0.0.0/8 ,fd00::/8,::1 ")).guard();
        assertThat(guard, is(new LoginGuardSettings(100, 4, 0, 0, 3, 60, 120, 120,
                List.of("192.0.2.7/32", "10.0.0.0/8", "fd00:0:0:0:0:0:0:0/8", "0:0:0:0:0:0:0:1/128"))));
    }

    @Test
    public void aLongFirstBanRaisesTheDefaultLongestBan() {
        assertThat(ServerSettingsReader.read(Map.of("ban.timeSeconds", "172800")).guard().banMaxTimeSeconds(),
                is(172_800));
    }

    @Test
    public void badLoginGuardValuesAreRefusedWithTheKeyAndTheReason() {
        assertRefused(Map.of("maxConnections", "0"), "maxConnections = '0' must be a whole number from 1 to 1000000");
        assertRefused(Map.of("maxConnectionsPerIp", "many"), "maxConnectionsPerIp = 'many' must be a whole number");
        assertRefused(Map.of("loginTimeoutSeconds", "-1"), "loginTimeoutSeconds = '-1' must be a whole number");
        assertRefused(Map.of("loginFailureDelayMillis", "60001"),
                "loginFailureDelayMillis = '60001' must be a whole number from 0 to 60000");
        assertRefused(Map.of("ban.windowSeconds", "0"), "ban.windowSeconds = '0' must be a whole number");
        assertRefused(Map.of("ban.timeSeconds", "600", "ban.maxTimeSeconds", "300"),
                "ban.maxTimeSeconds = '300' must be at least ban.timeSeconds (600)");
        assertRefused(Map.of("ban.exempt", "10.0.0.0/8, example.com"),
                "ban.exempt = '10.0.0.0/8, example.com' must be addresses or networks such as");
        assertRefused(Map.of("ban.exempt", "300.1.1.1"), "'300.1.1.1' is not one");
        assertRefused(Map.of("ban.exempt", "fe80::zz"), "'fe80::zz' is not one");
        assertRefused(Map.of("ban.exempt", "10.0.0.0/33"), "has a prefix length out of 0 to 32 in '10.0.0.0/33'");
        assertRefused(Map.of("ban.exempt", "::1/129"), "has a prefix length out of 0 to 128 in '::1/129'");
    }

    private static void assertRefused(Map<String, String> properties, String reason) {
        var failure = assertThrows(IllegalArgumentException.class, () -> ServerSettingsReader.read(properties));
        assertThat(failure.getMessage(), containsString(reason));
    }
}
