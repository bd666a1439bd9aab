package org.cosftp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.commons.net.ftp.FTPClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * What sessions do, as other bundles and log tools see it: the OSGi events on {@code org/cosftp/…}, received by
 * this test's bundle as any operator's bundle would, and the transfer log, {@code data/log/cos-ftp-transfer.log},
 * read field by field in both formats.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ActivityIT extends CosFtpTestSupport {
    /** xferlog's 14 fields, the first (ctime's form, its day padded with a space) holding spaces of its own. */
    private static final Pattern XFERLOG = Pattern.compile("(\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}) "
            + "(\\d+) (\\S+) (\\d+) (\\S+) ([ab]) (_) ([io]) ([agr]) (\\S+) (ftp) ([01]) (\\S+) ([ci])");
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
            Locale.ENGLISH);

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurations;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private ServiceRegistration<EventHandler> handler;

    @Configuration
    public Option[] configuration() {
        return distribution(account("mover"),
                editConfigurationFilePut("etc/org.cosftp.server.cfg", "ban.maxFailures", "2"),
                editConfigurationFilePut("etc/org.cosftp.server.cfg", "loginFailureDelayMillis", "100"));
    }

    @Before
    public void listen() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, "org/cosftp/*");
        handler = context.registerService(EventHandler.class, events::add, properties);
    }

    @After
    public void stopListening() {
        handler.unregister();
    }

    /** The next event on {@code topic}, skipping others; fails if none comes within 10 s. */
    private Event next(String topic) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (long left; (left = deadline - System.nanoTime()) > 0;) {
            Event event = events.poll(left, TimeUnit.NANOSECONDS);
            if (event != null && event.getTopic().equals(topic)) {
                return event;
            }
        }
        throw new AssertionError("no event on " + topic + " within 10 s");
    }

    @Test
    public void eachChangeOfTheBucketAndEachLoginIsAnEventWithItsFields() throws Exception {
        byte[] photo = FtpSupport.random(300_000, 7);
        FTPClient ftp = FtpSupport.login("mover", "mover-pw");
        try {
            Event login = next("org/cosftp/login");
            assertEquals("mover", login.getProperty("user"));
            assertEquals("127.0.0.1", login.getProperty("client.address"));
            assertEquals(Boolean.TRUE, login.getProperty("succeeded"));
            assertEquals(230, login.getProperty("reply.code"));
            long session = (Long) login.getProperty("session.id");

            assertTrue(ftp.makeDirectory("/events"));
            Event mkdir = next("org/cosftp/mkdir");
            assertEquals("/events", mkdir.getProperty("path"));
            assertEquals(session, mkdir.getProperty("session.id"));

            FtpSupport.binary(ftp);
            assertTrue(FtpSupport.put(ftp, "/events/photo 1.jpg", photo));
            Event upload = next("org/cosftp/upload");
            assertEquals("/events/photo 1.jpg", upload.getProperty("path"));
            assertEquals((long) photo.length, upload.getProperty("bytes"));
            assertEquals("STOR", upload.getProperty("command"));
            assertEquals(226, upload.getProperty("reply.code"));
            assertEquals(Boolean.TRUE, upload.getProperty("binary"));
            assertTrue(String.valueOf(upload.getProperty("store.request.id")).matches("[A-Za-z0-9+/]{16,}"));
            assertNotNull(upload.getProperty(EventConstants.TIMESTAMP));

            FtpSupport.get(ftp, "/events/photo 1.jpg");
            Event download = next("org/cosftp/download");
            assertEquals((long) photo.length, download.getProperty("bytes"));
            assertEquals("mover", download.getProperty("user"));
            assertTrue("the GET's own id", String.valueOf(download.getProperty("store.request.id"))
                    .matches("[A-Za-z0-9+/]{16,}") && !download.getProperty("store.request.id")
                    .equals(upload.getProperty("store.request.id")));

            assertFalse(FtpSupport.put(ftp, "/events", new byte[10]));
            Event refused = next("org/cosftp/upload/failed");
            assertEquals(553, refused.getProperty("reply.code"));
            assertEquals("a directory has its name", refused.getProperty("reason"));

            assertTrue(ftp.rename("/events/photo 1.jpg", "/events/photo-2.jpg"));
            Event rename = next("org/cosftp/rename");
            assertEquals("/events/photo 1.jpg", rename.getProperty("path"));
            assertEquals("/events/photo-2.jpg", rename.getProperty("target"));

            assertFalse(ftp.deleteFile("/events/none.jpg"));
            Event missing = next("org/cosftp/delete/failed");
            assertEquals(550, missing.getProperty("reply.code"));
            assertTrue(ftp.deleteFile("/events/photo-2.jpg"));
            assertEquals("/events/photo-2.jpg", next("org/cosftp/delete").getProperty("path"));
            assertTrue(ftp.removeDirectory("/events"));
            assertEquals("/events", next("org/cosftp/rmdir").getProperty("path"));
        } finally {
            FtpSupport.quit(ftp);
        }
    }

    @Test
    public void failedLoginsAndTheBanTheyBringAreEvents() throws Exception {
        InetAddress address = GuardIT.source(41);
        FTPClient guessing = FtpSupport.connectFrom(address);
        try {
            assertFalse(guessing.login("mover", "wrong-1"));
            Event failed = next("org/cosftp/login/failed");
            assertEquals("mover", failed.getProperty("user"));
            assertEquals("127.0.0.41", failed.getProperty("client.address"));
            assertEquals(530, failed.getProperty("reply.code"));
            assertFalse(guessing.login("mover", "wrong-2"));
            Event ban = next("org/cosftp/ban");
            assertEquals("127.0.0.41", ban.getProperty("client.address"));
            assertTrue(String.valueOf(ban.getProperty("reason")),
                    ban.getProperty("reason").toString().matches("banned for \\d+ s after 2 failed logins"));
        } finally {
            guessing.disconnect();
        }
    }

    @Test
    public void theTransferLogHasAnXferlogLineForEachTransferAndJsonWhenChosen() throws Exception {
        byte[] scan = FtpSupport.random(70_000, 9);
        FTPClient ftp = FtpSupport.login("mover", "mover-pw");
        try {
            FtpSupport.binary(ftp);
            LocalDateTime before = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
            assertTrue(FtpSupport.put(ftp, "/scan 7.pdf", scan));
            Matcher upload = awaitLine(XFERLOG, "/scan_7.pdf");
            LocalDateTime at = LocalDateTime.parse(upload.group(1), CTIME);
            assertFalse(upload.group(1), at.isBefore(before) || at.isAfter(LocalDateTime.now()));
            assertEquals("1", upload.group(2));
            assertEquals("127.0.0.1", upload.group(3));
            assertEquals(Integer.toString(scan.length), upload.group(4));
            assertEquals(List.of("b", "_", "i", "r", "mover", "ftp", "0", "*", "c"), groups(upload, 6, 14));

            assertEquals(scan.length, FtpSupport.get(ftp, "/scan 7.pdf").length);
            Matcher download = awaitLine(XFERLOG, "/scan_7.pdf b _ o");
            assertEquals(List.of("o", "r", "mover", "ftp", "0", "*", "c"), groups(download, 8, 14));

            // an upload that stored nothing: ABOR while its bytes arrive; the line says incomplete
            FTPClient cutter = FtpSupport.login("mover", "mover-pw");
            try {
                FtpSupport.binary(cutter);
                OutputStream out = cutter.storeFileStream("/cut.bin");
                out.write(new byte[4096]);
                out.flush();
                cutter.sendCommand("ABOR");
                out.close();
            } finally {
                cutter.disconnect();
            }
            Matcher cut = awaitLine(XFERLOG, "/cut.bin");
            assertEquals("i", cut.group(14));

            var json = configurations.getConfiguration("org.cosftp.transferlog", null);
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("format", "json");
            json.update(properties);
            await("the JSON format in force", Duration.ofSeconds(30), () -> log().contains("transfer log: json"));
            assertTrue(FtpSupport.put(ftp, "/quoted \"name\".txt", "hello".getBytes(StandardCharsets.UTF_8)));
            String line = awaitLine(Pattern.compile("\\{.*\\}"), "quoted").group();
            assertTrue(line, line.contains("\"event\":\"upload\""));
            assertTrue(line, line.contains("\"status\":\"ok\""));
            assertTrue(line, line.contains("\"file_path\":\"/quoted \\\"name\\\".txt\""));
            // the id COS (here the local store) gave the PUT that made the object, as its support asks for it
            assertTrue(line, line.matches(".*\"size_bytes\":5,\"cos_request_id\":\"[A-Za-z0-9+/]{16,}\","
                    + "\"bytes_in\":5,\"bytes_out\":0.*"));
            assertTrue(line, line.contains("\"username\":\"mover\""));
            assertTrue(line, line.contains("\"protocol\":\"FTP\""));
            assertTrue(line, line.matches(".*\"remote_address\":\"127\\.0\\.0\\.1:\\d+\".*"));
            assertTrue(line, line.matches(".*\"elapsed_ms\":\\d+.*"));
            assertFalse("no transfer in karaf.log's own lines", log().contains("/scan_7.pdf b _"));
            assertFalse("log4j was given Karaf's log folder, not its variable",
                    Files.exists(Path.of(System.getProperty("karaf.home"), "${karaf.log}")));
        } finally {
            FtpSupport.quit(ftp);
        }
    }

    private static List<String> groups(Matcher matcher, int first, int last) {
        var groups = new java.util.ArrayList<String>();
        for (int i = first; i <= last; i++) {
            groups.add(matcher.group(i));
        }
        return groups;
    }

    /** Waits for a line of the transfer log that contains {@code part} and matches {@code format} whole. */
    private static Matcher awaitLine(Pattern format, String part) throws Exception {
        var found = new Matcher[1];
        await("a transfer log line with " + part, Duration.ofSeconds(10), () -> {
            for (String line : transferLog()) {
                Matcher matcher = format.matcher(line);
                if (line.contains(part) && matcher.matches()) {
                    found[0] = matcher;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static List<String> transferLog() throws IOException {
        Path file = Path.of(System.getProperty("karaf.data"), "log", "cos-ftp-transfer.log");
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }
}
