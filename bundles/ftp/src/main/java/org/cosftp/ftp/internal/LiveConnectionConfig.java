package org.cosftp.ftp.internal;

import org.apache.ftpserver.ConnectionConfig;
import org.cosftp.ftp.internal.guard.ControlConnectionLimits;

/**
 * FtpServer's login limits, read from the live settings at each login, so that a change of {@code maxLogins}
 * applies at once. Anonymous logins are off; failed logins are delayed and counted by {@link ControlConnectionLimits},
 * which does not block a worker as FtpServer's own delay would.
 */
final class LiveConnectionConfig implements ConnectionConfig {
    private final LiveSettings settings;

    LiveConnectionConfig(LiveSettings settings) {
        this.settings = settings;
    }

    @Override
    public int getMaxLogins() {
        return settings.get().maxLogins();
    }

    @Override
    public int getMaxLoginFailures() {
        return 0;
    }

    @Override
    public int getLoginFailureDelay() {
        return 0;
    }

    @Override
    public int getMaxAnonymousLogins() {
        return 0;
    }

    @Override
    public boolean isAnonymousLoginEnabled() {
        return false;
    }

    /** FtpServer sizes its command pool once, at its first use: 0 lets it take {@code maxLogins} then. */
    @Override
    public int getMaxThreads() {
        return 0;
    }
}
