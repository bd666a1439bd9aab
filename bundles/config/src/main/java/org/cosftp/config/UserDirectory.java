package org.cosftp.config;

import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The current FTP accounts. The service's properties change whenever {@code org.cosftp.users.cfg} does, so
 * that a consumer's {@code updated} method learns of it; lookups then answer from the new accounts, or from
 * the last good ones if the file was refused.
 */
@ProviderType
public interface UserDirectory {

    /**
     * The enabled account of this name whose password is {@code password}; empty otherwise. Every call takes
     * the same time whether the name is unknown, the account disabled or the password wrong, so that timing
     * logins tells nothing about which accounts exist.
     *
     * @since 1.1
     */
    Optional<UserAccount> authenticate(String name, String password);

    /** The account of this name, enabled or not. */
    Optional<UserAccount> find(String name);

    /** The names of all accounts. */
    Set<String> names();
}
