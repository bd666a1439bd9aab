package org.cosftp.config.internal;

import java.util.Map;
import java.util.regex.Pattern;

import org.cosftp.config.ServerSettings;
import org.cosftp.config.reader.ConfigurationReader;
import org.cosftp.config.reader.MetatypeDefaults;

/** Reads {@code etc/org.cosftp.server.cfg} into {@link ServerSettings}, refusing a bad value with its reason. */
final class ServerSettingsReader {
    /** The defaults the metatype shows, which a key left out of the file gets. */
    static final ServerSettingsDefinition DEFAULTS = MetatypeDefaults.of(ServerSettingsDefinition.class);
    private static final Pattern PORT_RANGES = Pattern.compile("\\d{1,5}(-\\d{1,5})?(,\\s*\\d{1,5}(-\\d{1,5})?)*");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\-\\[\\]%]+");

    private ServerSettingsReader() {
    }

    static ServerSettings read(Map<String, ?> properties) {
        var reader = new ConfigurationReader(properties, ServerConfigurationComponent.PID);
        String host = reader.string("host", DEFAULTS.host());
        if (!HOST.matcher(host).matches()) {
            throw reader.invalid("host", host, "must be an address or a host name");
        }
        int port = reader.integer("port", DEFAULTS.port(), 0, 65535);
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
}
