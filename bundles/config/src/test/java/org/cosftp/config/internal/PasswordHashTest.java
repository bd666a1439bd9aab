package org.cosftp.config.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

/** Hashing and checking passwords in passlib's pbkdf2_sha256 format. */
public class PasswordHashTest {
    /** Made by Python passlib 1.7.4: {@code pbkdf2_sha256.using(rounds=29000, salt=bytes(range(16))).hash(...)}. */
    private static final String PASSLIB = "$pbkdf2-sha256$29000$AAECAwQFBgcICQoLDA0ODw$"
            + "m/kLywdyNwK9GV2kWntRGvZzmeiVsuqehNWlLst2eWY";
    /** passlib, of a password beyond ASCII: passlib hashes its UTF-8 bytes. */
    private static final String PASSLIB_UNICODE = "$pbkdf2-sha256$1000$hzBGaA0hRIjROud8j5Fy7g$"
            + "feibZYcPClKdMev0h2Fn0TvrAnv456pv86AwIf8SMds";
    /** passlib, with '.' standing for '+' in both salt and checksum. */
    private static final String PASSLIB_DOTS = "$pbkdf2-sha256$1000$ZOw9p/Q.xziHcA7hPIcQog$"
            + "XiZd3Hek.85qGbHblP6VXKCImhoFXDz0DkkoKvn.Uz8";

    @Test
    public void hashesOfPasslibAreAccepted() {
        assertThat(PasswordHash.verify(PASSLIB, "correct horse battery staple"), is(true));
        assertThat(PasswordHash.verify(PASSLIB, "correct horse battery stapler"), is(false));
        assertThat(PasswordHash.verify(PASSLIB_UNICODE, "pässwörd 密码"), is(true));
        assertThat(PasswordHash.verify(PASSLIB_UNICODE, "passwort 密码"), is(false));
        assertThat(PasswordHash.verify(PASSLIB_DOTS, "dot"), is(true));
    }

    @Test
    public void aNewHashHasTheDocumentedFormatAndChecksItsPassword() {
        String hash = PasswordHash.hash("s3cret");
        assertThat(hash, matchesPattern("\\$pbkdf2-sha256\\$300000\\$[A-Za-z0-9./]{22}\\$[A-Za-z0-9./]{43}"));
        assertThat(PasswordHash.isHash(hash), is(true));
        assertThat(PasswordHash.verify(hash, "s3cret"), is(true));
        assertThat(PasswordHash.verify(hash, "s3cret "), is(false));
        assertThat(PasswordHash.verify(hash, ""), is(false));
        assertThat(PasswordHash.verify(hash, null), is(false));
    }

    @Test
    public void everyHashHasItsOwnSaltAndItsOwnIterations() {
        String first = PasswordHash.hash("same", 1_000);
        String second = PasswordHash.hash("same", 1_000);
        assertThat(first, not(is(second)));
        assertThat(first, matchesPattern("\\$pbkdf2-sha256\\$1000\\$.*"));
        assertThat(PasswordHash.verify(first, "same") && PasswordHash.verify(second, "same"), is(true));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.hash("x", 999));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.hash("x", 10_000_001));
    }

    @Test
    public void plaintextIsComparedAsIs() {
        assertThat(PasswordHash.isHash("demo"), is(false));
        assertThat(PasswordHash.verify("demo", "demo"), is(true));
        assertThat(PasswordHash.verify("demo", "Demo"), is(false));
        assertThat(PasswordHash.verify("demo", "demo2"), is(false));
        assertThat(PasswordHash.verify("demo", null), is(false));
        assertThat("no account matches nothing", PasswordHash.verify(null, ""), is(false));
    }

    @Test
    public void malformedHashesAreRefusedWithoutShowingThem() {
        String checksum = "m/kLywdyNwK9GV2kWntRGvZzmeiVsuqehNWlLst2eWY";
        for (String malformed : new String[] {
                "$pbkdf2-sha256$", "$pbkdf2-sha256$29000$AAECAwQFBgcICQoLDA0ODw",
                "$pbkdf2-sha256$lots$AAECAwQFBgcICQoLDA0ODw$" + checksum,
                "$pbkdf2-sha256$999$AAECAwQFBgcICQoLDA0ODw$" + checksum,
                "$pbkdf2-sha256$10000001$AAECAwQFBgcICQoLDA0ODw$" + checksum,
                "$pbkdf2-sha256$029000$AAECAwQFBgcICQoLDA0ODw$" + checksum,
                "$pbkdf2-sha256$29000$AAECAwQF$" + checksum,
                "$pbkdf2-sha256$29000$AAECAwQFBgcICQoLDA0ODw==$" + checksum,
                "$pbkdf2-sha256$29000$AAECAwQFBgcICQoLDA0ODw$" + checksum.substring(1),
                "$pbkdf2-sha256$29000$AAECAwQFBgcICQoLDA0ODw$" + checksum + "$",
                "$pbkdf2-sha256$29000$AAECAwQFBgcICQoLDA0ODw$" + checksum.replace('m', '+'),
                "$pbkdf2-sha256$29000$AAECAwQFBgcICQoLDA0ODw$" + checksum + " trailing"}) {
            var failure = assertThrows(malformed, IllegalArgumentException.class, () -> PasswordHash.validate(malformed));
            assertThat(failure.getMessage(), not(containsString("AAECAwQF")));
            assertThat(failure.getMessage(), not(containsString(checksum.substring(1, 12))));
            assertThat(failure.getMessage(), not(containsString("lots")));
            assertThat(malformed + " matches nothing", PasswordHash.verify(malformed, "correct horse battery staple"),
                    is(false));
        }
        var failure = assertThrows(IllegalArgumentException.class, () -> PasswordHash.validate(
                "$pbkdf2-sha256$999$AAECAwQFBgcICQoLDA0ODw$" + checksum));
        assertThat(failure.getMessage(), is("is a hash whose iterations are not from 1000 to 10000000"));
        PasswordHash.validate(PASSLIB);
    }
}
