package org.cosftp.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.inject.Inject;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A user of the original Python tool switches with one command: {@code cosftp:import-conf} turns its
 * {@code vsftpd.conf} (both schema generations, pointed at the embedded store) into cos-ftp's files, which apply
 * at once, and the imported accounts log in over FTP with their old passwords and permissions.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ImportConfIT extends CosFtpTestSupport {
    /** What the config bundle logs each time it loaded the users file. */
    private static final String USERS_LOADED = "FTP account(s) loaded";

    @Inject
    private SessionFactory shell;

    @Configuration
    public Option[] configuration() {
        return distribution();
    }

    /** A conf file of the tool in the data folder, as an operator would copy it over. */
    private static Path conf(String name, String text) throws Exception {
        Path file = Path.of(System.getProperty("karaf.data"), "import", name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static String account(String section, String bucket, String user, String password, String authority,
            String delete) {
        return "[" + section + "]\ncos_secretid = AKIDimported\ncos_secretkey = imported-secret\ncos_bucket = "
                + bucket + "\ncos_region = ap-guangzhou\ncos_endpoint = localhost:" + System.getProperty(STORE_PORT)
                + "\ncos_protocol = http\nhome_dir = /home/" + user + "\nftp_login_user_name = " + user
                + "\nftp_login_user_password = " + password + "\nauthority = " + authority + "\ndelete_enable = "
                + delete + "\n\n";
    }

    private static boolean logsIn(String user, String password) throws Exception {
        FTPClient ftp = FtpSupport.connect();
        try {
            return ftp.login(user, password);
        } finally {
            ftp.disconnect();
        }
    }

    @Test
    public void aFileThatIsNotTheToolsChangesNothing() throws Exception {
        Path users = Path.of(System.getProperty("karaf.etc"), "org.cosftp.users.cfg");
        String before = Files.readString(users);
        Path wrong = conf("not-the-tools.conf", "[NETWORK]\nlisten_port = 21\n");
        String output = ShellSupport.run(shell, "cosftp:import-conf " + wrong, "");
        assertTrue(output, output.contains("cannot be imported (no account: neither [COS_ACCOUNT_…] sections")
                && output.contains("nothing was written"));
        output = ShellSupport.run(shell, "cosftp:import-conf " + wrong + ".missing", "");
        assertTrue(output, output.contains("cannot be imported") && output.contains("nothing was written"));
        assertEquals(before, Files.readString(users));
    }

    @Test
    public void bothGenerationsOfTheToolsConfigurationBecomeAccountsThatLogIn() throws Exception {
        int port = freePort();
        Path current = conf("vsftpd-2.2.conf", account("COS_ACCOUNT_0", BUCKET, "writer", "writer-pw", "RW", "true")
                + account("COS_ACCOUNT_1", BUCKET, "reader", "reader-pw", "R", "false")
                + account("COS_ACCOUNT_2", OTHER_BUCKET, "other", "other-pw", "RW", "true")
                + "[NETWORK]\nlisten_port = " + port + "\n\n[OPTIONAL]\nmax_list_file = 1000\n"
                + "max_connection_num = 201\n");
        long loads = occurrences(log(), USERS_LOADED);
        String report = ShellSupport.run(shell, "cosftp:import-conf --secrets-inline --host 127.0.0.1 " + current, "");
        System.out.println(report);
        assertTrue(report, report.contains("[OPTIONAL] max_list_file = 1000: no counterpart: cos-ftp never cuts a "
                + "listing"));
        assertTrue(report, report.contains("Kept the old org.cosftp.users.cfg as org.cosftp.users.cfg.bak"));
        Path etc = Path.of(System.getProperty("karaf.etc"));
        String users = Files.readString(etc.resolve("org.cosftp.users.cfg"));
        assertTrue(users, users.contains("user.writer.password = $pbkdf2-sha256$300000$")
                && !users.contains("writer-pw"));

        // both applied before any login: the imported server file exempts no address from bans
        await("the imported accounts and listener", Duration.ofSeconds(60),
                () -> occurrences(log(), USERS_LOADED) > loads && ftpPort() == port);
        // a storage not registered yet refuses with 421, which counts as no failed login
        await("the writer's login", Duration.ofSeconds(60), () -> logsIn("writer", "writer-pw"));
        assertFalse("the shipped demo account is gone with the old users file", logsIn("demo", "demo"));
        byte[] file = FtpSupport.random(200_000, 61);
        FTPClient writer = FtpSupport.login("writer", "writer-pw");
        try {
            FtpSupport.binary(writer);
            assertTrue(writer.getReplyString(), FtpSupport.put(writer, "/imported/a.bin", file));
        } finally {
            FtpSupport.quit(writer);
        }
        assertArrayEquals(file, Files.readAllBytes(bucketFolder(BUCKET).resolve("imported/a.bin")));
        FTPClient reader = FtpSupport.login("reader", "reader-pw");
        try {
            FtpSupport.binary(reader);
            assertArrayEquals("R: it downloads", file, FtpSupport.get(reader, "/imported/a.bin"));
            assertFalse("R: it does not upload", FtpSupport.put(reader, "/imported/b.bin", file));
            assertEquals(550, reader.getReplyCode());
        } finally {
            FtpSupport.quit(reader);
        }
        FTPClient other = FtpSupport.login("other", "other-pw");
        try {
            FtpSupport.binary(other);
            assertTrue(FtpSupport.put(other, "/elsewhere.bin", file));
        } finally {
            FtpSupport.quit(other);
        }
        assertTrue("its own bucket", Files.exists(bucketFolder(OTHER_BUCKET).resolve("elsewhere.bin")));

        // the generation before 2.0: one bucket, its users on one line
        Path old = conf("vsftpd-1.0.conf", "[COS_ACCOUNT]\ncos_secretid = AKIDold\ncos_secretkey = old-secret\n"
                + "cos_bucket = " + BUCKET + "\ncos_region = ap-guangzhou\nendpoint = localhost:"
                + System.getProperty(STORE_PORT) + "\ncos_user_home_dir = /home/cos\n\n[FTP_ACCOUNT]\n"
                + "login_users = alice:alice-pw:RW;bob:bob-pw:R\n\n[NETWORK]\nlisten_port = " + port + "\n");
        long loadsBefore = occurrences(log(), USERS_LOADED);
        report = ShellSupport.run(shell, "cosftp:import-conf --secrets-inline --host 127.0.0.1 " + old, "");
        assertTrue(report, report.contains("[COS_ACCOUNT] cos_user_home_dir = /home/cos: no counterpart"));
        await("the accounts of the second import", Duration.ofSeconds(60),
                () -> occurrences(log(), USERS_LOADED) > loadsBefore);
        await("alice's login", Duration.ofSeconds(60), () -> logsIn("alice", "alice-pw"));
        assertTrue(logsIn("bob", "bob-pw"));
        assertFalse("the accounts of the first import are replaced", logsIn("writer", "writer-pw"));
    }
}
