package org.cosftp.config.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.cosftp.config.reader.ConfigurationReader;
import org.cosftp.config.UserAccount;
import org.cosftp.config.UserDirectory;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FTP accounts from {@code etc/org.cosftp.users.cfg}. A file with a bad value is refused whole, so that a
 * typo never half-applies; the last good accounts keep working. The keys are per user
 * ({@code user.<name>.<key>}), which metatype cannot describe; the README and the shipped file do. The service
 * is a {@link Publication}, so that no password is among its properties.
 */
// registered by Publication rather than by DS: the capability DS would have declared, for the resolver
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.cosftp.config.UserDirectory")
@Component(service = {}, configurationPid = UserDirectoryComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
public final class UserDirectoryComponent implements UserDirectory {
    static final String PID = "org.cosftp.users";
    private static final Logger LOG = LoggerFactory.getLogger(UserDirectoryComponent.class);

    private final PlaintextWarnings plaintextWarnings = new PlaintextWarnings();
    private volatile Map<String, UserAccount> accounts = Map.of();
    /** Made anew with each good file: a change of the accounts drops every password kept. */
    private volatile VerifiedPasswords verified = new VerifiedPasswords(0, 0);
    private Publication<UserDirectory> publication;

    @Activate
    private void activate(BundleContext context, Map<String, Object> properties) {
        configure(properties);
        publication = new Publication<>(context, UserDirectory.class, this, PID);
    }

    @Modified
    private void configure(Map<String, Object> properties) {
        try {
            Map<String, UserAccount> parsed = UsersFile.parse(properties);
            UsersFile.PasswordCache cache = UsersFile.passwordCache(properties);
            verified = new VerifiedPasswords(cache.entries(), cache.seconds());
            accounts = parsed;
            LOG.info("{} FTP account(s) loaded: {}", parsed.size(), parsed.keySet());
            String file = new ConfigurationReader(properties, PID).file();
            plaintextWarnings.loaded(file, parsed).forEach(LOG::warn);
            if (publication != null) {
                publication.changed();
            }
        } catch (IllegalArgumentException e) {
            LOG.error("users configuration refused, the last good accounts keep working: {}", e.getMessage());
        }
    }

    @Deactivate
    private void deactivate() {
        publication.withdraw();
    }

    @Override
    public Optional<UserAccount> authenticate(String name, String password) {
        UserAccount account = name == null ? null : accounts.get(name);
        VerifiedPasswords kept = verified;
        if (account != null && account.enabled() && kept.verified(account, password)) {
            return Optional.of(account);
        }
        // checked even for unknown and disabled accounts, so that every answer takes the same time
        boolean matches = PasswordHash.verify(account == null ? null : account.password(), password);
        if (!matches || !account.enabled()) {
            return Optional.empty();
        }
        kept.remember(account, password);
        return Optional.of(account);
    }

    @Override
    public Optional<UserAccount> find(String name) {
        return Optional.ofNullable(name == null ? null : accounts.get(name));
    }

    @Override
    public Set<String> names() {
        return accounts.keySet();
    }
}
