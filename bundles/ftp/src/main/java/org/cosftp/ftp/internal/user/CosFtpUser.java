package org.cosftp.ftp.internal.user;

import java.util.List;

import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.AuthorizationRequest;
import org.apache.ftpserver.ftplet.User;
import org.cosftp.config.UserAccount;

/**
 * A logged-in account as FtpServer sees it. Permissions are not decided here but per command from the
 * account's current configuration (see {@link PermissionFtplet}), so that changes apply to the next command.
 */
public final class CosFtpUser implements User {
    private final UserAccount account;

    CosFtpUser(UserAccount account) {
        this.account = account;
    }

    public UserAccount account() {
        return account;
    }

    @Override
    public String getName() {
        return account.name();
    }

    @Override
    public String getPassword() {
        return null;
    }

    @Override
    public List<? extends Authority> getAuthorities() {
        return List.of();
    }

    @Override
    public List<? extends Authority> getAuthorities(Class<? extends Authority> clazz) {
        return List.of();
    }

    /** Grants FtpServer's own checks (concurrent logins, transfer rates); cos-ftp enforces its own limits. */
    @Override
    public AuthorizationRequest authorize(AuthorizationRequest request) {
        return request;
    }

    @Override
    public int getMaxIdleTime() {
        return 0;
    }

    @Override
    public boolean getEnabled() {
        return account.enabled();
    }

    @Override
    public String getHomeDirectory() {
        return "/";
    }
}
