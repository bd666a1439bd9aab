package org.cosftp.ftp.internal.command;

import static org.cosftp.ftp.internal.command.ControlWatchFilter.signals;
import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.Test;

/** Which reads of a control connection cancel a running upload at once: ABOR and QUIT on lines of their own. */
public class ControlWatchFilterTest {
    private static List<String> of(String read) {
        return signals(read.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    public void aborAndQuitOnLinesOfTheirOwnInAnyCase() {
        assertEquals(List.of("ABOR"), of("ABOR\r\n"));
        assertEquals(List.of("ABOR"), of("abor\r\n"));
        assertEquals(List.of("QUIT"), of("QUIT\n"));
        assertEquals(List.of("ABOR"), of("ABOR  \r\n"));
    }

    @Test
    public void theTelnetInterruptAndSynchThatRfc959AsksBeforeAborCount() {
        assertEquals(List.of("ABOR"), of("\u00ff\u00f4\u00ff\u00f2ABOR\r\n"));
    }

    @Test
    public void severalSignalsInOneReadAreAllSeen() {
        assertEquals(List.of("ABOR", "QUIT"), of("ABOR\r\nQUIT\r\n"));
        assertEquals(List.of("QUIT"), of("NOOP\r\nQUIT\r\n"));
    }

    @Test
    public void namesAndArgumentsAreNoSignal() {
        assertEquals(List.of(), of("STOR ABOR\r\n"));
        assertEquals(List.of(), of("RETR QUIT.txt\r\n"));
        assertEquals(List.of(), of("ABORT\r\n"));
        assertEquals(List.of(), of("XABOR\r\n"));
        // only LF ends a line: not a lone CR, nor the byte 0x85 that Java counts as a line end elsewhere
        assertEquals(List.of(), of("STOR a\rABOR\r\n"));
        assertEquals(List.of(), of("STOR a\u0085ABOR\r\n"));
    }

    @Test
    public void aLineNotYetEndedIsNoSignalYet() {
        assertEquals(List.of(), of("ABOR"));
        assertEquals(List.of(), of("QU"));
    }
}
