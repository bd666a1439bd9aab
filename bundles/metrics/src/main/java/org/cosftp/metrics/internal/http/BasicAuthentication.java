package org.cosftp.metrics.internal.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.cosftp.config.PasswordHasher;

/**
 * HTTP basic authentication (RFC 7617) of one user, whose password may be configured as a hash. A scraper sends
 * the same header every few seconds: the header last verified is remembered as its digest, so that it costs
 * one key derivation once, not at every scrape; any other header costs a full one.
 */
final class BasicAuthentication {
    private static final String PREFIX = "Basic ";

    private final String username;
    private final String password;
    private final PasswordHasher hasher;
    private volatile byte[] verified;

    BasicAuthentication(String username, String password, PasswordHasher hasher) {
        this.username = username;
        this.password = password;
        this.hasher = hasher;
    }

    /** Whether the {@code Authorization} header (may be {@code null}) names the user with its password. */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] digest = sha256(authorization.substring(PREFIX.length()).trim());
        byte[] known = verified;
        if (known != null && MessageDigest.isEqual(known, digest)) {
            return true;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(PREFIX.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        boolean nameMatches = colon >= 0 && MessageDigest.isEqual(sha256(decoded.substring(0, colon)),
                sha256(username));
        // derived whether or not the name matches, so that the time taken tells nothing of the name
        boolean passwordMatches = hasher.verify(password, colon < 0 ? "" : decoded.substring(colon + 1));
        if (nameMatches && passwordMatches) {
            verified = digest;
            return true;
        }
        return false;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
