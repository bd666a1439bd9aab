package org.cosftp.ftp.internal.command;

import static org.junit.Assert.assertEquals;

import org.cosftp.ftp.activity.Activity.Cause;
import org.junit.Test;

/** The category a failed command's reply puts it in, as the metrics count it. */
public class FailureCausesTest {
    @Test
    public void eachReplyOfAFailureHasItsCategory() {
        assertEquals("no reply: the client had gone", Cause.CLIENT_GONE, CommandOutcome.causeOf(0));
        assertEquals("too many connections or logins", Cause.LIMIT, CommandOutcome.causeOf(421));
        assertEquals("larger than the largest file", Cause.LIMIT, CommandOutcome.causeOf(552));
        assertEquals(Cause.DATA_CONNECTION, CommandOutcome.causeOf(425));
        assertEquals(Cause.DATA_CONNECTION, CommandOutcome.causeOf(426));
        assertEquals("the store failed", Cause.STORAGE, CommandOutcome.causeOf(451));
        assertEquals("a wrong password", Cause.REFUSED, CommandOutcome.causeOf(530));
        assertEquals("no such file", Cause.REFUSED, CommandOutcome.causeOf(550));
        assertEquals("a directory's name", Cause.REFUSED, CommandOutcome.causeOf(553));
    }
}
