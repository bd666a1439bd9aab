package org.cosftp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.cosftp.metrics.MonitoringEndpoint;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.ObjectWriter;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/**
 * Real client processes killed in the middle of an upload over an existing file, as a user's Ctrl-C (SIGINT) or
 * a crash or {@code kill -9} (SIGKILL) ends them: curl (plain and FTPS), lftp and a Python ftplib script, each
 * with a small file (one PUT) and a large one (a multipart upload under way when it dies). A killed process's
 * kernel closes its sockets with FIN, so the server reads a clean end of the data; none of these uploads may
 * become the object. Each client reads the new file on its standard input, which the test writes: the client
 * is killed with half of the file sent, so whatever the server received is a truncated file.
 *
 * <p>{@code -Dcosftp.itest.killTrials=N} sets the trials per client, signal and size (3 by default; the README
 * gives the figures of a run with 100).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KilledClientIT extends CosFtpTestSupport {
    private static final String CLIENTS = "cosftp.itest.clients";
    private static final String TRIALS = "cosftp.itest.killTrials";
    private static final String PYTHON = "/usr/bin/python3";
    private static final int SMALL = 3 * 1024 * 1024;
    /** Five parts of the tests' 5 MiB. */
    private static final int LARGE = 24 * 1024 * 1024;
    private static final Pattern DISCARDED = Pattern.compile(
            "upload of (\\S+) discarded after (\\d+) bytes: ([^\\n]*?)(?:, (\\d+) ms after its data ended)?\\n");

    @Inject
    @Filter("(service.pid=org.cosftp.storage~default)")
    private ObjectStorage storage;

    @Inject
    @Filter(timeout = 60_000)
    private MonitoringEndpoint monitoring;

    @Configuration
    public Option[] configuration() {
        return distribution(systemProperty(CLIENTS).value(System.getProperty(CLIENTS)),
                systemProperty(TRIALS).value(System.getProperty(TRIALS, "3")),
                // with the default largest file (200 GiB), 5 MiB parts would be raised to 21 MiB to fit in 10,000
                editConfigurationFilePut("etc/org.cosftp.storage-default.cfg", "maxFileSizeGiB", "1"));
    }

    private enum Client {
        CURL("curl"), CURL_FTPS("curl over FTPS"), LFTP("lftp"), FTPLIB("Python ftplib");

        final String label;

        Client(String label) {
            this.label = label;
        }

        /** The client's command storing its standard input at {@code path}. */
        List<String> command(String path) {
            String port = Integer.toString(ftpPort());
            String clients = System.getProperty(CLIENTS);
            var command = new ArrayList<>(List.of(PYTHON, clients + "/default_sigint.py"));
            switch (this) {
                case CURL -> command.addAll(List.of("curl", "-sS", "--ftp-create-dirs", "-T", "-",
                        "ftp://demo:demo@127.0.0.1:" + port + path));
                case CURL_FTPS -> command.addAll(List.of("curl", "-sS", "--ssl-reqd", "-k", "--ftp-create-dirs",
                        "-T", "-", "ftp://demo:demo@127.0.0.1:" + port + path));
                case LFTP -> command.addAll(List.of("lftp", "-c", "set ftp:ssl-allow no; set net:max-retries 1; "
                        + "open -u demo,demo ftp://127.0.0.1:" + port + "; put /dev/stdin -o " + path));
                case FTPLIB -> command.addAll(List.of(PYTHON, clients + "/ftplib_stdin_put.py", port, "demo", "demo",
                        path));
            }
            return command;
        }
    }

    private enum Signal {
        INT, KILL
    }

    /** One trial's outcome, as the server's log line about the upload gives it. */
    private record Outcome(long bytesReceived, String why, Long millisAfterData) {
    }

    @Test
    public void uploadsOfKilledClientsNeverBecomeTheObject() throws Exception {
        int trials = Integer.getInteger(TRIALS, 3);
        var report = new StringBuilder("killed clients, " + trials + " trials each:\n");
        var truncated = new ArrayList<String>();
        byte[] small = FtpSupport.random(SMALL, 901);
        byte[] large = FtpSupport.random(LARGE, 902);
        Map<String, Double> before = PrometheusText.scrape(monitoring.uri(), null, null);
        int killed = 0;
        for (Client client : Client.values()) {
            ExternalClient.requireInstalled(client.command("/x").get(2));
            for (Signal signal : Signal.values()) {
                for (byte[] file : List.of(small, large)) {
                    var outcomes = new ArrayList<Outcome>();
                    for (int trial = 0; trial < trials; trial++) {
                        String key = "killed/" + client.name().toLowerCase() + "-" + signal.name().toLowerCase() + "-"
                                + file.length + "-" + trial + ".bin";
                        byte[] old = FtpSupport.random(1000 + trial, trial);
                        write(key, old);
                        Outcome outcome = killMidway(client, signal, key, file);
                        outcomes.add(outcome);
                        killed++;
                        byte[] now = read(key);
                        if (!Arrays.equals(old, now)) {
                            truncated.add(client.label + " SIG" + signal + " " + file.length + " bytes, trial " + trial
                                    + ": the object has " + now.length + " bytes; the server: " + outcome);
                        }
                        await("no multipart upload left open after " + key, Duration.ofSeconds(30),
                                () -> !openMultipartUploads(BUCKET));
                    }
                    report.append(String.format("  %-16s SIG%-4s %8d bytes: %s%n", client.label, signal,
                            file.length, summary(outcomes)));
                }
            }
        }
        if (!truncated.isEmpty()) {
            fail(truncated.size() + " killed uploads became the object:\n" + String.join("\n", truncated)
                    + "\n" + report);
        }
        // the metrics count each of them as an upload that failed, none as stored (an upload's command is counted
        // as it ends, a moment after the log line its trial awaited)
        String uploads = "cosftp_uploads_total{";
        int all = killed;
        await("every killed upload counted", Duration.ofSeconds(10), () -> PrometheusText.sum(PrometheusText.scrape(
                monitoring.uri(), null, null), uploads) - PrometheusText.sum(before, uploads) == all);
        Map<String, Double> after = PrometheusText.scrape(monitoring.uri(), null, null);
        String succeeded = "cosftp_uploads_total{cause=\"none\",outcome=\"success\"}";
        assertEquals(report.toString(), before.get(succeeded), after.get(succeeded));
        after.forEach((series, count) -> {
            if (series.startsWith(uploads) && count > before.getOrDefault(series, 0.0)) {
                report.append("  ").append(series).append(" +").append(count - before.getOrDefault(series, 0.0))
                        .append('\n');
            }
        });
        System.out.print(report);
    }

    /**
     * Starts the client, feeds it half of {@code file} (for a large file, until its multipart upload is open in
     * the store), kills it, and waits for the server's verdict on the upload.
     */
    private Outcome killMidway(Client client, Signal signal, String key, byte[] file) throws Exception {
        String path = "/" + key;
        Process process = new ProcessBuilder(client.command(path)).redirectErrorStream(true).start();
        CompletableFuture<byte[]> printed = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        OutputStream input = process.getOutputStream();
        try {
            int half = file.length / 2;
            // the write returns once the client has read it: the client is sending, its STOR under way
            feed(process, input, file, 0, half, printed);
            if (file.length == LARGE) {
                await("the multipart upload of " + key + " open in the store", Duration.ofSeconds(30),
                        () -> openMultipartUploads(BUCKET));
            }
            long pid = process.pid();
            if (signal == Signal.KILL) {
                process.destroyForcibly();
            } else {
                // Java has no way to send SIGINT; the kill(1) of procps may not be installed
                new ProcessBuilder(PYTHON, "-c", "import os, signal, sys; os.kill(int(sys.argv[1]), signal.SIGINT)",
                        Long.toString(pid)).inheritIO().start().waitFor();
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(client.label + " did not end on SIG" + signal + "; it printed: "
                        + new String(printed.getNow(new byte[0])));
            }
        } finally {
            try {
                input.close();
            } catch (IOException closed) {
                // the client is gone
            }
        }
        await("the server's verdict on " + path, Duration.ofSeconds(30),
                () -> log().contains("upload of " + path + " discarded") || log().contains("uploaded " + path + " ("));
        String log = log();
        if (log.contains("uploaded " + path + " (")) {
            return new Outcome(-1, "stored", null);
        }
        Matcher discarded = DISCARDED.matcher(log);
        while (discarded.find()) {
            if (discarded.group(1).equals(path)) {
                return new Outcome(Long.parseLong(discarded.group(2)), discarded.group(3),
                        discarded.group(4) == null ? null : Long.valueOf(discarded.group(4)));
            }
        }
        throw new AssertionError("no verdict line for " + path);
    }

    /** Writes into the client's standard input, failing rather than hanging if the client ends first. */
    private static void feed(Process process, OutputStream input, byte[] file, int from, int to,
            CompletableFuture<byte[]> printed) throws Exception {
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
            try {
                input.write(file, from, to - from);
                input.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            written.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("the client did not take its input (" + e + "); it printed: "
                    + new String(printed.get(10, TimeUnit.SECONDS)), e);
        }
    }

    private static String summary(List<Outcome> outcomes) {
        long stored = outcomes.stream().filter(o -> o.bytesReceived() < 0).count();
        long minBytes = outcomes.stream().mapToLong(Outcome::bytesReceived).filter(b -> b >= 0).min().orElse(-1);
        long maxBytes = outcomes.stream().mapToLong(Outcome::bytesReceived).max().orElse(-1);
        long atTheEnd = outcomes.stream().filter(o -> o.millisAfterData() != null).count();
        long latest = outcomes.stream().map(Outcome::millisAfterData).filter(m -> m != null).mapToLong(m -> m).max()
                .orElse(-1);
        return outcomes.size() - stored + " discarded (" + minBytes + " to " + maxBytes + " bytes received), "
                + stored + " stored; " + atTheEnd + " seen gone after the data ended"
                + (latest >= 0 ? ", at most " + latest + " ms after" : "");
    }

    private void write(String key, byte[] data) throws IOException {
        try (ObjectWriter writer = storage.write(key, Map.of())) {
            writer.write(data);
            writer.commit();
        }
    }

    private byte[] read(String key) throws IOException {
        try (InputStream in = storage.read(key, 0)) {
            return in.readAllBytes();
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
