package org.cosftp.config.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cosftp.config.UserAccount;

/**
 * Which accounts of a loaded users file to warn about for a plaintext password: each once, and again only
 * when its plaintext password changes, so that unrelated reloads do not repeat the warnings.
 */
final class PlaintextWarnings {
    private Map<String, String> warned = Map.of();

    /** The warnings that the accounts just loaded from {@code file} earn; never shows a password. */
    synchronized List<String> loaded(String file, Map<String, UserAccount> accounts) {
        var plaintext = new HashMap<String, String>();
        var warnings = new ArrayList<String>();
        accounts.values().stream().filter(account -> !PasswordHash.isHash(account.password()))
                .sorted(Comparator.comparing(UserAccount::name)).forEach(account -> {
                    plaintext.put(account.name(), account.password());
                    if (!account.password().equals(warned.get(account.name()))) {
                        warnings.add(file + ": user." + account.name() + ".password is plaintext; replace it with "
                                + "the hash that the Karaf shell command cosftp:hash-password prints");
                    }
                });
        warned = Map.copyOf(plaintext);
        return warnings;
    }
}
