package org.cosftp.ftp.internal.data;

import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.ftpserver.DataConnectionConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a PASV that finds every passive port taken waits a little for one to be released, for all listeners. FtpServer answers such a PASV with 425 at once, although a port frees as soon as any transfer
 * ends: with more sessions transferring at once than there are ports, most of them failed.
 */
final class PassivePortPool {
    private static final Logger LOG = LoggerFactory.getLogger(PassivePortPool.class);
    /** How long a PASV waits for a port; well within the minute that clients give a reply. */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** Ports taken by other processes are never released here: looked at again this often. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final long waitNanos;

    PassivePortPool(Duration wait) {
        this.waitNanos = wait.toNanos();
    }

    /** Warns if {@code passivePorts} cannot give each of {@code maxLogins} sessions a port at once. */
    static void warnIfFewerThanLogins(String passivePorts, int maxLogins) {
        int ports = count(passivePorts);
        if (ports < maxLogins) {
            LOG.warn("passivePorts = {} has {} ports for maxLogins = {}: sessions beyond {} transferring at once "
                    + "wait up to {} s for a port, then get 425", passivePorts, ports, maxLogins, ports,
                    WAIT.toSeconds());
        }
    }

    /** How many ports a passivePorts value holds; {@link Integer#MAX_VALUE} for 0, any free port. */
    static int count(String passivePorts) {
        var ports = new BitSet();
        for (String item : passivePorts.split(",")) {
            String[] range = item.trim().split("-");
            int first = Integer.parseInt(range[0].trim());
            if (first == 0) {
                return Integer.MAX_VALUE;
            }
            ports.set(first, Integer.parseInt(range[range.length - 1].trim()) + 1);
        }
        return ports.cardinality();
    }

    /** A passive port and the settings whose range it came from, which take it back. */
    record Lent(int port, DataConnectionConfiguration from) {
    }

    /**
     * A port from the settings in force, waiting for one to be released if all are taken; port -1 if none
     * was released within the wait.
     */
    synchronized Lent reserve(Supplier<DataConnectionConfiguration> current) {
        long deadline = System.nanoTime() + waitNanos;
        for (;;) {
            DataConnectionConfiguration settings = current.get();
            int port = settings.requestPassivePort();
            long left = deadline - System.nanoTime();
            if (port != -1 || left <= 0) {
                if (port == -1) {
                    LOG.warn("no passive port of {} was free for {} s", settings.getPassivePorts(),
                            TimeUnit.NANOSECONDS.toSeconds(waitNanos));
                }
                return new Lent(port, settings);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, RECHECK_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Lent(-1, settings);
            }
        }
    }

    /** A port went back to its settings: a waiting request may find it. */
    synchronized void released() {
        notifyAll();
    }
}
