package org.cosftp.itests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape of the monitoring endpoint's {@code /metrics}, as Prometheus reads it: every sample by series. */
final class PrometheusText {
    /** A sample line: the series (name and labels) and its value. */
    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-z_]+(?:\\{[^}]*\\})?) (\\S+)$");

    private PrometheusText() {
    }

    /** What {@code url} answers: its status and body; with basic authentication unless {@code user} is null. */
    record Answer(int status, String body) {
    }

    static Answer get(URI url, String user, String password) throws IOException {
        var connection = (HttpURLConnection) url.toURL().openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(10_000);
        if (user != null) {
            connection.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            int status = connection.getResponseCode();
            var in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            connection.disconnect();
        }
    }

    /** Every sample of the endpoint at {@code base}, by series such as {@code cosftp_uploads_total{…}}. */
    static Map<String, Double> scrape(URI base, String user, String password) throws IOException {
        Answer metrics = get(base.resolve("metrics"), user, password);
        assertEquals(metrics.body(), 200, metrics.status());
        var samples = new HashMap<String, Double>();
        Matcher sample = SAMPLE.matcher(metrics.body());
        while (sample.find()) {
            samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
        }
        return samples;
    }

    /** The sum of the samples whose series begins with {@code prefix}. */
    static double sum(Map<String, Double> samples, String prefix) {
        return samples.entrySet().stream().filter(sample -> sample.getKey().startsWith(prefix))
                .mapToDouble(Map.Entry::getValue).sum();
    }
}
