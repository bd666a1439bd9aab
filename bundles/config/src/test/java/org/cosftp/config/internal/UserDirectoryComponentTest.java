package org.cosftp.config.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertThrows;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.cosftp.config.UserAccount;
import org.junit.Test;

/** Logging in against the accounts of the users file. */
public class UserDirectoryComponentTest {
    private static final String FILE = "/opt/cos-ftp/etc/org.cosftp.users.cfg";
    private static final String ALICE_HASH = PasswordHash.hash("alice-pw");

    /** A directory configured as Declarative Services would configure it. */
    private static UserDirectoryComponent directory(String... keysAndValues) throws Exception {
        var component = new UserDirectoryComponent();
        configure(component, keysAndValues);
        return component;
    }

    private static void configure(UserDirectoryComponent component, String... keysAndValues) throws Exception {
        var properties = new HashMap<String, Object>();
        properties.put("felix.fileinstall.filename", "file:" + FILE);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        Method configure = UserDirectoryComponent.class.getDeclaredMethod("configure", Map.class);
        configure.setAccessible(true);
        configure.invoke(component, properties);
    }

    private static String name(Optional<UserAccount> account) {
        return account.map(UserAccount::name).orElse("refused");
    }

    @Test
    public void hashedAndPlaintextAccountsLogInWithTheirPasswordOnly() throws Exception {
        var users = directory("user.alice.password", ALICE_HASH, "user.bob.password", "bob-pw",
                "user.carol.password", PasswordHash.hash("carol-pw", 1_000), "user.carol.enabled", "false");
        assertThat(name(users.authenticate("alice", "alice-pw")), is("alice"));
        assertThat(name(users.authenticate("alice", "alice-pw ")), is("refused"));
        assertThat(name(users.authenticate("alice", ALICE_HASH)), is("refused"));
        assertThat(name(users.authenticate("alice", null)), is("refused"));
        assertThat(name(users.authenticate("Alice", "alice-pw")), is("refused"));
        assertThat(name(users.authenticate("bob", "bob-pw")), is("bob"));
        assertThat(name(users.authenticate("bob", "BOB-pw")), is("refused"));
        assertThat("disabled", name(users.authenticate("carol", "carol-pw")), is("refused"));
        assertThat(name(users.authenticate("dave", "bob-pw")), is("refused"));
        assertThat(name(users.authenticate(null, "bob-pw")), is("refused"));
    }

    @Test
    public void aPasswordThatLoggedInStopsWorkingWhenTheFileChangesIt() throws Exception {
        var users = directory("user.alice.password", ALICE_HASH);
        assertThat(name(users.authenticate("alice", "alice-pw")), is("alice"));
        assertThat("the second login, from the cache", name(users.authenticate("alice", "alice-pw")), is("alice"));
        assertThat("a wrong password after a right one", name(users.authenticate("alice", "guess")), is("refused"));
        configure(users, "user.alice.password", PasswordHash.hash("new-pw", 1_000));
        assertThat("the old password", name(users.authenticate("alice", "alice-pw")), is("refused"));
        assertThat(name(users.authenticate("alice", "new-pw")), is("alice"));
        configure(users, "user.alice.password", PasswordHash.hash("new-pw", 1_000), "user.alice.enabled", "false");
        assertThat("disabled after a login", name(users.authenticate("alice", "new-pw")), is("refused"));
    }

    @Test
    public void thePasswordCacheIsBoundedAndCanBeTurnedOff() {
        assertThat(UsersFile.passwordCache(Map.of()), is(new UsersFile.PasswordCache(1000, 900)));
        assertThat(UsersFile.passwordCache(Map.of("passwordCache.entries", "0", "passwordCache.seconds", "60")),
                is(new UsersFile.PasswordCache(0, 60)));
        var failure = assertThrows(IllegalArgumentException.class, () -> UsersFile.passwordCache(
                Map.of("passwordCache.seconds", "0", "felix.fileinstall.filename", "file:" + FILE)));
        assertThat(failure.getMessage(), failure.getMessage().contains("passwordCache.seconds"), is(true));
    }

    @Test
    public void aRefusedFileKeepsTheLastGoodAccounts() throws Exception {
        var users = directory("user.alice.password", ALICE_HASH);
        configure(users, "user.alice.password", "$pbkdf2-sha256$1$AAECAwQFBgcICQoLDA0ODw$x");
        assertThat(name(users.authenticate("alice", "alice-pw")), is("alice"));
    }

    /**
     * Unknown names, wrong passwords of hashed accounts (with the default or an old, cheaper iteration count),
     * of plaintext accounts and of disabled accounts all take one key derivation: without it, an unknown
     * name would be answered hundreds of times faster than a known one.
     */
    @Test
    public void unknownUsersAndWrongPasswordsTakeTheSameTime() throws Exception {
        var users = directory("user.alice.password", ALICE_HASH, "user.bob.password", "bob-pw",
                "user.carol.password", PasswordHash.hash("carol-pw", 1_000),
                "user.dave.password", "dave-pw", "user.dave.enabled", "false");
        Map<String, Supplier<Optional<UserAccount>>> logins = Map.of(
                "unknown user", () -> users.authenticate("mallory", "guess"),
                "wrong password, hashed", () -> users.authenticate("alice", "guess"),
                "wrong password, old cheap hash", () -> users.authenticate("carol", "guess"),
                "wrong password, plaintext", () -> users.authenticate("bob", "guess"),
                "right password, disabled", () -> users.authenticate("dave", "dave-pw"));
        var times = new HashMap<String, List<Long>>();
        for (int round = 0; round < 16; round++) {
            // interleaved, so that other load on the machine falls on every kind alike
            for (var login : logins.entrySet()) {
                long start = System.nanoTime();
                assertThat(login.getKey(), login.getValue().get().isPresent(), is(false));
                if (round > 0) {
                    times.computeIfAbsent(login.getKey(), key -> new ArrayList<>()).add(System.nanoTime() - start);
                }
            }
        }
        var medians = new HashMap<String, Long>();
        times.forEach((kind, nanos) -> medians.put(kind, median(nanos)));
        long fastest = medians.values().stream().min(Long::compare).orElseThrow();
        long slowest = medians.values().stream().max(Long::compare).orElseThrow();
        assertThat("median times in ns: " + medians, slowest, lessThan(2 * fastest));
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    public void plaintextPasswordsAreWarnedAboutOncePerUser() {
        var warnings = new PlaintextWarnings();
        String bobWarning = FILE + ": user.bob.password is plaintext; replace it with the hash that the Karaf "
                + "shell command cosftp:hash-password prints";
        assertThat(warnings.loaded(FILE, UsersFile.parse(Map.of("user.alice.password", ALICE_HASH,
                "user.bob.password", "bob-pw", "felix.fileinstall.filename", FILE))), contains(bobWarning));
        assertThat("an unrelated change", warnings.loaded(FILE, UsersFile.parse(Map.of("user.alice.password",
                ALICE_HASH, "user.bob.password", "bob-pw", "user.bob.access", "r"))), is(empty()));
        assertThat("a new plaintext password", warnings.loaded(FILE, UsersFile.parse(Map.of(
                "user.bob.password", "bob-pw2"))), contains(bobWarning));
        assertThat("hashed now", warnings.loaded(FILE, UsersFile.parse(Map.of(
                "user.bob.password", ALICE_HASH))), is(empty()));
        assertThat("plaintext again", warnings.loaded(FILE, UsersFile.parse(Map.of(
                "user.bob.password", "bob-pw2", "user.carol.password", "carol-pw"))).size(), is(2));
    }
}
