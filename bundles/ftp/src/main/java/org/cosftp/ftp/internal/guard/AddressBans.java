package org.cosftp.ftp.internal.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import org.cosftp.config.LoginGuardSettings;
import org.cosftp.ftp.AddressBan;

/**
 * Counts failed logins per client address and bans an address that fails too often within the window. Each
 * further ban of an address lasts twice the previous one, up to the longest ban; an address that stayed clean
 * that long after its last ban starts over. Thread-safe; it remembers at most {@code capacity} addresses,
 * however many try.
 */
public final class AddressBans {
    /** Addresses remembered at most: about 200 bytes each. */
    static final int CAPACITY = 50_000;
    /** Entries looked at, from the least recently seen, for one that is not banned when room is needed. */
    private static final int EVICTION_SCAN = 16;

    /** A ban that has just begun. */
    record Ban(long seconds, int failures) {
    }

    private final LongSupplier millis;
    private final int capacity;
    /** In access order: the first entries are the addresses seen least recently. */
    private final LinkedHashMap<InetAddress, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private LoginGuardSettings settings;
    private List<Network> exempt = List.of();

    /** A guard on the monotonic clock, remembering {@link #CAPACITY} addresses. */
    public AddressBans() {
        this(() -> System.nanoTime() / 1_000_000, CAPACITY);
    }

    AddressBans(LongSupplier millis, int capacity) {
        this.millis = millis;
        this.capacity = capacity;
    }

    /** Takes new settings; the failures and bans seen so far are kept. */
    public synchronized void configure(LoginGuardSettings settings) {
        this.settings = settings;
        this.exempt = settings.banExempt().stream().map(Network::parse).toList();
    }

    /** How long the ban of an address still lasts, in milliseconds; 0 if it is not banned. */
    synchronized long bannedMillis(InetAddress address) {
        Entry entry = entries.get(address);
        return entry == null || entry.lastBanSeconds == 0 ? 0 : Math.max(0, entry.bannedUntil - millis.getAsLong());
    }

    /** Counts a failed login; the ban it starts, if it is the one too many. */
    synchronized Optional<Ban> failed(InetAddress address) {
        int maxFailures = settings.banMaxFailures();
        if (maxFailures == 0 || exempt.stream().anyMatch(network -> network.contains(address))) {
            return Optional.empty();
        }
        long now = millis.getAsLong();
        Entry entry = entries.get(address);
        if (entry == null) {
            makeRoom();
            entry = new Entry();
            entries.put(address, entry);
        }
        if (entry.lastBanSeconds > 0 && entry.bannedUntil > now) {
            return Optional.empty();
        }
        int failures = entry.fail(now, now - settings.banWindowSeconds() * 1000L, maxFailures);
        if (failures < maxFailures) {
            return Optional.empty();
        }
        long seconds = entry.lastBanSeconds > 0 && now - entry.bannedUntil < settings.banMaxTimeSeconds() * 1000L
                ? Math.min(entry.lastBanSeconds * 2, settings.banMaxTimeSeconds())
                : settings.banTimeSeconds();
        entry.lastBanSeconds = seconds;
        entry.bannedUntil = now + seconds * 1000;
        entry.failures = 0;
        return Optional.of(new Ban(seconds, failures));
    }

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /**
     * The address an IP literal names, never looked up: an IPv6 literal goes in brackets, where Java takes
     * nothing else, and an IPv4 one must be four numbers up to 255 (else Java would look it up as a
     * host name).
     *
     * @throws IllegalArgumentException if {@code literal} is not one
     */
    public static InetAddress literal(String literal) {
        try {
            if (literal.contains(":")) {
                return InetAddress.getByName("[" + literal + "]");
            }
            if (IPV4.matcher(literal).matches()
                    && Arrays.stream(literal.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255)) {
                return InetAddress.getByName(literal);
            }
        } catch (UnknownHostException notALiteral) {
            // refused below
        }
        throw new IllegalArgumentException("not an IP address: " + literal);
    }

