package org.cosftp.ftp.internal.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.ftpserver.DataConnectionConfiguration;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.cosftp.config.ServerSettings;

/**
 * The data connection settings of all listeners, following the server settings live: passive ports and
 * address, active mode and the data idle time apply to the next PASV, PORT or transfer. A passive port goes
 * back to the pool that gave it out, so that a change of the range while transfers run loses no port and
 * frees none twice; a port of the old range still in use is skipped by the new pool, which checks that a port
 * is free before it gives it out. A PASV that finds every port taken waits for one ({@link PassivePortPool}).
 */
public final class DataConnections {
    private volatile DataConnectionConfiguration current;
    /** The pool each passive port in use came from. */
    private final Map<Integer, DataConnectionConfiguration> lentBy = new ConcurrentHashMap<>();
    private final PassivePortPool waits;

    public DataConnections(ServerSettings settings) {
        this(settings, new PassivePortPool(PassivePortPool.WAIT));
    }

    /** With {@code waits} for ports when all are taken. */
    DataConnections(ServerSettings settings, PassivePortPool waits) {
        this.waits = waits;
        apply(settings);
    }

    /** New settings, for the data connections opened from now on. */
    public void apply(ServerSettings settings) {
        PassivePortPool.warnIfFewerThanLogins(settings.passivePorts(), settings.maxLogins());
        var data = new DataConnectionConfigurationFactory();
        data.setPassivePorts(settings.passivePorts());
        if (!settings.passiveAddress().isEmpty()) {
            data.setPassiveExternalAddress(settings.passiveAddress());
        }
        // also the read timeout of data connections: a stalled upload fails (and is discarded) after this long,
        // as the control connection's idle timeout cannot act while a transfer holds the session
        data.setIdleTime(settings.idleTimeoutSeconds());
        data.setActiveEnabled(settings.activeEnabled());
        data.setActiveIpCheck(true);
        data.setPassiveIpCheck(true);
        current = data.createDataConnectionConfiguration();
    }

    /**
     * The data connections of one listener: protected with {@code tls} (null for none), from the start if
     * {@code implicitTls}, as clients of implicit FTPS expect (aioftp sends no PROT).
     */
    public DataConnectionConfiguration forListener(SslConfiguration tls, boolean implicitTls) {
        return new DataConnectionConfiguration() {
            @Override
            public int getIdleTime() {
                return current.getIdleTime();
            }

            @Override
            public boolean isActiveEnabled() {
                return current.isActiveEnabled();
            }

            @Override
            public boolean isActiveIpCheck() {
                return current.isActiveIpCheck();
            }

            @Override
            public String getActiveLocalAddress() {
                return current.getActiveLocalAddress();
            }

            @Override
            public int getActiveLocalPort() {
                return current.getActiveLocalPort();
            }

            @Override
            public String getPassiveAddress() {
                return current.getPassiveAddress();
            }

            @Override
            public String getPassiveExernalAddress() {
                return current.getPassiveExernalAddress();
            }

            @Override
            public String getPassivePorts() {
                return current.getPassivePorts();
            }

            @Override
            public boolean isPassiveIpCheck() {
                return current.isPassiveIpCheck();
            }

            @Override
            public int requestPassivePort() {
                PassivePortPool.Lent lent = waits.reserve(() -> current);
                if (lent.port() > 0) {
                    lentBy.put(lent.port(), lent.from());
                }
                return lent.port();
            }

            @Override
            public void releasePassivePort(int port) {
                DataConnectionConfiguration pool = lentBy.remove(port);
                if (pool != null) {
                    pool.releasePassivePort(port);
                    waits.released();
                }
            }

            @Override
            public SslConfiguration getSslConfiguration() {
                return tls;
            }

            @Override
            public boolean isImplicitSsl() {
                return implicitTls;
            }
        };
    }
}
