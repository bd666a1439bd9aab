package org.cosftp.ftp.internal.guard;

import static org.cosftp.ftp.internal.guard.ConnectionPolicyFtplet.activePort;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** The port an active-mode command asks the server to connect to, which must not be below 1024. */
public class ConnectionPolicyFtpletTest {
    @Test
    public void portNamesItsPortInItsLastTwoBytes() {
        assertEquals(2121, activePort("PORT", "127,0,0,1,8,73"));
        assertEquals(21, activePort("PORT", "127,0,0,1,0,21"));
        assertEquals(65535, activePort("PORT", " 127, 0, 0, 1, 255, 255 "));
    }

    @Test
    public void eprtNamesItsPortInItsThirdFieldWhateverTheDelimiter() {
        assertEquals(2121, activePort("EPRT", "|1|127.0.0.1|2121|"));
        assertEquals(25, activePort("EPRT", "|2|::1|25|"));
        assertEquals(22, activePort("EPRT", "!1!127.0.0.1!22!"));
    }

    @Test
    public void malformedArgumentsAreLeftToFtpServerToRefuse() {
        for (String argument : new String[] {"127,0,0,1,8", "127,0,0,1,8,73,1", "127,0,0,1,x,73", "127,0,0,1,256,0",
                "127,0,0,1,-1,21", ""}) {
            assertEquals(argument, -1, activePort("PORT", argument));
        }
        for (String argument : new String[] {"|1|127.0.0.1|", "|1|127.0.0.1|port|", "|", ""}) {
            assertEquals(argument, -1, activePort("EPRT", argument));
        }
    }
}
