package org.cosftp.config.internal;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.cosftp.config.reader.ConfigurationReader;
import org.cosftp.config.ServerConfiguration;
import org.cosftp.config.ServerSettings;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FTP listener settings from {@code etc/org.cosftp.server.cfg}; defaults apply without the file. A file
 * refused from the start gives no settings at all, so that nothing listens on values the operator did not
 * choose (such as {@code host = 0.0.0.0} where the file says 127.0.0.1) until it is fixed. The service is a
 * {@link Publication}, so that the keystore's password is not among its properties.
 */
// registered by Publication rather than by DS: the capability DS would have declared, for the resolver
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.cosftp.config.ServerConfiguration")
@Component(service = {}, configurationPid = ServerConfigurationComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = ServerConfigurationComponent.Config.class)
public final class ServerConfigurationComponent implements ServerConfiguration {
    static final String PID = "org.cosftp.server";
    /**
     * A killed client's control connection closes in the same moment as its data (0 ms later in every trial
     * here); a Python ftplib client stopped with Ctrl-C closes the data first and the control connection 3 to
     * 5 ms later, as the interpreter exits. Four times that leaves room for a busy machine.
     */
    static final int DEFAULT_UPLOAD_COMMIT_DELAY_MILLIS = 20;
    static final int DEFAULT_DRAIN_SECONDS = 300;
    static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(ServerConfigurationComponent.class);
    private static final Pattern PORT_RANGES = Pattern.compile("\\d{1,5}(-\\d{1,5})?(,\\s*\\d{1,5}(-\\d{1,5})?)*");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\-\\[\\]%]+");

    /** The FTP listener. */
    @ObjectClassDefinition(name = "cos-ftp server", description = "The FTP listener of cos-ftp.")
    @interface Config {
        @AttributeDefinition(name = "Host", description = "Address to bind; 0.0.0.0 for all.")
        String host() default "0.0.0.0";

        @AttributeDefinition(name = "Port", min = "1", max = "65535", description = "Control port.")
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

        @AttributeDefinition(name = "Upload commit delay (ms)", min = "0", max = "1000", description = "How long "
                + "an upload waits after the client's last byte for a sign that the client went away (a killed "
                + "client's upload ends like a finished one) before it is stored; each upload costs this long.")
        int uploadCommitDelayMillis() default DEFAULT_UPLOAD_COMMIT_DELAY_MILLIS;

        @AttributeDefinition(name = "Drain (s)", min = "0", max = "86400", description = "After a change of host, "
                + "port or TLS keys, the new listener serves new connections at once; the sessions of the old "
                + "one go on for up to this long, then they are closed.")
        int drainSeconds() default DEFAULT_DRAIN_SECONDS;

        @AttributeDefinition(name = "Shutdown grace (s)", min = "0", max = "3600", description = "When cos-ftp "
                + "stops, running transfers may finish for up to this long; new logins get 421; the rest are "
                + "aborted, leaving nothing half-written.")
        int shutdownGraceSeconds() default DEFAULT_SHUTDOWN_GRACE_SECONDS;

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

    /**
     * The defaults of {@link Config}, which the metatype shows operators: the file is read with these, so that
     * each default is written once.
     */
    static final Config DEFAULTS = defaults(Config.class);

    /** Empty while no good settings were read. */
    private volatile Optional<ServerSettings> settings = Optional.empty();
    private Publication<ServerConfiguration> publication;

    @Activate
    private void activate(BundleContext context, Map<String, Object> properties) {
        configure(properties);
        publication = new Publication<>(context, ServerConfiguration.class, this, PID);
    }

    @Modified
    private void configure(Map<String, Object> properties) {
        settings = parseOrKeep(properties, settings);
        if (publication != null) {
            publication.changed();
        }
    }

    @Deactivate
    private void deactivate() {
        publication.withdraw();
    }

    private static Optional<ServerSettings> parseOrKeep(Map<String, Object> properties,
            Optional<ServerSettings> lastGood) {
        try {
            ServerSettings parsed = parse(properties);
            LOG.info("FTP listener settings: {}:{}, passive ports {}{}, at most {} logins, idle timeout {} s, "
                    + "active mode {}, upload commit delay {} ms, drain {} s, shutdown grace {} s, {}",
                    parsed.host(), parsed.port(), parsed.passivePorts(), parsed.passiveAddress().isEmpty() ? ""
                    : " announced as " + parsed.passiveAddress(), parsed.maxLogins(), parsed.idleTimeoutSeconds(),
                    parsed.activeEnabled() ? "on" : "off", parsed.uploadCommitDelayMillis(), parsed.drainSeconds(),
                    parsed.shutdownGraceSeconds(), TlsSettingsReader.describe(parsed.tls()));
            LOG.info("Login guard: {}", LoginGuardSettingsReader.describe(parsed.guard()));
            return Optional.of(parsed);
        } catch (IllegalArgumentException e) {
            if (lastGood.isPresent()) {
                LOG.error("server configuration refused, the last good one keeps running: {}", e.getMessage());
            } else {
                LOG.error("server configuration refused; the FTP server does not listen until it is fixed: {}",
                        e.getMessage());
            }
            return lastGood;
        }
    }

    static ServerSettings parse(Map<String, ?> properties) {
        var reader = new ConfigurationReader(properties, PID);
        String host = reader.string("host", DEFAULTS.host());
        if (!HOST.matcher(host).matches()) {
            throw reader.invalid("host", host, "must be an address or a host name");
        }
        int port = reader.integer("port", DEFAULTS.port(), 1, 65535);
        String passivePorts = reader.string("passivePorts", DEFAULTS.passivePorts());
        if (!PORT_RANGES.matcher(passivePorts).matches()) {
            throw reader.invalid("passivePorts", passivePorts, "must be ports and ranges such as 60000-60100");
        }
        checkPassivePorts(reader, passivePorts);
        String passiveAddress = reader.string("passiveAddress", DEFAULTS.passiveAddress());
        if (!passiveAddress.isEmpty() && !HOST.matcher(passiveAddress).matches()) {
            throw reader.invalid("passiveAddress", passiveAddress, "must be an address or a host name");
        }
        return new ServerSettings(host, port, passivePorts, passiveAddress,
                reader.integer("maxLogins", DEFAULTS.maxLogins(), 1, 100_000),
                reader.integer("idleTimeoutSeconds", DEFAULTS.idleTimeoutSeconds(), 0, 86_400),
                reader.bool("activeEnabled", DEFAULTS.activeEnabled()),
                reader.integer("uploadCommitDelayMillis", DEFAULTS.uploadCommitDelayMillis(), 0, 1000),
                reader.integer("drainSeconds", DEFAULTS.drainSeconds(), 0, 86_400),
                reader.integer("shutdownGraceSeconds", DEFAULTS.shutdownGraceSeconds(), 0, 3600),
                TlsSettingsReader.read(reader, port),
                LoginGuardSettingsReader.read(reader));
    }

    /** Refuses ports that cannot be bound and ranges that hold none, which FtpServer would only find at a PASV. */
    private static void checkPassivePorts(ConfigurationReader reader, String passivePorts) {
        for (String item : passivePorts.split(",")) {
            String[] range = item.trim().split("-");
            int first = Integer.parseInt(range[0]);
            int last = Integer.parseInt(range[range.length - 1]);
            if (last > 65535) {
                throw reader.invalid("passivePorts", passivePorts, "has a port above 65535 in '" + item.trim() + "'");
            }
            if (first > last) {
                throw reader.invalid("passivePorts", passivePorts, "has a range that ends before it starts: '"
                        + item.trim() + "'");
            }
            if (first == 0 && range.length > 1) {
                throw reader.invalid("passivePorts", passivePorts, "has port 0 (any free port) in a range: '"
                        + item.trim() + "'; give 0 on its own");
            }
        }
    }

    /** An instance of a configuration type whose every method answers its default. */
    static <A> A defaults(Class<A> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, arguments) -> {
                    if (method.getDeclaringClass() != type) {
                        throw new UnsupportedOperationException(method.getName() + " of the defaults of " + type);
                    }
                    return method.getDefaultValue();
                }));
    }

    @Override
    public Optional<ServerSettings> settings() {
        return settings;
    }
}
