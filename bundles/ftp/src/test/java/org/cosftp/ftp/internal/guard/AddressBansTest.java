package org.cosftp.ftp.internal.guard;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.cosftp.config.LoginGuardSettings;
import org.cosftp.ftp.AddressBan;
import org.junit.Test;

/** Failed logins counted per address, bans, their growth and what is forgotten. */
public class AddressBansTest {
    private static final InetAddress ATTACKER = address("192.0.2.66");
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AddressBans guard = new AddressBans(now::get, 100);

    /** 5 failures in 600 s ban for 600 s, doubling up to 2,000 s. */
    public AddressBansTest() {
        guard.configure(settings(5, List.of()));
    }

    private static LoginGuardSettings settings(int maxFailures, List<String> exempt) {
        return new LoginGuardSettings(1024, 16, 30, 1000, maxFailures, 600, 600, 2_000, exempt);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private void seconds(long seconds) {
        now.addAndGet(seconds * 1000);
    }

    /** Fails {@code times} times, a second apart; the ban the last failure started. */
    private Optional<AddressBans.Ban> fail(InetAddress address, int times) {
        Optional<AddressBans.Ban> ban = Optional.empty();
        for (int i = 0; i < times; i++) {
            seconds(1);
            ban = guard.failed(address);
        }
        return ban;
    }

    @Test
    public void theFailureOneTooManyBansTheAddressForTheBanTime() {
        assertThat(fail(ATTACKER, 4), is(Optional.empty()));
        assertThat(guard.bannedMillis(ATTACKER), is(0L));
        assertThat(fail(ATTACKER, 1), is(Optional.of(new AddressBans.Ban(600, 5))));
        assertThat(guard.bannedMillis(ATTACKER), is(600_000L));
        seconds(599);
        assertThat(guard.bannedMillis(ATTACKER), is(1_000L));
        seconds(1);
        assertThat(guard.bannedMillis(ATTACKER), is(0L));
        assertThat("another address is not banned", guard.bannedMillis(address("192.0.2.67")), is(0L));
    }

    @Test
    public void theBansInForceAreListedLongestLeftFirstAndAnUnbanStartsTheAddressOver() {
        InetAddress other = address("2001:db8::7");
        fail(ATTACKER, 5);
        seconds(600);
        fail(ATTACKER, 5);
        fail(other, 5);
        assertThat(guard.banned(), is(List.of(
                new AddressBan("192.0.2.66", Duration.ofSeconds(1_200), Duration.ofSeconds(1_195)),
                new AddressBan("2001:db8:0:0:0:0:0:7", Duration.ofSeconds(600), Duration.ofSeconds(600)))));

        assertThat(guard.unban(ATTACKER), is(true));
        assertThat(guard.bannedMillis(ATTACKER), is(0L));
        assertThat("an address not banned is not unbanned", guard.unban(ATTACKER), is(false));
        assertThat("its failures were forgotten", fail(ATTACKER, 4), is(Optional.empty()));
        assertThat("its next ban is a first one", fail(ATTACKER, 1), is(Optional.of(new AddressBans.Ban(600, 5))));
        seconds(600);
        assertThat("bans that ended are not listed", guard.banned(), is(List.of()));
    }

    @Test
    public void onlyIpLiteralsNameAnAddressAndNoneIsLookedUp() {
        assertThat(AddressBans.literal("192.0.2.66"), is(ATTACKER));
        assertThat(AddressBans.literal("::1").getHostAddress(), is("0:0:0:0:0:0:0:1"));
        for (String notOne : List.of("localhost", "192.0.2.256", "1.2.3", "::g", "")) {
            var refused = assertThrows(IllegalArgumentException.class, () -> AddressBans.literal(notOne));
            assertThat(refused.getMessage(), is("not an IP address: " + notOne));
        }
    }

    @Test
    public void failuresSpreadWiderThanTheWindowDoNotBan() {
        for (int i = 0; i < 20; i++) {
            assertThat(guard.failed(ATTACKER), is(Optional.empty()));
            seconds(151);
        }
        assertThat(guard.bannedMillis(ATTACKER), is(0L));
    }

    @Test
    public void failuresDuringABanNeitherCountNorLengthenIt() {
        fail(ATTACKER, 5);
        assertThat(fail(ATTACKER, 10), is(Optional.empty()));
        assertThat(guard.bannedMillis(ATTACKER), is(590_000L));
        seconds(590);
        assertThat("the failures during the ban did not count", fail(ATTACKER, 4), is(Optional.empty()));
    }

    @Test
    public void eachFurtherBanDoublesUpToTheLongest() {
        long[] expected = {600, 1_200, 2_000, 2_000};
        for (long seconds : expected) {
            assertThat(fail(ATTACKER, 5).map(AddressBans.Ban::seconds), is(Optional.of(seconds)));
            seconds(seconds);
        }
    }

    @Test
    public void anAddressCleanForTheLongestBanStartsOver() {
        fail(ATTACKER, 5);
        // the five failures take five seconds: the second ban comes 1,995 s after the first ended
        seconds(600 + 1_990);
        assertThat(fail(ATTACKER, 5).map(AddressBans.Ban::seconds), is(Optional.of(1_200L)));
        seconds(1_200 + 2_000);
        assertThat(fail(ATTACKER, 5).map(AddressBans.Ban::seconds), is(Optional.of(600L)));
    }

    @Test
    public void exemptAddressesAndNetworksAreNeverBanned() {
        guard.configure(settings(5, List.of("10.0.0.0/8", "192.0.2.128/25", "0:0:0:0:0:0:0:1/128")));
        for (String exempt : List.of("10.1.2.3", "192.0.2.200", "::1")) {
            assertThat(exempt, fail(address(exempt), 10), is(Optional.empty()));
            assertThat(exempt, guard.bannedMillis(address(exempt)), is(0L));
        }
        for (String banned : List.of("11.0.0.1", "192.0.2.127", "::2")) {
            assertThat(banned, fail(address(banned), 5).isPresent(), is(true));
        }
    }

    @Test
    public void noFailureCountWhenBansAreOff() {
        guard.configure(settings(0, List.of()));
        assertThat(fail(ATTACKER, 100), is(Optional.empty()));
        assertThat(guard.size(), is(0));
    }

    @Test
    public void newSettingsKeepTheBans() {
        fail(ATTACKER, 5);
        guard.configure(settings(3, List.of()));
        assertThat(guard.bannedMillis(ATTACKER), is(600_000L));
        seconds(600);
        assertThat(fail(ATTACKER, 3).map(AddressBans.Ban::seconds), is(Optional.of(1_200L)));
    }

    @Test
    public void purgeForgetsWhatNoLongerMatters() {
        fail(ATTACKER, 5);
        fail(address("192.0.2.1"), 1);
        seconds(599);
        guard.purge();
        assertThat("the failure is still in the window, the ban remembered", guard.size(), is(2));
        seconds(2);
        guard.purge();
        assertThat("the lone failure left the window", guard.size(), is(1));
        seconds(2_000);
        guard.purge();
        assertThat("clean for the longest ban after the ban", guard.size(), is(0));
    }

    @Test
    public void memoryStaysBoundedWhateverTheNumberOfAddressesAndBansSurvive() {
        fail(ATTACKER, 5);
        for (int i = 0; i < 10_000; i++) {
            guard.failed(address("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)));
            assertThat(guard.size(), lessThanOrEqualTo(100));
        }
        assertThat("the ban outlived the flood of addresses", guard.bannedMillis(ATTACKER) > 0, is(true));
    }

    @Test
    public void concurrentFailuresStartOneBan() throws Exception {
        guard.configure(settings(5, List.of()));
        var bans = new java.util.concurrent.atomic.AtomicInteger();
        var threads = new Thread[40];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> guard.failed(ATTACKER).ifPresent(ban -> bans.incrementAndGet()));
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(bans.get(), is(1));
    }
}
