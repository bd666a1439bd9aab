package org.cosftp.config.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.cosftp.config.ConfigurationReader;
import org.cosftp.config.LoginGuardSettings;
import org.cosftp.config.ServerConfiguration;
import org.cosftp.config.ServerSettings;
import org.cosftp.config.TlsSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The FTP listener settings from {@code etc/org.cosftp.server.cfg}; defaults apply without the file. */
@Component(service = ServerConfiguration.class, configurationPid = ServerConfigurationComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = ServerConfigurationComponent.Config.class)
public final class ServerConfigurationComponent implements ServerConfiguration {
    static final String PID = "org.cosftp.server";
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

        @AttributeDefinition(name = "Passive ports", description = "Passive data ports, such as 60000-60100.")
        String passivePorts() default "60000-60100";

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

    private volatile ServerSettings settings;

    @Activate
    private void activate(Map<String, Object> properties) {
        settings = parseOrKeep(properties, defaults());
    }

    @Modified
    private void modified(Map<String, Object> properties) {
        settings = parseOrKeep(properties, settings);
    }

    private static ServerSettings defaults() {
        return parse(Map.of());
    }

    private static ServerSettings parseOrKeep(Map<String, Object> properties, ServerSettings lastGood) {
        try {
            ServerSettings parsed = parse(properties);
            LOG.info("FTP listener settings: {}:{}, passive ports {}{}, at most {} logins, idle timeout {} s, "
                    + "active mode {}, {}", parsed.host(), parsed.port(), parsed.passivePorts(),
                    parsed.passiveAddress().isEmpty() ? "" : " announced as " + parsed.passiveAddress(),
                    parsed.maxLogins(), parsed.idleTimeoutSeconds(), parsed.activeEnabled() ? "on" : "off",
                    describe(parsed.tls()));
            LoginGuardSettings guard = parsed.guard();
            LOG.info("Login guard: at most {} connections, {} per address; login within {} s; refusals after {} ms; "
                    + "{} failures in {} s ban an address for {} s, doubling up to {} s{}", guard.maxConnections(),
                    guard.maxConnectionsPerIp(), guard.loginTimeoutSeconds(), guard.loginFailureDelayMillis(),
                    guard.banMaxFailures(), guard.banWindowSeconds(), guard.banTimeSeconds(),
                    guard.banMaxTimeSeconds(), guard.banExempt().isEmpty() ? "" : "; never banned: "
                            + String.join(", ", guard.banExempt()));
            return parsed;
        } catch (IllegalArgumentException e) {
            LOG.error("server configuration refused, the last good one keeps running: {}", e.getMessage());
            return lastGood;
        }
    }

    static ServerSettings parse(Map<String, ?> properties) {
        var reader = new ConfigurationReader(properties, PID);
        String host = reader.string("host", "0.0.0.0");
        if (!HOST.matcher(host).matches()) {
            throw reader.invalid("host", host, "must be an address or a host name");
        }
        int port = reader.integer("port", 2121, 1, 65535);
        String passivePorts = reader.string("passivePorts", "60000-60100");
        if (!PORT_RANGES.matcher(passivePorts).matches()) {
            throw reader.invalid("passivePorts", passivePorts, "must be ports and ranges such as 60000-60100");
        }
        String passiveAddress = reader.string("passiveAddress", "");
        if (!passiveAddress.isEmpty() && !HOST.matcher(passiveAddress).matches()) {
            throw reader.invalid("passiveAddress", passiveAddress, "must be an address or a host name");
        }
        return new ServerSettings(host, port, passivePorts, passiveAddress,
                reader.integer("maxLogins", 512, 1, 100_000),
                reader.integer("idleTimeoutSeconds", 300, 0, 86_400),
                reader.bool("activeEnabled", true), parseTls(reader, port), parseGuard(reader));
    }

