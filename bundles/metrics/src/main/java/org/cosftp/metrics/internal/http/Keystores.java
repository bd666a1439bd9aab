package org.cosftp.metrics.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The TLS context of HTTPS, from a PKCS12 or JKS keystore (the type is told by the file's content). */
final class Keystores {
    private Keystores() {
    }

    static SSLContext context(Path keystore, String password) throws IOException {
        char[] secret = password.toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            // since Java 9, the PKCS12 keystore reads JKS files too
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, secret);
            var managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("the keystore " + keystore + " cannot be read: " + e.getMessage(), e);
        }
    }
}
