package org.cosftp.ftp.internal;

import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;

import org.apache.ftpserver.DataConnectionConfiguration;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passive ports of all listeners, where a PASV that finds every port taken waits a little for one to be
 * released. FtpServer answers such a PASV with 425 at once, although a port frees as soon as any transfer
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

    /** The pool of the shipped wait, warning if {@code passivePorts} cannot give each of maxLogins a port. */
    static PassivePortPool forListener(String passivePorts, int maxLogins) {
        int ports = count(passivePorts);
        if (ports < maxLogins) {
            LOG.warn("passivePorts = {} has {} ports for maxLogins = {}: sessions beyond {} transferring at once "
                    + "wait up to {} s for a port, then get 425", passivePorts, ports, maxLogins, ports,
                    WAIT.toSeconds());
        }
        return new PassivePortPool(WAIT);
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

    /** FtpServer's data connection settings, with passive ports reserved from this pool. */
    DataConnectionConfiguration around(DataConnectionConfiguration settings) {
        return new Waiting(settings);
    }

    private synchronized int reserve(DataConnectionConfiguration settings) {
        long deadline = System.nanoTime() + waitNanos;
        for (;;) {
            int port = settings.requestPassivePort();
            long left = deadline - System.nanoTime();
            if (port != -1 || left <= 0) {
                if (port == -1) {
                    LOG.warn("no passive port of {} was free for {} s", settings.getPassivePorts(),
                            TimeUnit.NANOSECONDS.toSeconds(waitNanos));
                }
                return port;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, RECHECK_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    private synchronized void released() {
        notifyAll();
    }

    /** Delegates all but the reservation of passive ports. */
    private final class Waiting implements DataConnectionConfiguration {
        private final DataConnectionConfiguration settings;

        Waiting(DataConnectionConfiguration settings) {
            this.settings = settings;
        }

        @Override
        public int requestPassivePort() {
            return reserve(settings);
        }

        @Override
        public void releasePassivePort(int port) {
            settings.releasePassivePort(port);
            released();
        }

        @Override
        public int getIdleTime() {
            return settings.getIdleTime();
        }

        @Override
        public boolean isActiveEnabled() {
            return settings.isActiveEnabled();
        }

        @Override
        public boolean isActiveIpCheck() {
            return settings.isActiveIpCheck();
        }

        @Override
        public String getActiveLocalAddress() {
            return settings.getActiveLocalAddress();
        }

        @Override
        public int getActiveLocalPort() {
            return settings.getActiveLocalPort();
        }

        @Override
        public String getPassiveAddress() {
            return settings.getPassiveAddress();
        }

        @Override
        public String getPassiveExernalAddress() {
            return settings.getPassiveExernalAddress();
        }

        @Override
        public String getPassivePorts() {
            return settings.getPassivePorts();
        }

        @Override
        public boolean isPassiveIpCheck() {
            return settings.isPassiveIpCheck();
        }

        @Override
        public SslConfiguration getSslConfiguration() {
            return settings.getSslConfiguration();
        }

        @Override
        public boolean isImplicitSsl() {
            return settings.isImplicitSsl();
        }
    }
}
