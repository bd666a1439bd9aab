package org.cosftp.config;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Makes the password hashes that {@code etc/org.cosftp.users.cfg} takes as {@code user.<name>.password}: salted
 * PBKDF2-HMAC-SHA256 in the format of Python passlib's {@code pbkdf2_sha256}.
 *
 * @since 3.0
 */
@ProviderType
public interface PasswordHasher {
    /** The iterations of new hashes: one check costs about 70 ms on a current server core. */
    int DEFAULT_ITERATIONS = 300_000;
    /** The fewest iterations a hash may have. */
    int MIN_ITERATIONS = 1_000;
    /** The most iterations a hash may have: more would make every login a denial of service. */
    int MAX_ITERATIONS = 10_000_000;

    /**
     * A new hash of {@code password} with a random salt.
     *
     * @throws IllegalArgumentException if {@code iterations} is outside {@link #MIN_ITERATIONS} to
     *         {@link #MAX_ITERATIONS}
     */
    String hash(String password, int iterations);

    /**
     * Whether a configured password ({@link UserAccount#password()}) is a hash of this format; one that is not
     * is plaintext.
     *
     * @since 3.1
     */
    boolean isHash(String configured);

    /**
     * Whether {@code candidate} is the password configured as {@code configured}, a hash of this format or
     * plaintext; compared in constant time, and at the cost of one derivation whatever {@code configured} is.
     *
     * @since 3.2
     */
    boolean verify(String configured, String candidate);
}
