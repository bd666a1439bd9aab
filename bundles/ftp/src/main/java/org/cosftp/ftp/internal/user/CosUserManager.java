package org.cosftp.ftp.internal.user;

import java.util.function.Supplier;

import org.apache.ftpserver.ftplet.Authentication;
import org.apache.ftpserver.ftplet.AuthenticationFailedException;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.User;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.usermanager.UsernamePasswordAuthentication;
import org.cosftp.config.UserDirectory;

/** Logs users in against the current users configuration; read-only, as accounts live in the cfg file. */
public final class CosUserManager implements UserManager {
    private final Supplier<UserDirectory> directory;

    public CosUserManager(Supplier<UserDirectory> directory) {
        this.directory = directory;
    }

    @Override
    public User authenticate(Authentication authentication) throws AuthenticationFailedException {
        if (!(authentication instanceof UsernamePasswordAuthentication login)) {
            throw new AuthenticationFailedException("only user name and password logins are accepted");
        }
        return directory.get().authenticate(login.getUsername(), login.getPassword()).map(CosFtpUser::new)
                .orElseThrow(() -> new AuthenticationFailedException("login refused"));
    }

    @Override
    public User getUserByName(String name) {
        return directory.get().find(name).map(CosFtpUser::new).orElse(null);
    }

    @Override
    public String[] getAllUserNames() {
        return directory.get().names().toArray(new String[0]);
    }

    @Override
    public boolean doesExist(String name) {
        return directory.get().find(name).isPresent();
    }

    @Override
    public void delete(String name) throws FtpException {
        throw new FtpException("accounts are managed in etc/org.cosftp.users.cfg");
    }

    @Override
    public void save(User user) throws FtpException {
        throw new FtpException("accounts are managed in etc/org.cosftp.users.cfg");
    }

    @Override
    public String getAdminName() {
        return null;
    }

    @Override
    public boolean isAdmin(String name) {
        return false;
    }
}
