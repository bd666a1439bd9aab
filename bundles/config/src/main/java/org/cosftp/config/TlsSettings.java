package org.cosftp.config;

/**
 * FTPS settings of the FTP listener, the {@code tls.*} keys of {@code etc/org.cosftp.server.cfg}.
 *
 * @param enabled whether AUTH TLS is offered on the control port (explicit FTPS)
 * @param required whether clients must secure the control connection before USER/PASS, and protect data
 *        connections with PROT P before any transfer or listing
 * @param implicitPort the port of an implicit FTPS listener (TLS from the first byte); 0 for none
 * @param keystore the PKCS12 file holding the server's key and certificate; empty for a self-signed certificate
 *        generated on first start
 * @param keystorePassword the password of {@code keystore}; never logged
 */
public record TlsSettings(boolean enabled, boolean required, int implicitPort, String keystore,
        String keystorePassword) {

    /** Never shows the keystore password. */
    @Override
    public String toString() {
        return "TlsSettings[enabled=" + enabled + ", required=" + required + ", implicitPort=" + implicitPort
                + ", keystore=" + (keystore.isEmpty() ? "self-signed" : keystore) + "]";
    }
}
