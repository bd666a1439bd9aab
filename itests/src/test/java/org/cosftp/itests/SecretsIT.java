package org.cosftp.itests;

import static org.cosftp.itests.FtpSupport.get;
import static org.cosftp.itests.FtpSupport.login;
import static org.cosftp.itests.FtpSupport.put;
import static org.cosftp.itests.FtpSupport.quit;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.commons.net.ftp.FTPClient;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Credentials taken from the environment or a secret file, and the paths on which a secret could slip into the log: wrong
 * passwords, passwords sent in odd ways, a storage that fails, storage files that are refused.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecretsIT extends CosFtpTestSupport {
    private static final String SECRET_ID_VARIABLE = "COSFTP_ITEST_SECRET_ID";
    private static final String UNSET_VARIABLE = "COSFTP_ITEST_NOT_SET";
    private static final String ENV = "org.cosftp.storage-env.cfg";

    @Inject
    private BundleContext context;
    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] configuration() {
        return distribution(account("envuser", "storage", "env"), account("broken", "storage", "broken"),
                account("noisy"),
                brokenStorage("broken"),
                editConfigurationFilePut("etc/org.cosftp.monitoring.cfg", "username", "prometheus"),
                editConfigurationFilePut("etc/org.cosftp.monitoring.cfg", "password", "monitoring-pw"),
                // every command in the log, so that a password sent in an odd way would be seen there
                protocolLog());
    }

    /** The storage "env", its credentials read from the environment. */
    private static Map<String, String> environmentStorage(String bucket, String secretKey) {
        var properties = new LinkedHashMap<String, String>();
        properties.put("bucket", bucket);
        properties.put("region", "ap-guangzhou");
        properties.put("endpoint", "localhost:" + System.getProperty(STORE_PORT));
        properties.put("protocol", "http");
        properties.put("secretId", "$[env:" + SECRET_ID_VARIABLE + "]");
        properties.put("secretKey", secretKey);
        return properties;
    }

    @After
    public void noSecretInTheLog() throws IOException {
        List<String> leaks = LogSecretsCheck.leaks(log());
        assertTrue(String.join("\n", leaks), leaks.isEmpty());
    }

    @Test
    public void theSdksLogOfSignedRequestsIsOffInKarafsLoggingAndItsFile() throws Exception {
        var logging = configurationAdmin.listConfigurations("(service.pid=org.ops4j.pax.logging)");
        assertEquals("OFF", logging[0].getProperties().get("log4j2.logger.cosftpCosHttpClient.level"));
        // the distribution does not write configurations back: the lines are added to the file as an operator would
        Path file = Path.of(System.getProperty("karaf.etc"), "org.ops4j.pax.logging.cfg");
        await("cos-ftp's lines beside Karaf's in " + file.getFileName(), Duration.ofSeconds(30), () -> {
            String text = Files.readString(file);
            return text.contains("log4j2.logger.cosftpCosHttpClient.level = OFF")
                    && text.contains("log4j2.rootLogger.includeLocation = false")
                    && text.contains("log4j2.appender.rolling.fileName");
        });
    }

    @Test
    public void credentialsComeFromTheEnvironmentAndAnUnsetVariableIsRefused() throws Exception {
        String secretId = System.getenv(SECRET_ID_VARIABLE);
        assertNotNull("the build passes " + SECRET_ID_VARIABLE, secretId);
        assertEquals("Karaf's environment lacks " + UNSET_VARIABLE + ", as the test wants", null,
                System.getenv(UNSET_VARIABLE));
        // the operator sees which key the storage uses: the secret id the variable holds, not the placeholder
        applyConfigFile(ENV, environmentStorage(OTHER_BUCKET, "$[env:" + LogSecretsCheck.ENVIRONMENT_SECRET_KEY + "]"),
                "storage 'env' (bucket " + OTHER_BUCKET + ", region ap-guangzhou, endpoint http://localhost:"
                        + System.getProperty(STORE_PORT) + ", secretId " + secretId + ")");
        assertTransfersLandIn(OTHER_BUCKET, "/from-env.txt");

        writeConfigFile(ENV, environmentStorage(BUCKET, "$[env:" + UNSET_VARIABLE + "]"));
        await("the refusal in the log", Duration.ofSeconds(30), () -> log().contains(
                "org.cosftp.storage-env.cfg: secretKey names environment variable " + UNSET_VARIABLE
                        + ", which is not set"));
        assertTransfersLandIn(OTHER_BUCKET, "/still-env.txt");
    }

    @Test
    public void aSecretKeyComesFromAFileInEtcAndAMissingFileIsRefused() throws Exception {
        // Karaf's interpolation reads $[secret:NAME] from etc/NAME
        Files.writeString(Path.of(System.getProperty("karaf.etc"), "cosftp-itest-secret-key"), SECRET_KEY);
        var filed = environmentStorage(OTHER_BUCKET, "$[secret:cosftp-itest-secret-key]");
        // started, so resolved: a placeholder left as it was is refused
        applyConfigFile("org.cosftp.storage-filed.cfg", filed, "started storage 'filed'");

        filed.put("secretKey", "$[secret:cosftp-itest-no-such-file]");
        writeConfigFile("org.cosftp.storage-filed.cfg", filed);
        await("the refusal in the log", Duration.ofSeconds(30), () -> log().contains(
                "org.cosftp.storage-filed.cfg: secretKey names secret file cosftp-itest-no-such-file, which could not"
                        + " be read in the secrets directory"));
    }

    private static void assertTransfersLandIn(String bucket, String path) throws IOException {
        byte[] data = ("written through " + path).getBytes(StandardCharsets.UTF_8);
        FTPClient ftp = login("envuser", "envuser-pw");
        try {
            assertTrue(ftp.getReplyString(), put(ftp, path, data));
            assertArrayEquals(data, get(ftp, path));
            assertArrayEquals(data, Files.readAllBytes(bucketFolder(bucket).resolve(path.substring(1))));
        } finally {
            quit(ftp);
        }
    }

    @Test
    public void passwordsSentRightOrWrongOrOddlyAreNeverLogged() throws Exception {
        assertFalse(FtpSupport.canLogIn("noisy", "noisy-wrong-pw"));
        assertFalse(FtpSupport.canLogIn("nobody", "nobody-pw"));
        assertFalse(FtpSupport.canLogIn("demo", "not-demo-pw"));

        FTPClient ftp = FtpSupport.connect();
        try {
            assertEquals(331, ftp.sendCommand("user noisy"));
            assertEquals("a lower-case pass logs in", 230, ftp.sendCommand("pass noisy-pw"));
        } finally {
            quit(ftp);
        }

        try (var control = new Control()) {
            // what a terminal showing the log would act on: clear the screen
            control.send("USER \u001b[2Jnoisy").reply();
            control.send("USER noisy");
            assertTrue(control.reply().startsWith("331"));
            String tab = control.send("PASS\tnoisy-pw").reply();
            assertTrue("a tab is no separator: " + tab, tab.startsWith("5"));
            control.send("USER noisy").reply();
            control.write("PASS caf\u00e9-pw".getBytes(StandardCharsets.ISO_8859_1));
            assertTrue("a password that is not UTF-8 is refused", control.reply().startsWith("501"));
            control.send("USER noisy").reply();
            control.send("ACCT noisy-account-pw").reply();
            control.send("USER noisy").reply();
            control.send("PASS " + "x".repeat(2_000) + "-pw");
            assertTrue("a password longer than a command line is refused", control.reply().startsWith("500"));
            assertTrue("the session goes on", control.send("USER noisy").reply().startsWith("331"));
        }
        assertTrue("control characters are logged escaped", log().contains("RECEIVED: USER \\u001b[2Jnoisy"));
    }

    @Test
    public void aFailingStorageAnswersWithoutTheSecret() throws Exception {
        FTPClient ftp = login("broken", "broken-pw");
        try {
            FtpSupport.binary(ftp);
            ftp.listFiles("/");
            assertEquals(451, ftp.getReplyCode());
            assertFalse(ftp.retrieveFile("/any.txt", OutputStream.nullOutputStream()));
            assertFalse(put(ftp, "/any.txt", new byte[] {1}));
            assertEquals(451, ftp.getReplyCode());
            assertTrue(ftp.sendCommand("SIZE /any.txt") >= 400);
            assertTrue(ftp.sendCommand("MKD /dir") >= 400);
            assertTrue("the session goes on", ftp.sendNoOp());
        } finally {
            quit(ftp);
        }
        assertTrue(log().contains("COS could not be reached"));
    }

    @Test
    public void refusedFilesDoNotShowTheSecrets() throws Exception {
        // refused whole: the accounts as they were keep working
        writeConfigFile("org.cosftp.users.cfg", Map.of("user.demo.password", "demo", "user.noisy.pasword", "noisy-typo-pw"));
        await("the refusal in the log", Duration.ofSeconds(30), () -> log().contains(
                "org.cosftp.users.cfg: user.noisy.pasword = '…' is not a known key"));

        var bad = environmentStorage(BUCKET, SECRET_KEY);
        bad.put("partSizeMiB", "lots");
        writeConfigFile("org.cosftp.storage-refused.cfg", bad);
        await("the refusal in the log", Duration.ofSeconds(30), () -> log().contains(
                "org.cosftp.storage-refused.cfg: partSizeMiB = 'lots' must be a whole number"));

        // a secret that resolved next to one that did not
        var half = environmentStorage(BUCKET, SECRET_KEY + "$[env:" + UNSET_VARIABLE + "]");
        writeConfigFile("org.cosftp.storage-half.cfg", half);
        await("the refusal in the log", Duration.ofSeconds(30), () -> log().contains(
                "org.cosftp.storage-half.cfg: secretKey names environment variable " + UNSET_VARIABLE));
    }

    /**
     * What {@code service:list} shows an operator, and any bundle may read: no service of cos-ftp has a password
     * or a secret key among its properties, by name or by value.
     */
    @Test
    public void noServiceOfCosFtpCarriesASecretAmongItsProperties() throws Exception {
        applyServerSettings(serverFile("tls.keystorePassword", "keystore-secret-pw"));
        var secret = Pattern.compile("(?i).*(password|secret).*");
        var leaks = new ArrayList<String>();
        int services = 0;
        for (Bundle bundle : context.getBundles()) {
            if (!bundle.getSymbolicName().startsWith("org.cosftp") || bundle.getRegisteredServices() == null) {
                continue;
            }
            for (ServiceReference<?> service : bundle.getRegisteredServices()) {
                services++;
                for (String key : service.getPropertyKeys()) {
                    String value = String.valueOf(service.getProperty(key));
                    if (secret.matcher(key).matches() || value.contains("$pbkdf2") || value.contains("-pw")
                            || value.contains(SECRET_KEY) || value.contains("keystore-secret-pw")) {
                        leaks.add(bundle.getSymbolicName() + " " + service + ": " + key + " = " + value);
                    }
                }
            }
        }
        assertTrue("the users, the server settings, the storages and the monitoring endpoint are services: "
                + services, services >= 4);
        assertTrue("the endpoint with its password is one of them",
                context.getServiceReference("org.cosftp.metrics.MonitoringEndpoint") != null);
        assertTrue(String.join("\n", leaks), leaks.isEmpty());
    }

    /** A control connection written byte by byte, for lines no FTP client library would send. */
    private static final class Control implements AutoCloseable {
        private final Socket socket = new Socket("127.0.0.1", ftpPort());
        private final BufferedReader in;

        Control() throws IOException {
            socket.setSoTimeout(30_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(reply().startsWith("220"));
        }

        Control send(String line) throws IOException {
            return write(line.getBytes(StandardCharsets.UTF_8));
        }

        Control write(byte[] line) throws IOException {
            var bytes = new ByteArrayOutputStream();
            bytes.write(line);
            bytes.write(new byte[] {'\r', '\n'});
            socket.getOutputStream().write(bytes.toByteArray());
            socket.getOutputStream().flush();
            return this;
        }

        /** The last line of the next reply. */
        String reply() throws IOException {
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("the server closed the control connection");
                }
            } while (line.length() < 4 || line.charAt(3) != ' ' || !Character.isDigit(line.charAt(0)));
            return line;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
