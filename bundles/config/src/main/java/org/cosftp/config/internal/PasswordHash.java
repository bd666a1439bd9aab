package org.cosftp.config.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.cosftp.config.PasswordHasher;

/**
 * Salted PBKDF2-HMAC-SHA256 password hashes in the format of Python passlib's {@code pbkdf2_sha256}:
 * {@code $pbkdf2-sha256$<iterations>$<salt>$<checksum>}, where salt and checksum are in passlib's "ab64"
 * (base64 without padding, {@code .} instead of {@code +}) and the checksum is the 32-byte derived key of the
 * password's UTF-8 bytes. A hash carries its own iteration count, so older hashes keep working when the
 * default changes.
 */
final class PasswordHash {
    /** How every hash of this format starts; a configured password that does not is plaintext. */
    static final String PREFIX = "$pbkdf2-sha256$";
    static final int DEFAULT_ITERATIONS = PasswordHasher.DEFAULT_ITERATIONS;
    static final int MIN_ITERATIONS = PasswordHasher.MIN_ITERATIONS;
    static final int MAX_ITERATIONS = PasswordHasher.MAX_ITERATIONS;

    private static final int SALT_BYTES = 16;
    private static final int MIN_SALT_BYTES = 8;
    private static final int MAX_SALT_BYTES = 1_024;
    private static final int CHECKSUM_BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile(
            Pattern.quote(PREFIX) + "([0-9]{1,9})\\$([A-Za-z0-9./]+)\\$([A-Za-z0-9./]+)");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Checked against when there is no hash to check, so that every login costs the same. */
    private static final String DUMMY = PREFIX + DEFAULT_ITERATIONS + "$Y29zLWZ0cCBkdW1teQ$"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static final PasswordHash DUMMY_HASH = parse(DUMMY);

    private final int iterations;
    private final byte[] salt;
    private final byte[] checksum;

    private PasswordHash(int iterations, byte[] salt, byte[] checksum) {
        this.iterations = iterations;
        this.salt = salt;
        this.checksum = checksum;
    }

    /** A new hash of {@code password} with a random salt and {@link #DEFAULT_ITERATIONS}. */
    static String hash(String password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    /**
     * A new hash of {@code password} with a random salt.
     *
     * @throws IllegalArgumentException if {@code iterations} is outside {@link #MIN_ITERATIONS} to
     *         {@link #MAX_ITERATIONS}
     */
    static String hash(String password, int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException(
                    "iterations must be from " + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return PREFIX + iterations + "$" + ab64(salt) + "$" + ab64(derive(password, salt, iterations));
    }

    /** Whether a configured password is meant as a hash of this format (else it is plaintext). */
    static boolean isHash(String configured) {
        return configured != null && configured.startsWith(PREFIX);
    }

    /**
     * Checks that a value starting with {@link #PREFIX} is a well-formed hash.
     *
     * @throws IllegalArgumentException saying what is wrong, never showing the value
     */
    static void validate(String hash) {
        parse(hash);
    }

    /**
     * Whether {@code candidate} is the password configured as {@code configured}: a hash of this format, or
     * else plaintext; {@code null} stands for an account that does not exist and matches nothing. Whatever
     * the configured value, the check takes at least one key derivation of {@link #DEFAULT_ITERATIONS} and
     * compares in constant time, so that its duration tells nothing about the account.
     */
    static boolean verify(String configured, String candidate) {
        String password = candidate == null ? "" : candidate;
        if (!isHash(configured)) {
            DUMMY_HASH.matches(password);
            return configured != null && MessageDigest.isEqual(sha256(configured), sha256(password));
        }
        PasswordHash hash;
        try {
            hash = parse(configured);
        } catch (IllegalArgumentException malformed) {
            DUMMY_HASH.matches(password);
            return false;
        }
        boolean matches = hash.matches(password);
        if (hash.iterations < DEFAULT_ITERATIONS) {
            // a cheaper old hash would otherwise tell an observer that the account exists
            derive(password, DUMMY_HASH.salt, DEFAULT_ITERATIONS - hash.iterations);
        }
        return matches;
    }

    private boolean matches(String password) {
        return MessageDigest.isEqual(derive(password, salt, iterations), checksum);
    }

    private static PasswordHash parse(String hash) {
        Matcher matcher = FORMAT.matcher(hash == null ? "" : hash);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("is not a hash of the form " + PREFIX
                    + "<iterations>$<salt>$<checksum> (make one with cosftp:hash-password)");
        }
        int iterations = Integer.parseInt(matcher.group(1));
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS || matcher.group(1).startsWith("0")) {
            throw new IllegalArgumentException("is a hash whose iterations are not from " + MIN_ITERATIONS + " to "
                    + MAX_ITERATIONS);
        }
        byte[] salt = fromAb64(matcher.group(2));
        if (salt == null || salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_BYTES) {
            throw new IllegalArgumentException("is a hash whose salt is not " + MIN_SALT_BYTES + " to "
                    + MAX_SALT_BYTES + " bytes in ab64 (base64 without padding, '.' for '+')");
        }
        byte[] checksum = fromAb64(matcher.group(3));
        if (checksum == null || checksum.length != CHECKSUM_BYTES) {
            throw new IllegalArgumentException("is a hash whose checksum is not " + CHECKSUM_BYTES
                    + " bytes in ab64 (base64 without padding, '.' for '+')");
        }
        return new PasswordHash(iterations, salt, checksum);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        char[] chars = password.toCharArray();
        var spec = new PBEKeySpec(chars, salt, iterations, CHECKSUM_BYTES * 8);
        try {
            // the JDK's PBKDF2 takes the UTF-8 bytes of the characters, as passlib does
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String ab64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes).replace('+', '.');
    }

    private static byte[] fromAb64(String text) {
        try {
            byte[] bytes = Base64.getDecoder().decode(text.replace('.', '+'));
            // only the canonical spelling, so that one hash has one text
            return ab64(bytes).equals(text) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
