package org.cosftp.metrics.internal.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.cosftp.ftp.FtpServerOperations;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.StorageException;

/**
 * Whether cos-ftp can serve clients: its FTP listener is bound, and every storage answered a bucket check
 * recently. The checks run on the caller's schedule ({@link #checkDue}), never on a probe's request, so that a
 * load balancer probing every second costs the bucket nothing more.
 */
public final class Readiness {
    /** The last check of one storage. */
    private record Check(Instant at, String failure) {
    }

    private final Supplier<FtpServerOperations> server;
    private final Supplier<List<ObjectStorage>> storages;
    private final Map<String, Check> lastSuccess = new ConcurrentHashMap<>();
    private final Map<String, Check> lastCheck = new ConcurrentHashMap<>();
    private volatile Duration maxAge;

    /** @param maxAge how old a storage's last successful check may be for it to count as ready */
    public Readiness(Supplier<FtpServerOperations> server, Supplier<List<ObjectStorage>> storages, Duration maxAge) {
        this.server = server;
        this.storages = storages;
        this.maxAge = maxAge;
    }

    public void maxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }

    /**
     * Checks the bucket of each storage whose last check is older than {@code interval}, or than
     * {@code retry} if it failed, or that was never checked (a storage configured since): called every
     * second or so, it checks each storage about once an interval, and a new or failing one soon.
     */
    public void checkDue(Duration interval, Duration retry) {
        Instant now = Instant.now();
        for (ObjectStorage storage : storages.get()) {
            Check last = lastCheck.get(storage.name());
            Duration wait = last == null ? Duration.ZERO : last.failure() == null ? interval : retry;
            if (last != null && last.at().plus(wait).isAfter(now)) {
                continue;
            }
            Check check;
            try {
                storage.check();
                check = new Check(Instant.now(), null);
                lastSuccess.put(storage.name(), check);
            } catch (StorageException | RuntimeException e) {
                check = new Check(Instant.now(), String.valueOf(e.getMessage()));
            }
            lastCheck.put(storage.name(), check);
        }
    }

    /** The verdict: ready, or why not (each reason one line). */
    public record Verdict(boolean ready, List<String> reasons) {
    }

    public Verdict verdict() {
        var reasons = new ArrayList<String>();
        FtpServerOperations operations = server.get();
        if (operations == null || operations.listeners().isEmpty()) {
            reasons.add("the FTP server listens on no port");
        }
        List<ObjectStorage> current = storages.get();
        if (current.isEmpty()) {
            reasons.add("no storage is configured");
        }
        Instant oldest = Instant.now().minus(maxAge);
        for (ObjectStorage storage : current) {
            Check success = lastSuccess.get(storage.name());
            Check last = lastCheck.get(storage.name());
            if (success == null || success.at().isBefore(oldest)) {
                reasons.add("storage '" + storage.name() + "': " + (last == null ? "not checked yet"
                        : last.failure() != null ? last.failure()
                        : "no successful check since " + success.at()));
            }
        }
        return new Verdict(reasons.isEmpty(), List.copyOf(reasons));
    }

}