    /** The addresses banned now, the longest left first. */
    public synchronized List<AddressBan> banned() {
        long now = millis.getAsLong();
        var banned = new ArrayList<AddressBan>();
        entries.forEach((address, entry) -> {
            if (entry.lastBanSeconds > 0 && entry.bannedUntil > now) {
                banned.add(new AddressBan(address.getHostAddress(), Duration.ofSeconds(entry.lastBanSeconds),
                        Duration.ofMillis(entry.bannedUntil - now)));
            }
        });
        banned.sort(Comparator.comparing(AddressBan::left).reversed());
        return banned;
    }

    /**
     * Lifts the ban of {@code address} and forgets its failures, as if it had never failed: its next ban is a
     * first one again. Whether it was banned.
     */
    public synchronized boolean unban(InetAddress address) {
        boolean wasBanned = bannedMillis(address) > 0;
        entries.remove(address);
        return wasBanned;
    }

    /** Forgets the addresses with no failure in the window and no ban to remember. */
    public synchronized void purge() {
        long now = millis.getAsLong();
        entries.values().removeIf(entry -> forgettable(entry, now));
    }

    /** The number of addresses remembered. */
    synchronized int size() {
        return entries.size();
    }

    private boolean forgettable(Entry entry, long now) {
        return (entry.failures == 0 || entry.newest() < now - settings.banWindowSeconds() * 1000L)
                && (entry.lastBanSeconds == 0 || now - entry.bannedUntil >= settings.banMaxTimeSeconds() * 1000L);
    }

    private void makeRoom() {
        if (entries.size() < capacity) {
            return;
        }
        long now = millis.getAsLong();
        Iterator<Map.Entry<InetAddress, Entry>> eldest = entries.entrySet().iterator();
        for (int i = 0; i < EVICTION_SCAN && eldest.hasNext(); i++) {
            Entry entry = eldest.next().getValue();
            if (entry.lastBanSeconds == 0 || entry.bannedUntil <= now) {
                eldest.remove();
                return;
            }
        }
        // all banned: the ban seen least recently gives way
        Iterator<InetAddress> first = entries.keySet().iterator();
        first.next();
        first.remove();
    }

    /** The failures of one address (times of the last ones, oldest first) and its last ban. */
    private static final class Entry {
        private long[] times = new long[0];
        private int failures;
        private long lastBanSeconds;
        private long bannedUntil;

        /** Adds a failure at {@code now}, forgets those before {@code windowStart}; the failures left. */
        int fail(long now, long windowStart, int maxFailures) {
            if (times.length != maxFailures) {
                long[] resized = new long[maxFailures];
                int kept = Math.min(failures, maxFailures);
                System.arraycopy(times, failures - kept, resized, 0, kept);
                times = resized;
                failures = kept;
            }
            int expired = 0;
            while (expired < failures && times[expired] < windowStart) {
                expired++;
            }
            if (failures - expired == maxFailures) {
                expired++;
            }
            System.arraycopy(times, expired, times, 0, failures - expired);
            failures -= expired;
            times[failures++] = now;
            return failures;
        }

        long newest() {
            return times[failures - 1];
        }
    }

    /** An address or network of exempt addresses. */
    private record Network(byte[] address, int prefix) {
        static Network parse(String network) {
            int slash = network.indexOf('/');
            return new Network(literal(network.substring(0, slash)).getAddress(),
                    Integer.parseInt(network.substring(slash + 1)));
        }

        boolean contains(InetAddress candidate) {
            byte[] bytes = candidate.getAddress();
            if (bytes.length != address.length) {
                return false;
            }
            int whole = prefix / 8;
            if (!Arrays.equals(bytes, 0, whole, address, 0, whole)) {
                return false;
            }
            int rest = prefix % 8;
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (bytes[whole] & mask) == (address[whole] & mask);
        }
    }
}
