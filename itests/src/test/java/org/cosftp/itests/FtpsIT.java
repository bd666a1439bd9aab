package org.cosftp.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;
import javax.net.ssl.SSLSocket;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.util.TrustManagerUtils;
import org.cosftp.storage.ObjectStorage;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.util.Filter;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * FTPS, explicit and implicit, with Commons Net and the real clients operators use (curl, Python's ftplib,
 * openssl, nmap); {@code tls.required}; the operator's own keystore; and no bounce through PORT/EPRT (FtpIT
 * shows anonymous logins refused).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FtpsIT extends CosFtpTestSupport {
    private static final String IMPLICIT_PORT = "cosftp.itest.implicit.port";
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(120);
    /** nmap's ssl-enum-ciphers opens more connections at once than a client may by default. */
    private static final String SCANNER_CONNECTIONS = "256";
    private static final Pattern FINGERPRINT = Pattern.compile("SHA-256 fingerprint ([0-9A-F:]{95})");

    /** Logins need the storage; the tests start once it is there and the listeners are bound. */
    @Inject
    @Filter("(service.pid=org.cosftp.storage~default)")
    private ObjectStorage storage;

    @Before
    public void awaitImplicitListener() throws Exception {
        await("the implicit FTPS listener", Duration.ofSeconds(60), () -> isListening(implicitPort()));
    }

    @Configuration
    public Option[] configuration() {
        String implicitPort = Integer.toString(freePort());
        return distribution(systemProperty(IMPLICIT_PORT).value(implicitPort),
                editConfigurationFilePut("etc/org.cosftp.server.cfg", "tls.implicitPort", implicitPort),
                editConfigurationFilePut("etc/org.cosftp.server.cfg", "maxConnectionsPerIp", SCANNER_CONNECTIONS));
    }

    private static int implicitPort() {
        return Integer.getInteger(IMPLICIT_PORT);
    }

    /** The server file as the distribution under test has it, plus {@code extra} keys and values. */
    private static Map<String, String> server(String... extra) {
        Map<String, String> server = serverFile("tls.implicitPort", Integer.toString(implicitPort()),
                "maxConnectionsPerIp", SCANNER_CONNECTIONS);
        for (int i = 0; i < extra.length; i += 2) {
            server.put(extra[i], extra[i + 1]);
        }
        return server;
    }

    /** An FTPS client that trusts the server's self-signed certificate and shows its TLS session. */
    private static final class Ftps extends FTPSClient {
        Ftps(boolean implicit) {
            super(implicit);
            setTrustManager(TrustManagerUtils.getAcceptAllTrustManager());
            setConnectTimeout(10_000);
            setDefaultTimeout(30_000);
        }

        SSLSocket control() {
            return (SSLSocket) _socket_;
        }
    }

    private static Ftps ftps(boolean implicit, int port) throws IOException {
        var ftp = new Ftps(implicit);
        ftp.connect("127.0.0.1", port);
        ftp.setSoTimeout(30_000);
        ftp.enterLocalPassiveMode();
        return ftp;
    }

    /** Logs in, then protects data connections as RFC 4217 has it. */
    private static Ftps protectedLogin(boolean implicit, int port) throws IOException {
        Ftps ftp = ftps(implicit, port);
        assertTrue(ftp.getReplyString(), ftp.login("demo", "demo"));
        ftp.execPBSZ(0);
        ftp.execPROT("P");
        assertTrue(ftp.setFileType(FTP.BINARY_FILE_TYPE));
        return ftp;
    }

    private static String fingerprint(Certificate certificate) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    private static String loggedFingerprint() throws IOException {
        Matcher matcher = FINGERPRINT.matcher(log());
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        return last;
    }

    private static void uploadAndDownload(FTPClient ftp, String path, byte[] data) throws IOException {
        assertTrue(ftp.getReplyString(), ftp.storeFile(path, new ByteArrayInputStream(data)));
        var out = new ByteArrayOutputStream();
        assertTrue(ftp.getReplyString(), ftp.retrieveFile(path, out));
        assertArrayEquals(data, out.toByteArray());
    }

    @Test
    public void explicitFtpsProtectsControlAndDataWithTheLoggedSelfSignedCertificate() throws Exception {
        Ftps ftp = protectedLogin(false, ftpPort());
        try {
            byte[] data = FtpSupport.random(7 * 1024 * 1024, 41);
            uploadAndDownload(ftp, "/ftps/explicit.bin", data);
            assertArrayEquals("stored as sent", data, Files.readAllBytes(bucketFolder(BUCKET).resolve("ftps/explicit.bin")));
            String protocol = ftp.control().getSession().getProtocol();
            assertTrue(protocol, List.of("TLSv1.3", "TLSv1.2").contains(protocol));
            assertEquals("the fingerprint in the log is the certificate the client sees",
                    loggedFingerprint(), fingerprint(ftp.control().getSession().getPeerCertificates()[0]));
            assertTrue("kept under data/", Files.isRegularFile(
                    Path.of(System.getProperty("karaf.data"), "cosftp", "tls", "self-signed.p12")));
        } finally {
            FtpSupport.quit(ftp);
        }
    }

    @Test
    public void implicitFtpsListenerSpeaksTlsFromTheFirstByte() throws Exception {
        Ftps ftp = protectedLogin(true, implicitPort());
        try {
            uploadAndDownload(ftp, "/ftps/implicit.bin", FtpSupport.random(100_000, 42));
            assertTrue(ftp.control().getSession().isValid());
        } finally {
            FtpSupport.quit(ftp);
        }
    }

    @Test
    public void weakSuitesAndOldProtocolsAreRefused() throws Exception {
        assertOnlyStrongTls();
    }

    /**
     * No CBC, no SHA-1 MAC, no static RSA, nothing older than TLS 1.2: the JDK's client offers such suites one
     * at a time and must be refused, and nmap's own TLS implementation lists what the server accepts, old
     * protocols included.
     */
    private static void assertOnlyStrongTls() throws Exception {
        for (String suite : List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
                "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256")) {
            var ftp = new Ftps(false);
            ftp.setEnabledProtocols(new String[] {"TLSv1.2"});
            ftp.setEnabledCipherSuites(new String[] {suite});
            assertThrows(suite, IOException.class, () -> ftp.connect("127.0.0.1", ftpPort()));
            ftp.disconnect();
        }
        ExternalClient.Result scan = ExternalClient.run(CLIENT_TIMEOUT, "nmap", "-Pn", "-n", "-sV",
                "-p", Integer.toString(ftpPort()), "--script", "ssl-enum-ciphers", "127.0.0.1");
        assertTrue(scan.toString(), scan.output().contains("TLSv1.2:") && scan.output().contains("TLSv1.3:"));
        for (String weak : List.of("SSLv3", "TLSv1.0:", "TLSv1.1:", "_CBC_", "_SHA (", "TLS_RSA_", "_3DES_", "_RC4_")) {
            assertFalse(weak + " offered:\n" + scan, scan.output().contains(weak));
        }
        assertTrue(scan.toString(), scan.output().contains("least strength: A"));
    }

    /**
     * A client that offers the control connection's TLS session on its data connections (as FileZilla, WinSCP
     * and basic-ftp do) resumes it over TLS 1.2, and makes a full handshake over TLS 1.3; both list, upload and
     * download, many files in one session.
     */
    @Test
    public void dataConnectionsResumeTheControlSessionOrHandshakeAnew() throws Exception {
        for (String version : List.of("TLSv1_2", "TLSv1_3")) {
            ExternalClient.Result python = ExternalClient.run(CLIENT_TIMEOUT, "python3", "-c", String.join("\n",
                    "import ftplib, io, ssl",
                    "context = ssl._create_unverified_context()",
                    "context.minimum_version = context.maximum_version = ssl.TLSVersion." + version,
                    "class Resuming(ftplib.FTP_TLS):",
                    "    def ntransfercmd(self, cmd, rest=None):",
                    "        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)",
                    "        conn = self.context.wrap_socket(conn, server_hostname=self.host, session=self.sock.session)",
                    "        print('reused' if conn.session_reused else 'new')",
                    "        return conn, size",
                    "ftp = Resuming(context=context)",
                    "ftp.connect('127.0.0.1', " + ftpPort() + ")",
                    "ftp.login('demo', 'demo')",
                    "ftp.prot_p()",
                    "for i in range(5):",
                    "    name = '/resume/%s-%d.bin' % (context.maximum_version.name, i)",
                    "    ftp.storbinary('STOR ' + name, io.BytesIO(bytes(range(256)) * 4000 * i))",
                    "got = io.BytesIO()",
                    "ftp.retrbinary('RETR /resume/%s-4.bin' % context.maximum_version.name, got.write)",
                    "assert got.getvalue() == bytes(range(256)) * 16000",
                    "print(len(ftp.nlst('/resume')))",
                    "ftp.quit()"));
            assertEquals(python.toString(), 0, python.exitCode());
            String expected = version.equals("TLSv1_2") ? "reused" : "new";
            assertEquals(python.toString(), 7, occurrences(python.output(), expected + "\n"));
            for (int i = 0; i < 5; i++) {
                assertEquals(python.toString(), 1024_000L * i,
                        Files.size(bucketFolder(BUCKET).resolve("resume/" + version + "-" + i + ".bin")));
            }
        }
    }

    @Test
    public void realClientsSpeakExplicitFtps() throws Exception {
        String url = "ftp://demo:demo@127.0.0.1:" + ftpPort();
        Path file = Files.createTempFile("curl-ftps", ".bin");
        Files.write(file, FtpSupport.random(300_000, 43));
        ExternalClient.Result upload = ExternalClient.run(CLIENT_TIMEOUT, "curl", "-sS", "-k", "--ssl-reqd",
                "--ftp-create-dirs", "-T", file.toString(), url + "/curl/up.bin");
        assertEquals(upload.toString(), 0, upload.exitCode());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(bucketFolder(BUCKET).resolve("curl/up.bin")));
        ExternalClient.Result listing = ExternalClient.run(CLIENT_TIMEOUT, "curl", "-sS", "-k", "--ssl-reqd", "-l",
                url + "/curl/");
        assertEquals(listing.toString(), "up.bin", listing.output().trim());

        ExternalClient.Result python = ExternalClient.run(CLIENT_TIMEOUT, "python3", "-c", String.join("\n",
                "import ftplib, io, ssl, sys",
                "context = ssl.create_default_context()",
                "context.check_hostname = False",
                "context.verify_mode = ssl.CERT_NONE",
                "ftp = ftplib.FTP_TLS(context=context)",
                "ftp.connect('127.0.0.1', " + ftpPort() + ")",
                "ftp.login('demo', 'demo')",
                "ftp.prot_p()",
                "ftp.storbinary('STOR /python/tls.txt', io.BytesIO(b'over tls'))",
                "got = io.BytesIO()",
                "ftp.retrbinary('RETR /python/tls.txt', got.write)",
                "print(ftp.sock.version(), got.getvalue().decode(), ftp.nlst('/python'))",
                "ftp.quit()"));
        assertEquals(python.toString(), 0, python.exitCode());
        assertTrue(python.toString(), python.output().matches("(?s)TLSv1\\.[23] over tls \\['tls.txt'\\]\\s*"));

        ExternalClient.Result openssl = ExternalClient.run(CLIENT_TIMEOUT, "sh", "-c",
                "echo QUIT | openssl s_client -starttls ftp -connect 127.0.0.1:" + ftpPort() + " -brief");
        assertTrue(openssl.toString(), openssl.output().contains("CONNECTION ESTABLISHED"));
        assertTrue(openssl.toString(), openssl.output().contains("Protocol version: TLSv1.3"));
        assertTrue(openssl.toString(), openssl.output().contains("Signature type: ECDSA"));
    }

    @Test
    public void nmapFindsNoAnonymousLoginAndNoBounce() throws Exception {
        ExternalClient.Result scan = ExternalClient.run(CLIENT_TIMEOUT, "nmap", "-Pn", "-n", "-sV",
                "-p", Integer.toString(ftpPort()), "--script", "ftp-anon,ftp-bounce", "--script-args",
                "ftp-bounce.checkhost=127.0.0.2,ftp-bounce.username=demo,ftp-bounce.password=demo", "127.0.0.1");
        assertEquals(scan.toString(), 0, scan.exitCode());
        assertTrue("the scan reached the server:\n" + scan, scan.output().contains(ftpPort() + "/tcp open"));
        // a script's findings are the lines under the port that start with '|'
        assertFalse("ftp-anon reports:\n" + scan, scan.output().matches("(?s).*\\n\\|[ _]ftp-anon.*"));
        assertFalse("ftp-bounce reports:\n" + scan, scan.output().matches("(?s).*\\n\\|[ _]ftp-bounce.*"));
    }

    @Test
    public void bouncesAreRefused() throws Exception {
        FTPClient ftp = FtpSupport.login("demo", "demo");
        try {
            assertEquals("a privileged port of the client itself", 501, ftp.sendCommand("PORT", "127,0,0,1,0,25"));
            assertEquals(501, ftp.sendCommand("EPRT", "|1|127.0.0.1|80|"));
            assertEquals("another host", 501, ftp.sendCommand("PORT", "127,0,0,2,200,80"));
            assertEquals(501, ftp.sendCommand("EPRT", "|1|127.0.0.2|51280|"));
            assertEquals("the client's own high port", 200, ftp.sendCommand("PORT", "127,0,0,1,200,80"));
        } finally {
            FtpSupport.quit(ftp);
        }
    }

    @Test
    public void activeModeCanBeTurnedOff() throws Exception {
        try {
            applyServerSettings(server("activeEnabled", "false"));
            FTPClient ftp = FtpSupport.login("demo", "demo");
            try {
                assertEquals(501, ftp.sendCommand("PORT", "127,0,0,1,200,80"));
                assertEquals(501, ftp.sendCommand("EPRT", "|1|127.0.0.1|51280|"));
                assertTrue("passive still works", FtpSupport.put(ftp, "/ftps/passive.txt", new byte[] {7}));
            } finally {
                FtpSupport.quit(ftp);
            }
        } finally {
            applyServerSettings(server());
        }
    }

    @Test
    public void tlsRequiredRefusesPlainLoginsAndUnprotectedData() throws Exception {
        try {
            applyServerSettings(server("tls.required", "true"));
            FTPClient plain = FtpSupport.connect();
            try {
                assertFalse(plain.login("demo", "demo"));
                assertEquals(530, plain.getReplyCode());
                assertTrue(plain.getReplyString(), plain.getReplyString().contains("AUTH TLS"));
            } finally {
                plain.disconnect();
            }

            Ftps clear = ftps(false, ftpPort());
            try {
                assertTrue(clear.login("demo", "demo"));
                assertFalse("an upload over a clear data connection", clear.storeFile("/ftps/clear.txt",
                        new ByteArrayInputStream(new byte[] {1})));
                assertEquals(521, clear.getReplyCode());
                assertFalse(Files.exists(bucketFolder(BUCKET).resolve("ftps/clear.txt")));
                clear.execPBSZ(0);
                clear.execPROT("P");
                uploadAndDownload(clear, "/ftps/required.txt", new byte[] {2, 3});
            } finally {
                FtpSupport.quit(clear);
            }

            String url = "ftp://demo:demo@127.0.0.1:" + ftpPort() + "/ftps/";
            ExternalClient.Result refused = ExternalClient.run(CLIENT_TIMEOUT, "curl", "-sS", "-l", url);
            assertNotEquals(refused.toString(), 0, refused.exitCode());
            ExternalClient.Result listed = ExternalClient.run(CLIENT_TIMEOUT, "curl", "-sS", "-k", "--ssl-reqd",
                    "-l", url);
            assertEquals(listed.toString(), 0, listed.exitCode());
            assertTrue(listed.toString(), listed.output().contains("required.txt"));
        } finally {
            applyServerSettings(server());
        }
    }

    @Test
    public void theOperatorsKeystoreIsServedAndABadOneKeepsTheLastGood() throws Exception {
        Path keystore = Path.of(System.getProperty("karaf.etc"), "ftps-test.p12");
        Files.deleteIfExists(keystore);
        ExternalClient.Result keytool = ExternalClient.run(CLIENT_TIMEOUT,
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "operator-secret",
                "-alias", "ftp", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=ftp.example.com",
                "-validity", "30");
        assertEquals(keytool.toString(), 0, keytool.exitCode());
        String expected;
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, "operator-secret".toCharArray());
            expected = fingerprint(store.getCertificate("ftp"));
        }
        try {
            applyServerSettings(server("tls.keystore", "etc/ftps-test.p12", "tls.keystorePassword", "operator-secret"));
            assertEquals(expected, servedFingerprint());
            assertOnlyStrongTls();

            applyConfigFile("org.cosftp.server.cfg", server("tls.keystore", "etc/ftps-test.p12",
                    "tls.keystorePassword", "not-the-password"), "server configuration refused");
            assertTrue(log().contains("tls.keystore = 'etc/ftps-test.p12' cannot be opened as PKCS12"));
            assertEquals("the last good keystore keeps serving", expected, servedFingerprint());
            assertFalse("no password in the log", log().contains("operator-secret") || log().contains("not-the-password"));
        } finally {
            applyServerSettings(server());
        }
        assertNotEquals("the self-signed certificate is back", expected, servedFingerprint());
    }

    private static String servedFingerprint() throws Exception {
        Ftps ftp = ftps(false, ftpPort());
        try {
            return fingerprint(ftp.control().getSession().getPeerCertificates()[0]);
        } finally {
            ftp.disconnect();
        }
    }
}
