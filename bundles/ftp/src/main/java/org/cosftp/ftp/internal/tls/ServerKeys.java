package org.cosftp.ftp.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;

import javax.net.ssl.KeyManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.cosftp.config.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS key and certificate: the operator's PKCS12 keystore, or else a self-signed certificate made
 * once and kept under Karaf's data folder, so that FTPS works from the first start and clients that pin the
 * certificate keep trusting it across restarts. Its SHA-256 fingerprint is logged for clients to check.
 */
public final class ServerKeys {
    private static final Logger LOG = LoggerFactory.getLogger(ServerKeys.class);
    /** The self-signed keystore is protected by its file's permissions; the password is only PKCS12's format. */
    private static final char[] SELF_SIGNED_PASSWORD = "cos-ftp".toCharArray();
    private static final String ALIAS = "cos-ftp";

    private final KeyManagerFactory keyManagers;
    /** SHA-256 of the certificate, as colon-separated hex pairs (the form FTP clients show). */
    private final String fingerprint;

    private ServerKeys(KeyManagerFactory keyManagers, String fingerprint) {
        this.keyManagers = keyManagers;
        this.fingerprint = fingerprint;
    }

    /** The key managers of the operator's keystore, or of the self-signed one (made if missing). */
    public static ServerKeys load(TlsSettings tls) throws IOException, GeneralSecurityException {
        if (!tls.keystore().isEmpty()) {
            ServerKeys keys = open(Path.of(tls.keystore()), tls.keystorePassword().toCharArray());
            LOG.info("FTPS certificate from {}: SHA-256 fingerprint {}", tls.keystore(), keys.fingerprint);
            return keys;
        }
        Path file = selfSignedFile();
        boolean generated = !Files.exists(file);
        if (generated) {
            createSelfSigned(file);
        }
        ServerKeys keys = open(file, SELF_SIGNED_PASSWORD);
        LOG.info("FTPS certificate {}: SHA-256 fingerprint {}",
                (generated ? "generated, self-signed, in " : "self-signed, from ") + file, keys.fingerprint);
        return keys;
    }

    KeyManagerFactory keyManagers() {
        return keyManagers;
    }

    private static Path selfSignedFile() {
        return Path.of(System.getProperty("karaf.data", "data"), "cosftp", "tls", "self-signed.p12");
    }

    private static ServerKeys open(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keystore.load(in, password);
        }
        for (String alias : Collections.list(keystore.aliases())) {
            if (keystore.isKeyEntry(alias)) {
                var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(keystore, password);
                return new ServerKeys(keyManagers, fingerprint(keystore.getCertificate(alias)));
            }
        }
        throw new GeneralSecurityException(file + " holds no private key");
    }

    private static String fingerprint(Certificate certificate) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    /** An ECDSA P-256 key and a certificate for this host's name, localhost and loopback, valid ten years. */
    private static void createSelfSigned(Path file) throws IOException, GeneralSecurityException {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair pair = generator.generateKeyPair();
        String host = hostName();
        var subject = new X500Name("CN=" + host + ",O=cos-ftp");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(127, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(3650))), subject, pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, host), new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.iPAddress, "::1")}));
        X509Certificate certificate;
        try {
            certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the self-signed certificate", e);
        }
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        keystore.load(null, null);
        keystore.setKeyEntry(ALIAS, pair.getPrivate(), SELF_SIGNED_PASSWORD, new Certificate[] {certificate});

        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            keystore.store(out, SELF_SIGNED_PASSWORD);
        }
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data folder's own permissions apply
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.matches("[A-Za-z0-9.-]{1,253}") ? name : "localhost";
        } catch (IOException unknown) {
            return "localhost";
        }
    }
}
