package org.cosftp.ftp.internal.guard;

import java.net.InetAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.mina.core.session.IoSession;
import org.cosftp.config.LoginGuardSettings;

/** The control connections open, in all and per client address, counted across rebinds of the listener. */
final class ConnectionCounts {
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentMap<InetAddress, Set<IoSession>> byAddress = new ConcurrentHashMap<>();

    /**
     * Counts {@code session} from {@code address} in, unless that would exceed a limit of {@code settings}:
     * then it is not counted, and the refusal to send is returned.
     */
    String admit(IoSession session, InetAddress address, LoginGuardSettings settings) {
        if (open.incrementAndGet() > settings.maxConnections()) {
            open.decrementAndGet();
            return "Too many connections; try again later.";
        }
        boolean[] admitted = new boolean[1];
        byAddress.compute(address, (key, sessions) -> {
            Set<IoSession> present = sessions != null ? sessions : ConcurrentHashMap.newKeySet();
            if (present.size() < settings.maxConnectionsPerIp()) {
                admitted[0] = present.add(session);
            }
            return present.isEmpty() ? null : present;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            return "Too many connections from your address.";
        }
        return null;
    }

    /** Counts an admitted session out. */
    void release(IoSession session, InetAddress address) {
        byAddress.computeIfPresent(address, (key, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
        open.decrementAndGet();
    }

    /** The admitted sessions from {@code address}. */
    Set<IoSession> from(InetAddress address) {
        return byAddress.getOrDefault(address, Set.of());
    }
}
