package org.cosftp.metrics.internal.prometheus;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.cosftp.ftp.activity.Activity;
import org.cosftp.ftp.activity.Activity.Cause;
import org.cosftp.ftp.activity.Activity.Kind;

/**
 * What the sessions did, counted: each kind of activity by outcome and cause, the bytes moved, and the
 * durations and sizes of transfers as histograms. Counting is a few adds on lock-free counters, on the
 * session's thread as its command ends.
 */
final class ActivityMetrics {
    /** Seconds: from a small file on loopback to a large one over a slow link. */
    private static final double[] DURATION_BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
        60, 300, 1800};
    /** Bytes: 1 KiB to 16 GiB, by fours. */
    private static final int SIZE_BUCKETS = 13;

    private final Map<Kind, Counter> counts = new EnumMap<>(Kind.class);
    private final Counter bans;
    private final Counter bytes;
    private final Histogram durations;
    private final Histogram sizes;

    ActivityMetrics(PrometheusRegistry registry) {
        counts.put(Kind.UPLOAD, outcomes("cosftp_uploads", "Uploads (STOR, APPE, STOU) by outcome; a failed "
                + "upload stored nothing, and its cause says why", registry));
        counts.put(Kind.DOWNLOAD, outcomes("cosftp_downloads", "Downloads (RETR) by outcome", registry));
        counts.put(Kind.LIST, outcomes("cosftp_listings", "Directory listings (LIST, NLST, MLSD) by outcome",
                registry));
        counts.put(Kind.DELETE, outcomes("cosftp_deletes", "File deletions (DELE) by outcome", registry));
        counts.put(Kind.RENAME, outcomes("cosftp_renames", "Renames of files and directories (RNTO) by outcome",
                registry));
        counts.put(Kind.MKDIR, outcomes("cosftp_directories_created", "Directories created (MKD) by outcome",
                registry));
        counts.put(Kind.RMDIR, outcomes("cosftp_directories_removed", "Directories removed (RMD) by outcome",
                registry));
        counts.put(Kind.LOGIN, outcomes("cosftp_logins", "Logins by outcome; refused: a wrong name or password, "
                + "limit: too many sessions", registry));
        bans = Counter.builder().name("cosftp_bans").help("Client addresses banned for failed logins")
                .withoutExemplars().register(registry);
        bytes = Counter.builder().name("cosftp_transfer_bytes")
                .help("Bytes of files moved over data connections, failed transfers' included")
                .labelNames("direction").withoutExemplars().register(registry);
        durations = Histogram.builder().name("cosftp_transfer_duration_seconds")
                .help("How long transfers took, from the command to its reply").labelNames("direction", "outcome")
                .classicOnly().classicUpperBounds(DURATION_BOUNDS).withoutExemplars().register(registry);
        sizes = Histogram.builder().name("cosftp_transfer_size_bytes").help("Sizes of the files transferred")
                .labelNames("direction").classicOnly().classicExponentialUpperBounds(1024, 4, SIZE_BUCKETS)
                .withoutExemplars().register(registry);
        for (String direction : new String[] {"upload", "download"}) {
            bytes.labelValues(direction);
            sizes.labelValues(direction);
        }
    }

    /** A counter by outcome and cause, each series there from the start, at zero. */
    private static Counter outcomes(String name, String help, PrometheusRegistry registry) {
        Counter counter = Counter.builder().name(name).help(help).labelNames("outcome", "cause")
                .withoutExemplars().register(registry);
        for (Cause cause : Cause.values()) {
            counter.labelValues(outcome(cause), label(cause));
        }
        return counter;
    }

    void finished(Activity activity) {
        if (activity.kind() == Kind.BAN) {
            bans.inc();
            return;
        }
        counts.get(activity.kind()).labelValues(outcome(activity.cause()), label(activity.cause())).inc();
        if (activity.kind().isTransfer()) {
            String direction = activity.kind() == Kind.UPLOAD ? "upload" : "download";
            bytes.labelValues(direction).inc(activity.bytes());
            durations.labelValues(direction, outcome(activity.cause()))
                    .observe(activity.duration().toNanos() / 1e9);
            if (activity.succeeded()) {
                sizes.labelValues(direction).observe(activity.bytes());
            }
        }
    }

    /** How many activities of {@code kind} were done, or failed: what JMX shows. */
    long count(Kind kind, boolean succeeded) {
        if (kind == Kind.BAN) {
            return succeeded ? (long) bans.get() : 0;
        }
        Counter counter = counts.get(kind);
        long sum = 0;
        for (Cause cause : Cause.values()) {
            if ((cause == Cause.NONE) == succeeded) {
                sum += (long) counter.labelValues(outcome(cause), label(cause)).get();
            }
        }
        return sum;
    }

    /** The bytes moved by uploads ({@code upload}) or downloads ({@code download}). */
    long bytes(String direction) {
        return (long) bytes.labelValues(direction).get();
    }

    private static String outcome(Cause cause) {
        return cause == Cause.NONE ? "success" : "failure";
    }

    static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
