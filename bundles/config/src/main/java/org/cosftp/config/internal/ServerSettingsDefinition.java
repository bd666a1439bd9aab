package org.cosftp.config.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The keys of {@code etc/org.cosftp.server.cfg} as the metatype shows them to operators (the web console,
 * {@code config:} completion), with their defaults: the file is read with these defaults
 * ({@link ServerSettingsReader#DEFAULTS}), so that each is written once.
 */
@ObjectClassDefinition(name = "cos-ftp server", description = "The FTP listener of cos-ftp.")
@interface ServerSettingsDefinition {
    @AttributeDefinition(name = "Host", description = "Address to bind; 0.0.0.0 for all.")
    String host() default "0.0.0.0";

    @AttributeDefinition(name = "Port", min = "0", max = "65535", description = "Control port; 0 for any free "
            + "port, which the log and cosftp:status show.")
    int port() default 2121;

    @AttributeDefinition(name = "Passive ports", description = "Passive data ports, such as 60000-60599.")
    String passivePorts() default "60000-60599";

    @AttributeDefinition(name = "Passive address", required = false,
            description = "Address announced in PASV replies, for NAT; empty for the control connection's.")
    String passiveAddress() default "";

    @AttributeDefinition(name = "Max logins", min = "1", description = "Sessions logged in at once.")
    int maxLogins() default 512;

    @AttributeDefinition(name = "Idle timeout (s)", min = "0",
            description = "Idle control connections are closed after this long; 0 never.")
    int idleTimeoutSeconds() default 300;

    @AttributeDefinition(name = "Active mode", description = "Whether clients may open active-mode data "
            + "connections (PORT, EPRT); even then only to the client's own address and ports from 1024.")
    boolean activeEnabled() default true;

    // A killed client's control connection closes in the same moment as its data (0 ms later in every trial
    // here); a Python ftplib client stopped with Ctrl-C closes the data first and the control connection 3 to
    // 5 ms later on a quiet machine, as the interpreter exits, and more than 20 ms later on a busy one (two cores
    // running Karaf, the test and the client). 50 ms leaves room beyond that.
    @AttributeDefinition(name = "Upload commit delay (ms)", min = "0", max = "1000", description = "How long "
            + "an upload waits after the client's last byte for a sign that the client went away (a killed "
            + "client's upload ends like a finished one) before it is stored; each upload costs this long.")
    int uploadCommitDelayMillis() default 50;

    @AttributeDefinition(name = "Drain (s)", min = "0", max = "86400", description = "After a change of host, "
            + "port or TLS keys, the new listener serves new connections at once; the sessions of the old "
            + "one go on for up to this long, then they are closed.")
    int drainSeconds() default 300;

    @AttributeDefinition(name = "Shutdown grace (s)", min = "0", max = "3600", description = "When cos-ftp "
            + "stops, running transfers may finish for up to this long; new logins get 421; the rest are "
            + "aborted, leaving nothing half-written.")
    int shutdownGraceSeconds() default 30;

    @AttributeDefinition(name = "FTPS", description = "Offer AUTH TLS (explicit FTPS) on the control port.")
    boolean tls_enabled() default true;

    @AttributeDefinition(name = "FTPS required", description = "Refuse USER/PASS before AUTH TLS, and "
            + "transfers and listings before PROT P.")
    boolean tls_required() default false;

    @AttributeDefinition(name = "Implicit FTPS port", min = "0", max = "65535",
            description = "Port of an implicit FTPS listener (TLS from the first byte); 0 for none.")
    int tls_implicitPort() default 0;

    @AttributeDefinition(name = "Keystore", required = false, description = "PKCS12 file with the server's "
            + "key and certificate; empty: a self-signed certificate generated on first start under data/.")
    String tls_keystore() default "";

    @AttributeDefinition(name = "Keystore password", required = false, type = AttributeType.PASSWORD,
            description = "Password of the keystore.")
    String tls_keystorePassword() default "";

    // login guard: connection limits, login timeout, bans after failed logins

    @AttributeDefinition(name = "Max connections", min = "1",
            description = "Control connections open at once, from all clients; more get 421.")
    int maxConnections() default 1024;

    @AttributeDefinition(name = "Max connections per address", min = "1",
            description = "Control connections open at once from one address; more get 421.")
    int maxConnectionsPerIp() default 16;

    @AttributeDefinition(name = "Login timeout (s)", min = "0",
            description = "A client that has not logged in this long after connecting is closed; 0 never.")
    int loginTimeoutSeconds() default 30;

    @AttributeDefinition(name = "Login failure delay (ms)", min = "0",
            description = "Wait before answering a failed login, without holding a thread.")
    int loginFailureDelayMillis() default 1000;

    @AttributeDefinition(name = "Ban after failures", min = "0",
            description = "Failed logins from one address within the window that ban it; 0 never bans.")
    int ban_maxFailures() default 5;

    @AttributeDefinition(name = "Ban window (s)", min = "1", description = "Time over which failures count.")
    int ban_windowSeconds() default 600;

    @AttributeDefinition(name = "Ban time (s)", min = "1", description = "Length of an address's first ban.")
    int ban_timeSeconds() default 600;

    @AttributeDefinition(name = "Longest ban (s)", min = "1",
            description = "Each further ban of an address doubles up to this; clean this long, it starts over.")
    int ban_maxTimeSeconds() default 86400;

    @AttributeDefinition(name = "Never banned", required = false,
            description = "Addresses and networks never banned, comma-separated: 192.0.2.7, 10.0.0.0/8, fd00::/8.")
    String ban_exempt() default "";
}

