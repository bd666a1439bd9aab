package org.cosftp.metrics.internal.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The keys of {@code etc/org.cosftp.monitoring.cfg} as the metatype shows them to operators, with their
 * defaults: the file is read with these defaults ({@link MonitoringSettings#DEFAULTS}), so that each is
 * written once.
 */
@ObjectClassDefinition(name = "cos-ftp monitoring", description = "The HTTP endpoint of cos-ftp's Prometheus "
        + "metrics (/metrics), liveness (/livez) and readiness (/readyz).")
@interface MonitoringDefinition {
    @AttributeDefinition(name = "Enabled", description = "Whether the endpoint listens, and cos-ftp counts for it.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Host", description = "Address to bind: loopback by default; 0.0.0.0 for all.")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", min = "0", max = "65535",
            description = "Port; 0 for any free port, which the log and cosftp:status show.")
    int port() default 2180;

    @AttributeDefinition(name = "User name", required = false,
            description = "With a password: /metrics asks for HTTP basic authentication. The probes never do.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "The user's password: a hash of cosftp:hash-password, or plaintext.")
    String password() default "";

    @AttributeDefinition(name = "TLS keystore", required = false,
            description = "A PKCS12 or JKS keystore with the endpoint's key and certificate: HTTPS instead of "
                    + "HTTP. Relative to Karaf's home.")
    String tls_keystore() default "";

    @AttributeDefinition(name = "TLS keystore password", type = AttributeType.PASSWORD, required = false)
    String tls_keystorePassword() default "";

    @AttributeDefinition(name = "Readiness check (s)", min = "1", max = "3600", description = "How often each "
            + "storage's bucket is checked; ready needs a successful check within three times this.")
    int readinessCheckSeconds() default 15;
}
