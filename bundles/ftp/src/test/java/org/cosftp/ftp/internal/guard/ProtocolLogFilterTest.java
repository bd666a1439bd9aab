package org.cosftp.ftp.internal.guard;

import static org.cosftp.ftp.internal.guard.ProtocolLogFilter.logged;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** What the protocol log shows of a received line: never a password, never a raw control character. */
public class ProtocolLogFilterTest {
    @Test
    public void passwordsAndAccountsAreMaskedHoweverTheyAreSent() {
        assertEquals("PASS *****", logged("PASS secret-pw"));
        assertEquals("PASS *****", logged("pass secret-pw"));
        assertEquals("PASS *****", logged("PASS\tsecret-pw"));
        assertEquals("PASS *****", logged("  PASS secret-pw"));
        assertEquals("PASS *****", logged("PASS"));
        assertEquals("ACCT *****", logged("acct account-pw"));
        assertEquals("PASS *****", logged("PASS line\nbreak-pw"));
    }

    @Test
    public void otherCommandsAreLoggedWithControlCharactersEscaped() {
        assertEquals("USER alice", logged("USER alice"));
        assertEquals("USER \\u001b[2Jalice", logged("USER \u001b[2Jalice"));
        assertEquals("STOR a\\u0085b", logged("STOR a\u0085b"));
        assertEquals("RETR caf\u00e9\tb", logged("RETR caf\u00e9\tb"));
        // a word that only starts like PASS is no password
        assertEquals("PASSWORD x", logged("PASSWORD x"));
    }
}