    private static TlsSettings parseTls(ConfigurationReader reader, int port) {
        boolean enabled = reader.bool("tls.enabled", true);
        boolean required = reader.bool("tls.required", false);
        int implicitPort = reader.integer("tls.implicitPort", 0, 0, 65535);
        if (implicitPort == port) {
            throw reader.invalid("tls.implicitPort", Integer.toString(implicitPort), "must differ from port");
        }
        if (required && !enabled) {
            throw reader.invalid("tls.required", "true", "needs tls.enabled = true");
        }
        if (implicitPort > 0 && !enabled) {
            throw reader.invalid("tls.implicitPort", Integer.toString(implicitPort), "needs tls.enabled = true");
        }
        String keystore = reader.string("tls.keystore", "");
        String password = reader.string("tls.keystorePassword", "");
        if (!keystore.isEmpty()) {
            keystore = Keystores.check(reader, keystore, password);
        }
        return new TlsSettings(enabled, required, implicitPort, keystore, password);
    }

    private static String describe(TlsSettings tls) {
        if (!tls.enabled()) {
            return "FTPS off";
        }
        return "FTPS " + (tls.required() ? "required" : "offered")
                + (tls.implicitPort() > 0 ? ", implicit FTPS on port " + tls.implicitPort() : "")
                + (tls.keystore().isEmpty() ? ", self-signed certificate" : ", keystore " + tls.keystore());
    }

    // login guard

    static LoginGuardSettings parseGuard(ConfigurationReader reader) {
        int banTime = reader.integer("ban.timeSeconds", 600, 1, 31_536_000);
        int banMaxTime = reader.integer("ban.maxTimeSeconds", Math.max(86_400, banTime), 1, 31_536_000);
        if (banMaxTime < banTime) {
            throw reader.invalid("ban.maxTimeSeconds", Integer.toString(banMaxTime),
                    "must be at least ban.timeSeconds (" + banTime + ")");
        }
        return new LoginGuardSettings(
                reader.integer("maxConnections", 1024, 1, 1_000_000),
                reader.integer("maxConnectionsPerIp", 16, 1, 1_000_000),
                reader.integer("loginTimeoutSeconds", 30, 0, 86_400),
                reader.integer("loginFailureDelayMillis", 1000, 0, 60_000),
                reader.integer("ban.maxFailures", 5, 0, 1000),
                reader.integer("ban.windowSeconds", 600, 1, 31_536_000),
                banTime, banMaxTime, networks(reader, "ban.exempt"));
    }

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** Addresses and networks, as {@code <address>/<prefix length>}; only literals, so that nothing is looked up. */
    private static List<String> networks(ConfigurationReader reader, String key) {
        String value = reader.string(key, "");
        var networks = new ArrayList<String>();
        for (String item : value.split(",")) {
            String network = item.trim();
            if (network.isEmpty()) {
                continue;
            }
            int slash = network.indexOf('/');
            String address = slash < 0 ? network : network.substring(0, slash);
            byte[] bytes = literal(address);
            if (bytes == null) {
                throw reader.invalid(key, value, "must be addresses or networks such as 192.0.2.7, 10.0.0.0/8, "
                        + "fd00::/8; '" + network + "' is not one");
            }
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                String length = network.substring(slash + 1);
                prefix = length.matches("\\d{1,3}") ? Integer.parseInt(length) : -1;
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw reader.invalid(key, value, "has a prefix length out of 0 to " + bytes.length * 8 + " in '"
                            + network + "'");
                }
            }
            try {
                networks.add(InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix);
            } catch (UnknownHostException cannotHappen) {
                throw new IllegalStateException(cannotHappen);
            }
        }
        return networks;
    }

    private static byte[] literal(String address) {
        var ipv4 = IPV4.matcher(address);
        if (ipv4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(ipv4.group(i + 1));
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        if (IPV6.matcher(address).matches()) {
            try {
                // in brackets, anything but an IPv6 literal is refused rather than looked up
                return InetAddress.getByName("[" + address + "]").getAddress();
            } catch (UnknownHostException notALiteral) {
                return null;
            }
        }
        return null;
    }

    @Override
    public ServerSettings settings() {
        return settings;
    }
}
