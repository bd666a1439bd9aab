package org.cosftp.ftp.internal.fs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.time.Instant;
import java.util.Map;

import org.junit.Test;

/** A client's MFMT time as an object's user metadata, and back. */
public class ClientTimeTest {
    @Test
    public void aTimeRoundTripsToTheSecondInUtc() {
        Instant time = Instant.parse("2020-01-02T03:04:05Z");
        assertEquals(Map.of("mtime", "20200102030405"), ClientTime.metadata(time));
        assertEquals(time, ClientTime.of(ClientTime.metadata(time)));
    }

    @Test
    public void fractionsOfASecondAreDropped() {
        assertEquals(Instant.parse("2020-01-02T03:04:05Z"), ClientTime.of(Map.of("mtime", "20200102030405.678")));
    }

    @Test
    public void noTimeOrOneThatDoesNotParseIsNone() {
        assertNull(ClientTime.of(Map.of()));
        assertNull(ClientTime.of(Map.of("mtime", "yesterday")));
        assertNull(ClientTime.of(Map.of("mtime", "20201340000000")));
        assertEquals(Map.of(), ClientTime.metadata(null));
    }
}
