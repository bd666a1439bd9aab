package org.cosftp.config.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.cosftp.config.reader.ConfigurationReader;
import org.cosftp.config.LoginGuardSettings;

/** Reads the keys of the server file that limit connections and ban addresses after failed logins. */
final class LoginGuardSettingsReader {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private LoginGuardSettingsReader() {
    }

    static LoginGuardSettings read(ConfigurationReader reader) {
        int banTime = reader.integer("ban.timeSeconds", ServerSettingsReader.DEFAULTS.ban_timeSeconds(), 1, 31_536_000);
        int banMaxTime = reader.integer("ban.maxTimeSeconds", Math.max(ServerSettingsReader.DEFAULTS.ban_maxTimeSeconds(), banTime), 1, 31_536_000);
        if (banMaxTime < banTime) {
            throw reader.invalid("ban.maxTimeSeconds", Integer.toString(banMaxTime),
                    "must be at least ban.timeSeconds (" + banTime + ")");
        }
        return new LoginGuardSettings(
                reader.integer("maxConnections", ServerSettingsReader.DEFAULTS.maxConnections(), 1, 1_000_000),
                reader.integer("maxConnectionsPerIp", ServerSettingsReader.DEFAULTS.maxConnectionsPerIp(), 1, 1_000_000),
                reader.integer("loginTimeoutSeconds", ServerSettingsReader.DEFAULTS.loginTimeoutSeconds(), 0, 86_400),
                reader.integer("loginFailureDelayMillis", ServerSettingsReader.DEFAULTS.loginFailureDelayMillis(), 0, 60_000),
                reader.integer("ban.maxFailures", ServerSettingsReader.DEFAULTS.ban_maxFailures(), 0, 1000),
                reader.integer("ban.windowSeconds", ServerSettingsReader.DEFAULTS.ban_windowSeconds(), 1, 31_536_000),
                banTime, banMaxTime, networks(reader, "ban.exempt"));
    }


    /** Addresses and networks, as {@code <address>/<prefix length>}; only literals, so that nothing is looked up. */
    private static List<String> networks(ConfigurationReader reader, String key) {
        String value = reader.string(key, ServerSettingsReader.DEFAULTS.ban_exempt());
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

    static String describe(LoginGuardSettings guard) {
        return String.format("at most %d connections, %d per address; login within %d s; refusals after %d ms; "
                + "%d failures in %d s ban an address for %d s, doubling up to %d s%s", guard.maxConnections(),
                guard.maxConnectionsPerIp(), guard.loginTimeoutSeconds(), guard.loginFailureDelayMillis(),
                guard.banMaxFailures(), guard.banWindowSeconds(), guard.banTimeSeconds(), guard.banMaxTimeSeconds(),
                guard.banExempt().isEmpty() ? "" : "; never banned: " + String.join(", ", guard.banExempt()));
    }
}
