package org.cosftp.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

import org.cosftp.config.ConfigurationReader;

/**
 * Checks an operator's keystore when the server file is read, so that a wrong path or password is refused
 * with the file's other changes and the last good settings keep serving, rather than failing at the next bind.
 */
final class Keystores {
    private Keystores() {
    }

    /**
     * Opens the PKCS12 file at {@code location} (relative paths are taken from Karaf's base folder) and checks
     * that it holds a private key.
     *
     * @return the absolute path of the keystore
     */
    static String check(ConfigurationReader reader, String location, String password) {
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

    static Path resolve(String location) {
        Path path = Path.of(location);
        return path.isAbsolute() ? path : Path.of(System.getProperty("karaf.base", ".")).resolve(path).normalize();
    }
}
