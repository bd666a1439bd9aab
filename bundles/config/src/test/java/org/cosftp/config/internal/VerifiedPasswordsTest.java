package org.cosftp.config.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.concurrent.atomic.AtomicLong;

import org.cosftp.config.Access;
import org.cosftp.config.UserAccount;
import org.junit.Test;

public class VerifiedPasswordsTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(42 * SECOND);

    private static UserAccount account(String name, String configured) {
        return new UserAccount(name, configured, "default", "", Access.READ_WRITE, true, true);
    }

    @Test
    public void aPasswordThatLoggedInIsKeptForItsTimeAndOnlyThatPassword() {
        var kept = new VerifiedPasswords(10, 60, now::get);
        UserAccount alice = account("alice", "$pbkdf2-sha256$1000$c2FsdA$x");
        assertThat("before any login", kept.verified(alice, "alice-pw"), is(false));
        kept.remember(alice, "alice-pw");
        assertThat(kept.verified(alice, "alice-pw"), is(true));
        assertThat("another password", kept.verified(alice, "alice-pw "), is(false));
        assertThat("none", kept.verified(alice, null), is(false));
        assertThat("another account of the same password", kept.verified(account("bob", alice.password()),
                "alice-pw"), is(false));
        now.addAndGet(59 * SECOND);
        assertThat(kept.verified(alice, "alice-pw"), is(true));
        now.addAndGet(SECOND);
        assertThat("its time is over", kept.verified(alice, "alice-pw"), is(false));
    }

    @Test
    public void anAccountWhosePasswordChangedIsNotTakenFromTheCache() {
        var kept = new VerifiedPasswords(10, 60, now::get);
        kept.remember(account("alice", "old-hash"), "alice-pw");
        assertThat(kept.verified(account("alice", "new-hash"), "alice-pw"), is(false));
    }

    @Test
    public void theLeastRecentlyUsedGoBeyondTheBound() {
        var kept = new VerifiedPasswords(2, 60, now::get);
        UserAccount alice = account("alice", "a");
        UserAccount bob = account("bob", "b");
        UserAccount carol = account("carol", "c");
        kept.remember(alice, "alice-pw");
        kept.remember(bob, "bob-pw");
        assertThat(kept.verified(alice, "alice-pw"), is(true));
        kept.remember(carol, "carol-pw");
        assertThat("used last but one", kept.verified(bob, "bob-pw"), is(false));
        assertThat(kept.verified(alice, "alice-pw"), is(true));
        assertThat(kept.verified(carol, "carol-pw"), is(true));
    }

    @Test
    public void noEntriesKeepsNothing() {
        var kept = new VerifiedPasswords(0, 60, now::get);
        UserAccount alice = account("alice", "a");
        kept.remember(alice, "alice-pw");
        assertThat(kept.verified(alice, "alice-pw"), is(false));
    }
}
