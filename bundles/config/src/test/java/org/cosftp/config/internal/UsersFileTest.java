package org.cosftp.config.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import java.util.HashMap;
import java.util.Map;

import org.cosftp.config.Access;
import org.cosftp.config.UserAccount;
import org.junit.Test;

/** Reading the users file. */
public class UsersFileTest {
    private static final String FILE = "/opt/cos-ftp/etc/org.cosftp.users.cfg";

    private static Map<String, Object> file(String... keysAndValues) {
        var properties = new HashMap<String, Object>();
        properties.put("felix.fileinstall.filename", "file:" + FILE);
        properties.put("service.pid", "org.cosftp.users");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    public void accountsGetTheDocumentedDefaults() {
        UserAccount alice = UsersFile.parse(file("user.alice.password", "s3cret")).get("alice");
        assertThat(alice.storage(), is("default"));
        assertThat(alice.home(), is(""));
        assertThat(alice.access(), is(Access.READ_WRITE));
        assertThat(alice.delete(), is(true));
        assertThat(alice.enabled(), is(true));
        assertThat(alice.password(), is("s3cret"));
        assertThat(alice.toString(), not(containsString("s3cret")));
    }

    @Test
    public void hashedPasswordsAreKeptAsWritten() {
        String hash = "$pbkdf2-sha256$29000$AAECAwQFBgcICQoLDA0ODw$m/kLywdyNwK9GV2kWntRGvZzmeiVsuqehNWlLst2eWY";
        UserAccount alice = UsersFile.parse(file("user.alice.password", hash)).get("alice");
        assertThat(alice.password(), is(hash));
        assertThat(alice.toString(), not(containsString("AAECAw")));
    }

    @Test
    public void aMalformedHashIsRefusedWithoutShowingIt() {
        var failure = assertThrows(IllegalArgumentException.class, () -> UsersFile.parse(file("user.c.password",
                "$pbkdf2-sha256$500$AAECAwQFBgcICQoLDA0ODw$m/kLywdyNwK9GV2kWntRGvZzmeiVsuqehNWlLst2eWY")));
        assertThat(failure.getMessage(), is(FILE + ": user.c.password = '…' is a hash whose iterations are not "
                + "from 1000 to 10000000"));
        failure = assertThrows(IllegalArgumentException.class, () -> UsersFile.parse(file("user.c.password",
                "$pbkdf2-sha256$29000$c2VjcmV0LXNhbHQ")));
        assertThat(failure.getMessage(), is(FILE + ": user.c.password = '…' is not a hash of the form "
                + "$pbkdf2-sha256$<iterations>$<salt>$<checksum> (make one with cosftp:hash-password)"));
    }

    @Test
    public void aMisspeltKeyDoesNotShowItsValue() {
        var failure = assertThrows(IllegalArgumentException.class,
                () -> UsersFile.parse(file("user.c.pasword", "hunter2")));
        assertThat(failure.getMessage(), is(FILE + ": user.c.pasword = '…' is not a known key; "
                + "use user.<name>.password, .storage, .home, .access, .delete or .enabled"));
        failure = assertThrows(IllegalArgumentException.class,
                () -> UsersFile.parse(file("user.c d.password", "hunter2")));
        assertThat(failure.getMessage(), not(containsString("hunter2")));
    }

    @Test
    public void everyKeyIsRead() {
        UserAccount bob = UsersFile.parse(file("user.bob.password", "pw", "user.bob.storage", "archive",
                "user.bob.home", "//drop//box/", "user.bob.access", "W", "user.bob.delete", "false",
                "user.bob.enabled", "false")).get("bob");
        assertThat(bob.storage(), is("archive"));
        assertThat(bob.home(), is("drop/box/"));
        assertThat(bob.access(), is(Access.WRITE));
        assertThat(bob.delete(), is(false));
        assertThat(bob.enabled(), is(false));
    }

    @Test
    public void otherKeysOfTheFileAreIgnored() {
        assertThat(UsersFile.parse(file("user.a.password", "x", "service.factoryPid", "y")).size(), is(1));
    }

    @Test
    public void badValuesNameTheFileTheKeyAndTheReason() {
        assertRefused(file("user.c.password", "x", "user.c.access", "rwx"), "user.c.access = 'rwx' must be r, w or rw");
        assertRefused(file("user.c.password", "x", "user.c.home", "../etc"), "user.c.home = '../etc' must be an absolute path");
        assertRefused(file("user.c.password", "x", "user.c.home", "/a/../b"), "user.c.home = '/a/../b' must be an absolute path");
        assertRefused(file("user.c.password", "x", "user.c.delete", "yes"), "user.c.delete = 'yes' must be true or false");
        assertRefused(file("user.c.storage", "default"), "user.c.password = '' must be set");
        assertRefused(file("user.c.pasword", "x"), "user.c.pasword = '…' is not a known key");
        assertRefused(file("user.anonymous.password", "x"), "reserved name");
    }

    @Test
    public void aPasswordUnderAMisspeltKeyOrABadNameIsNeverShown() {
        var misspelt = assertThrows(IllegalArgumentException.class,
                () -> UsersFile.parse(file("user.c.passwd", "c-secret-pw")));
        assertThat(misspelt.getMessage(), not(containsString("c-secret-pw")));
        var badName = assertThrows(IllegalArgumentException.class,
                () -> UsersFile.parse(file("user.c!.password", "c-secret-pw")));
        assertThat(badName.getMessage(), containsString("user.c!.password = '…' names an invalid user"));
        assertThat(badName.getMessage(), not(containsString("c-secret-pw")));
    }

    private static void assertRefused(Map<String, Object> properties, String why) {
        var failure = assertThrows(IllegalArgumentException.class, () -> UsersFile.parse(properties));
        assertThat(failure.getMessage(), containsString(FILE + ": "));
        assertThat(failure.getMessage(), containsString(why));
    }
}
