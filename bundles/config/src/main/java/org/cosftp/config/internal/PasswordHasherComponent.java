package org.cosftp.config.internal;

import org.cosftp.config.PasswordHasher;
import org.osgi.service.component.annotations.Component;

/**
 * The hashes of {@link PasswordHash}, as a service for the shell's {@code cosftp:hash-password} and
 * {@code cosftp:users}, and for the monitoring endpoint's basic authentication.
 */
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

    @Override
    public boolean verify(String configured, String candidate) {
        return PasswordHash.verify(configured, candidate);
    }
}
