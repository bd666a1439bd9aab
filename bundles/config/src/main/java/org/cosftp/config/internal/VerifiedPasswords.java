package org.cosftp.config.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.cosftp.config.UserAccount;

/**
 * The passwords that logged in lately, so that an account that logs in again and again (a camera that
 * connects for every file) does not pay a whole key derivation each time, as SFTPGo's {@code password_caching}
 * does. Only successes are kept, at most {@code entries} accounts, each for {@code seconds} after its check;
 * a different password, a changed account and every failure still cost a whole derivation. The password itself
 * is not kept: an HMAC of it under a key of this instance's, made at random and never stored.
 */
final class VerifiedPasswords {
    private static final String HMAC = "HmacSHA256";

    private record Verified(String configured, byte[] proof, long expiresNanos) {
    }

    private final int entries;
    private final long nanos;
    private final SecretKeySpec key;
    private final Map<String, Verified> byName;
    private final LongSupplier clock;

    VerifiedPasswords(int entries, int seconds) {
        this(entries, seconds, System::nanoTime);
    }

    /** With {@code clock} for {@link System#nanoTime()}, so that a test can let the time kept pass. */
    VerifiedPasswords(int entries, int seconds, LongSupplier clock) {
        this.clock = clock;
        this.entries = entries;
        this.nanos = seconds * 1_000_000_000L;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, HMAC);
        this.byName = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
                return size() > entries;
            }
        };
    }

    /** Whether {@code password} logged in as {@code account}, as it is configured now, within the time kept. */
    boolean verified(UserAccount account, String password) {
        if (entries == 0 || password == null) {
            return false;
        }
        Verified verified;
        synchronized (byName) {
            verified = byName.get(account.name());
        }
        return verified != null && verified.configured().equals(account.password())
                && clock.getAsLong() - verified.expiresNanos() < 0
                && MessageDigest.isEqual(verified.proof(), proof(password));
    }

    /** {@code password} has just been checked against {@code account}'s and matched. */
    void remember(UserAccount account, String password) {
        if (entries == 0) {
            return;
        }
        var verified = new Verified(account.password(), proof(password), clock.getAsLong() + nanos);
        synchronized (byName) {
            byName.put(account.name(), verified);
        }
    }

    private byte[] proof(String password) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
