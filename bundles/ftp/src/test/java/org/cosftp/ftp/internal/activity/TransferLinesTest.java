package org.cosftp.ftp.internal.activity;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.cosftp.ftp.activity.Activity;
import org.junit.Test;

/** The transfer log's two line formats, field by field. */
public class TransferLinesTest {
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static Activity transfer(Activity.Kind kind, String path, String user, Duration duration,
            boolean succeeded, boolean binary, String reason) {
        return new Activity(kind, kind == Activity.Kind.UPLOAD ? "STOR" : "RETR",
                Instant.parse("2026-12-02T09:52:00Z").minus(duration), duration, 17, user, "192.168.20.10", 50123,
                "192.168.20.1:21", path, "", 896242, succeeded ? "NjVhYmE3ZDlfNmRh" : "", succeeded, succeeded ? Activity.Cause.NONE : Activity.Cause.ABORTED,
                reason, succeeded ? 226 : 426, false, binary);
    }

    @Test
    public void anXferlogLineHasVsftpdsFourteenFields() {
        assertEquals("Wed Dec  2 09:52:00 2026 50 192.168.20.10 896242 /home/test/file1.tgz b _ o r suporte ftp 0 * c",
                Xferlog.line(transfer(Activity.Kind.DOWNLOAD, "/home/test/file1.tgz", "suporte",
                        Duration.ofSeconds(50), true, true, ""), UTC));
    }

    @Test
    public void aFailedAsciiUploadIsIncomingAndIncompleteAndTakesAtLeastASecond() {
        assertEquals("Wed Dec  2 09:52:00 2026 1 192.168.20.10 896242 /in/a.txt a _ i r demo ftp 0 * i",
                Xferlog.line(transfer(Activity.Kind.UPLOAD, "/in/a.txt", "demo", Duration.ofMillis(20), false,
                        false, "ABOR"), UTC));
    }

    @Test
    public void spacesAndControlCharactersInNamesBecomeUnderscoresSoThatTheFieldsStayFourteen() {
        String line = Xferlog.line(transfer(Activity.Kind.UPLOAD, "/my photos/a\tb\u00a0c.jpg", "x y",
                Duration.ofSeconds(2), true, true, ""), UTC);
        assertEquals("/my_photos/a_b_c.jpg", line.split(" ")[9]);
        assertEquals("x_y", line.split(" ")[14]);
        // 14 fields, the time five words of them, and the padded day one empty word more
        assertEquals(19, line.split(" ").length);
    }

    @Test
    public void aJsonLineHasEveryFieldEscaped() {
        assertEquals("{\"time\":\"2026-12-02T09:52:00Z\",\"start_time\":\"2026-12-02T09:51:58.500Z\","
                + "\"event\":\"upload\",\"command\":\"STOR\",\"status\":\"failed\",\"cause\":\"aborted\","
                + "\"error\":\"client gone: \\\"QUIT\\\"\\n\\u0001\",\"reply_code\":426,\"connection_id\":17,"
                + "\"username\":\"demo\",\"remote_address\":\"192.168.20.10:50123\","
                + "\"local_address\":\"192.168.20.1:21\",\"file_path\":\"/a\\\\b.bin\",\"size_bytes\":896242,"
                + "\"cos_request_id\":\"\","
                + "\"bytes_in\":896242,\"bytes_out\":0,\"elapsed_ms\":1500,\"protocol\":\"FTP\",\"mode\":\"binary\"}",
                TransferJson.line(transfer(Activity.Kind.UPLOAD, "/a\\b.bin", "demo", Duration.ofMillis(1500),
                        false, true, "client gone: \"QUIT\"\n\u0001")));
    }
}
