package org.cosftp.ftp.internal.command;

import static org.junit.Assert.assertEquals;

import org.cosftp.ftp.activity.Activity.Cause;
import org.junit.Test;

/** The category a failed command's reply puts it in, as the metrics count it. */
public class FailureCausesTest {
    @Test
    public void eachReplyOfAFailureHasItsCategory() {
        assertEquals("no reply: the client had gone", Cause.CLIENT_GONE, RunningCommands.causeOf(0));
        assertEquals("too many connections or logins", Cause.LIMIT, RunningCommands.causeOf(421));
        assertEquals("larger than the largest file", Cause.LIMIT, RunningCommands.causeOf(552));
        assertEquals(Cause.DATA_CONNECTION, RunningCommands.causeOf(425));
        assertEquals(Cause.DATA_CONNECTION, RunningCommands.causeOf(426));
        assertEquals("the store failed", Cause.STORAGE, RunningCommands.causeOf(451));
        assertEquals("a wrong password", Cause.REFUSED, RunningCommands.causeOf(530));
        assertEquals("no such file", Cause.REFUSED, RunningCommands.causeOf(550));
        assertEquals("a directory's name", Cause.REFUSED, RunningCommands.causeOf(553));
    }
}
