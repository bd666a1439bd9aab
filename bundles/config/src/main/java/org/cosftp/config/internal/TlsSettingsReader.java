package org.cosftp.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

import org.cosftp.config.reader.ConfigurationReader;
import org.cosftp.config.TlsSettings;

/**
 * Reads the {@code tls.*} keys of the server file. An operator's keystore is opened here, so that a wrong path
 * or password is refused with the file's other changes and the last good settings keep serving, rather than
 * failing at the next bind.
 */
final class TlsSettingsReader {
    private TlsSettingsReader() {
    }

    static TlsSettings read(ConfigurationReader reader, int port) {
        boolean enabled = reader.bool("tls.enabled", ServerSettingsReader.DEFAULTS.tls_enabled());
        boolean required = reader.bool("tls.required", ServerSettingsReader.DEFAULTS.tls_required());
        int implicitPort = reader.integer("tls.implicitPort", ServerSettingsReader.DEFAULTS.tls_implicitPort(), 0, 65535);
        if (implicitPort != 0 && implicitPort == port) {
            throw reader.invalid("tls.implicitPort", Integer.toString(implicitPort), "must differ from port");
        }
        if (required && !enabled) {
            throw reader.invalid("tls.required", "true", "needs tls.enabled = true");
        }
        if (implicitPort > 0 && !enabled) {
            throw reader.invalid("tls.implicitPort", Integer.toString(implicitPort), "needs tls.enabled = true");
        }
        String keystore = reader.string("tls.keystore", ServerSettingsReader.DEFAULTS.tls_keystore());
        String password = reader.string("tls.keystorePassword", ServerSettingsReader.DEFAULTS.tls_keystorePassword());
        if (!keystore.isEmpty()) {
            keystore = checkKeystore(reader, keystore, password);
        }
        return new TlsSettings(enabled, required, implicitPort, keystore, password);
    }

    static String describe(TlsSettings tls) {
        if (!tls.enabled()) {
            return "FTPS off";
        }
        return "FTPS " + (tls.required() ? "required" : "offered")
                + (tls.implicitPort() > 0 ? ", implicit FTPS on port " + tls.implicitPort() : "")
                + (tls.keystore().isEmpty() ? ", self-signed certificate" : ", keystore " + tls.keystore());
    }

    /**
     * Opens the PKCS12 file at {@code location} (relative paths are taken from Karaf's base folder) and checks
     * that it holds a private key.
     *
     * @return the absolute path of the keystore
     */
    private static String checkKeystore(ConfigurationReader reader, String location, String password) {
        if (password.isEmpty()) {
            throw reader.invalid("tls.keystorePassword", "", "must be set when tls.keystore is");
        }
        Path file = resolve(location);
        if (!Files.isReadable(file)) {
            throw reader.invalid("tls.keystore", location, "cannot be read (looked for " + file + ")");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            keystore.load(in, password.toCharArray());
            for (String alias : Collections.list(keystore.aliases())) {
                if (keystore.isKeyEntry(alias)) {
                    return file.toString();
                }
            }
            throw reader.invalid("tls.keystore", location, "holds no private key");
        } catch (IOException | GeneralSecurityException e) {
            // the message of a wrong password names no secret, but the cause may be long; keep the first line
            throw reader.invalid("tls.keystore", location, "cannot be opened as PKCS12 with tls.keystorePassword: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName()));
        }
    }

    private static Path resolve(String location) {
        Path path = Path.of(location);
        return path.isAbsolute() ? path : Path.of(System.getProperty("karaf.base", ".")).resolve(path).normalize();
    }
}
