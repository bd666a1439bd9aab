package org.cosftp.ftp.internal.command;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.Test;

/** What the log line of a failed login shows of the user name a client sent. */
public class PasswordCommandTest {

    @Test
    public void namesAreShownOnOneLineWithoutQuotesOrControlCharacters() {
        assertThat(PasswordCommand.printable("demo"), is("demo"));
        assertThat(PasswordCommand.printable("用户"), is("用户"));
        assertThat(PasswordCommand.printable("x\" from 192.0.2.9\nlogin failed: user \"y"),
                is("x? from 192.0.2.9?login failed: user ?y"));
        assertThat(PasswordCommand.printable("a\u2028b\u202Ec\u0000\t\\"), is("a?b?c???"));
        assertThat(PasswordCommand.printable(null), is(""));
    }

    @Test
    public void longNamesAreCut() {
        assertThat(PasswordCommand.printable("n".repeat(1_000)), is("n".repeat(64) + "..."));
        assertThat(PasswordCommand.printable("n".repeat(64)), is("n".repeat(64)));
    }
}
