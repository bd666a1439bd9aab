package org.cosftp.metrics.internal.prometheus;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.cosftp.ftp.activity.Activity;
import org.cosftp.ftp.activity.Activity.Cause;
import org.cosftp.ftp.activity.Activity.Kind;
import org.cosftp.storage.StorageRequest;
import org.cosftp.storage.StorageRequest.Outcome;
import org.junit.Test;

/** What a scrape shows of the activities and storage requests the metrics heard of. */
public class GatewayMetricsTest {
    private final GatewayMetrics metrics = new GatewayMetrics();

    private static Activity activity(Kind kind, long bytes, Duration duration, Cause cause) {
        return new Activity(kind, "STOR", Instant.now(), duration, 1, "demo", "127.0.0.1", 50000,
                "127.0.0.1:2121", "/a.bin", "", bytes, "", cause == Cause.NONE, cause, "", 226, false, true);
    }

    private String scrape() throws Exception {
        var out = new ByteArrayOutputStream();
        metrics.writeText(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void transfersAreCountedByOutcomeWithTheirBytesDurationsAndSizes() throws Exception {
        metrics.finished(activity(Kind.UPLOAD, 300_000, Duration.ofMillis(40), Cause.NONE));
        metrics.finished(activity(Kind.UPLOAD, 5_000, Duration.ofMillis(3), Cause.ABORTED));
        metrics.finished(activity(Kind.BAN, 0, Duration.ZERO, Cause.NONE));
        String text = scrape();
        assertThat(text, containsString("cosftp_uploads_total{cause=\"none\",outcome=\"success\"} 1.0\n"));
        assertThat(text, containsString("cosftp_uploads_total{cause=\"aborted\",outcome=\"failure\"} 1.0\n"));
        assertThat(text, containsString("cosftp_downloads_total{cause=\"none\",outcome=\"success\"} 0.0\n"));
        assertThat(text, containsString("cosftp_transfer_bytes_total{direction=\"upload\"} 305000.0\n"));
        assertThat(text, containsString("cosftp_transfer_duration_seconds_bucket{direction=\"upload\","
                + "outcome=\"success\",le=\"0.05\"} 1\n"));
        assertThat(text, containsString("cosftp_transfer_duration_seconds_bucket{direction=\"upload\","
                + "outcome=\"success\",le=\"0.025\"} 0\n"));
        // only what was stored has a size
        assertThat(text, containsString("cosftp_transfer_size_bytes_count{direction=\"upload\"} 1\n"));
        assertThat(text, containsString("cosftp_bans_total 1.0\n"));
    }

    @Test
    public void storageRequestsAreCountedByApiAndOutcomeWithRetries() throws Exception {
        metrics.requestEnded(new StorageRequest("default", "PutObject", Outcome.SUCCESS, Duration.ofMillis(2), 0));
        metrics.requestEnded(new StorageRequest("default", "HeadObject", Outcome.SERVER_ERROR,
                Duration.ofMillis(30), 2));
        metrics.uploadCleanedUp("default");
        String text = scrape();
        assertThat(text, containsString("cosftp_cos_requests_total{operation=\"PutObject\",outcome=\"success\","
                + "storage=\"default\"} 1.0\n"));
        assertThat(text, containsString("cosftp_cos_requests_total{operation=\"HeadObject\","
                + "outcome=\"server_error\",storage=\"default\"} 1.0\n"));
        assertThat(text, containsString("cosftp_cos_retries_total{operation=\"HeadObject\",storage=\"default\"} "
                + "2.0\n"));
        assertThat(text, containsString("cosftp_cos_request_duration_seconds_bucket{operation=\"PutObject\","
                + "storage=\"default\",le=\"0.0025\"} 1\n"));
        assertThat(text, containsString("cosftp_cos_stale_uploads_aborted_total{storage=\"default\"} 1.0\n"));
    }

    @Test
    public void nothingIsCountedWhileCountingIsOff() throws Exception {
        metrics.counting(false);
        metrics.finished(activity(Kind.UPLOAD, 300_000, Duration.ofMillis(40), Cause.NONE));
        metrics.counting(true);
        assertThat(scrape(), not(containsString("cosftp_uploads_total{cause=\"none\",outcome=\"success\"} 1.0")));
    }
}
