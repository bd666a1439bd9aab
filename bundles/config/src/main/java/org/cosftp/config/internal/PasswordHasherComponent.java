package org.cosftp.config.internal;

import org.cosftp.config.PasswordHasher;
import org.osgi.service.component.annotations.Component;

/** The hashes of {@link PasswordHash}, as a service for the shell's {@code cosftp:hash-password} and {@code cosftp:users}. */
@Component
public final class PasswordHasherComponent implements PasswordHasher {

    @Override
    public String hash(String password, int iterations) {
        return PasswordHash.hash(password, iterations);
    }

    @Override
    public boolean isHash(String configured) {
        return PasswordHash.isHash(configured);
    }
}
