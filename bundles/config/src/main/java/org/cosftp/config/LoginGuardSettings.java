package org.cosftp.config;

import java.util.List;

/**
 * How the FTP listener defends itself against password guessing and floods, from {@code etc/org.cosftp.server.cfg}.
 *
 * @param maxConnections the most control connections open at once, from all clients
 * @param maxConnectionsPerIp the most control connections open at once from one address
 * @param loginTimeoutSeconds how long a client may stay connected without logging in; 0 for ever
 * @param loginFailureDelayMillis how long a refused login waits for its 530 reply
 * @param banMaxFailures failed logins from one address within {@code banWindowSeconds} that ban it; 0 never bans
 * @param banWindowSeconds the time over which failed logins are counted
 * @param banTimeSeconds how long an address is first banned
 * @param banMaxTimeSeconds the longest ban: each further ban of an address doubles the previous one up to this,
 *        and an address that stayed clean this long after its last ban starts again from {@code banTimeSeconds}
 * @param banExempt addresses and networks ({@code 192.0.2.7}, {@code 10.0.0.0/8}, {@code fd00::/8}) never banned,
 *        each as {@code <address>/<prefix length>}
 */
public record LoginGuardSettings(int maxConnections, int maxConnectionsPerIp, int loginTimeoutSeconds,
        int loginFailureDelayMillis, int banMaxFailures, int banWindowSeconds, int banTimeSeconds,
        int banMaxTimeSeconds, List<String> banExempt) {

    /** Copies {@code banExempt}, so that the settings stay what they were read as. */
    public LoginGuardSettings {
        banExempt = List.copyOf(banExempt);
    }
}
