package org.cosftp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPConnectionClosedException;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The operator's shell commands, run as at Karaf's console against real FTP sessions: {@code cosftp:sessions},
 * {@code cosftp:kick}, {@code cosftp:bans}, {@code cosftp:unban}, {@code cosftp:status}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OperationsIT extends CosFtpTestSupport {
    private static final int MIB = 1024 * 1024;

    @Inject
    private SessionFactory shell;

    @Configuration
    public Option[] configuration() {
        return distribution(account("quick"), account("lost", "storage", "broken"), brokenStorage("broken"),
                account("stray", "storage", "nowhere"),
                editConfigurationFilePut("etc/org.cosftp.server.cfg", "ban.maxFailures", "2"),
                editConfigurationFilePut("etc/org.cosftp.server.cfg", "loginFailureDelayMillis", "100"));
    }

    private String run(String command) throws Exception {
        return ShellSupport.run(shell, command, "");
    }

    /** The cells of each row of a table the shell printed; its header first. */
    private static List<List<String>> rows(String table) {
        return table.lines().filter(line -> !line.isBlank() && !line.matches("[-─┼+\\s]+"))
                .map(line -> Arrays.stream(line.split("[│|]", -1)).map(String::trim).toList()).toList();
    }

    /** Waits for a row of {@code cosftp:sessions} that matches. */
    private List<String> awaitSession(String what, Predicate<List<String>> matching) throws Exception {
        var found = new Object() {
            List<String> row;
        };
        await(what + " in cosftp:sessions", Duration.ofSeconds(30), () -> {
            Optional<List<String>> row = rows(run("cosftp:sessions")).stream().skip(1).filter(matching).findFirst();
            row.ifPresent(cells -> found.row = cells);
            return row.isPresent();
        });
        return found.row;
    }

    @Test
    public void sessionsShowWhoDoesWhatAndAKickedUploadIsDiscarded() throws Exception {
        FTPClient anonymous = FtpSupport.connect();
        FTPClient uploader = FtpSupport.login("demo", "demo");
        try {
            String header = run("cosftp:sessions").lines().findFirst().orElse("");
            assertEquals(List.of("Id", "User", "Client", "Since", "Idle", "TLS", "Command", "Path", "Bytes", "Rate"),
                    rows(header).get(0));
            FtpSupport.binary(uploader);
            OutputStream upload = uploader.storeFileStream("/ops/kicked.bin");
            upload.write(FtpSupport.random(2 * MIB, 41));
            upload.flush();
            List<String> row = awaitSession("the upload's 2 MiB", cells -> cells.get(6).equals("STOR")
                    && cells.get(8).matches("[\\d.]+ MiB") && Double.parseDouble(cells.get(8).split(" ")[0]) >= 2.0);
            assertEquals(row.toString(), List.of("demo", "no", "/ops/kicked.bin"),
                    List.of(row.get(1), row.get(5), row.get(7)));
            assertTrue(row.toString(), row.get(2).contains("127.0.0.1:") && row.get(9).endsWith("/s"));
            awaitSession("the session not logged in", cells -> cells.get(1).equals("-") && cells.get(6).equals("-"));

            System.out.println("cosftp:sessions\n" + run("cosftp:sessions"));
            String id = row.get(0);
            assertEquals("Closed session " + id + ".", run("cosftp:kick " + id).trim());
            try {
                upload.write(FtpSupport.random(MIB, 42));
                upload.close();
                assertFalse("the kicked upload is not acknowledged", uploader.completePendingCommand());
            } catch (IOException closed) {
                // the server closed the data connection first
            }
            await("the kicked upload to be discarded", Duration.ofSeconds(30),
                    () -> log().contains("upload of /ops/kicked.bin discarded"));
            assertFalse("nothing of it is in the bucket", Files.exists(bucketFolder(BUCKET).resolve("ops/kicked.bin")));
            assertFalse("no multipart upload is left", openMultipartUploads(BUCKET));
            assertTrue(log().contains("closing the session " + id + " of demo from /127.0.0.1:"));
            assertFalse("a kicked session is gone from the list",
                    rows(run("cosftp:sessions")).stream().anyMatch(cells -> cells.get(0).equals(id)));
            assertEquals("No session " + id + ".", run("cosftp:kick " + id).trim());
            int reply = anonymous.sendCommand("NOOP");
            assertTrue("the other session goes on: " + anonymous.getReplyString(), reply != 421
                    && rows(run("cosftp:sessions")).stream().anyMatch(cells -> cells.get(1).equals("-")));
        } finally {
            uploader.disconnect();
            FtpSupport.quit(anonymous);
        }
    }

    @Test
    public void kickByAccountClosesEachOfItsSessionsAndNoOther() throws Exception {
        FTPClient first = FtpSupport.login("quick", "quick-pw");
        FTPClient second = FtpSupport.login("quick", "quick-pw");
        FTPClient other = FtpSupport.login("demo", "demo");
        try {
            assertEquals("Closed 2 sessions of quick.", run("cosftp:kick --user quick").trim());
            for (FTPClient kicked : List.of(first, second)) {
                try {
                    kicked.getReply();
                } catch (FTPConnectionClosedException expected) {
                    // what commons-net makes of a 421
                }
                assertEquals(421, kicked.getReplyCode());
                assertTrue(kicked.getReplyString(), kicked.getReplyString().contains("Closed by the server's operator"));
            }
            assertTrue("another account's session goes on", other.sendNoOp());
            assertEquals("No session of quick.", run("cosftp:kick --user quick").trim());
            assertEquals("Name the sessions to close: their ids, or --user NAME.", run("cosftp:kick").trim());
        } finally {
            first.disconnect();
            second.disconnect();
            FtpSupport.quit(other);
        }
    }

    @Test
    public void aBannedAddressIsListedAndUnbanLetsItBackInAtOnce() throws Exception {
        InetAddress address = GuardIT.source(40);
        FTPClient guessing = FtpSupport.connectFrom(address);
        assertFalse(guessing.login("demo", "wrong-1"));
        assertFalse(guessing.login("demo", "wrong-2"));
        guessing.disconnect();
        await("the ban", Duration.ofSeconds(10), () -> GuardIT.refusal(address).startsWith("421"));

        String table = run("cosftp:bans");
        System.out.println("cosftp:bans\n" + table);
        List<List<String>> bans = rows(table);
        assertEquals(List.of("Address", "Ban", "Left"), bans.get(0));
        assertEquals(bans.toString(), 2, bans.size());
        assertEquals(List.of("127.0.0.40", "10m00s"), bans.get(1).subList(0, 2));
        assertTrue(bans.toString(), bans.get(1).get(2).matches("(9m[0-5]\\d|10m00)s"));

        assertEquals("Lifted the ban of 127.0.0.40.", run("cosftp:unban 127.0.0.40").trim());
        assertTrue("the address connects at once", GuardIT.refusal(address).startsWith("accepted: 220"));
        String none = run("cosftp:bans");
        assertTrue(none, none.contains("no address is banned") && !none.contains("127.0.0.40"));
        assertEquals("127.0.0.40 is not banned.", run("cosftp:unban 127.0.0.40").trim());
        assertEquals("not an IP address: localhost", run("cosftp:unban localhost").trim());
        assertTrue(log().contains("the ban of 127.0.0.40 was lifted by an operator"));
    }

    @Test
    public void statusShowsTheListenerTheSessionsAndEachStoragesHealthAndUploads() throws Exception {
        FTPClient lost = FtpSupport.login("lost", "lost-pw");
        FTPClient uploader = FtpSupport.login("demo", "demo");
        try {
            assertFalse("the broken storage's look-up fails", lost.changeWorkingDirectory("/anywhere"));
            assertEquals("its listing fails while the data connection is open", null, lost.listNames("/"));
            await("the failed listing's line", Duration.ofSeconds(10),
                    () -> log().contains("listing / failed: list '' on storage 'broken'"));
            assertFalse("one line for it: FtpServer's WARN with a stack trace is not kept",
                    log().contains("Exception during data transfer"));
            FtpSupport.binary(uploader);
            OutputStream upload = uploader.storeFileStream("/ops/status.bin");
            byte[] file = FtpSupport.random(7 * MIB, 43);
            upload.write(file, 0, 6 * MIB);
            upload.flush();
            awaitSession("the upload's 6 MiB", cells -> cells.get(6).equals("STOR")
                    && Double.parseDouble(cells.get(8).split(" ")[0]) >= 6.0 && cells.get(8).endsWith(" MiB"));

            // the upload's one request so far (its part is larger than 6 MiB) is the check of its name, which runs
            // while the bytes arrive: the storage is healthy once it has answered
            await("the name check's answer", Duration.ofSeconds(10),
                    () -> storageRow(rows(run("cosftp:status")), "default").get(2).equals("healthy"));
            String status = run("cosftp:status");
            System.out.println("cosftp:status\n" + status);
            List<List<String>> rows = rows(status);
            assertTrue(status, rows.contains(List.of("127.0.0.1", Integer.toString(ftpPort()),
                    "FTP, AUTH TLS if enabled")));
            assertTrue(status, status.contains("Sessions: 2, 2 logged in; running: 1 uploads, 0 downloads, 0 listings"));
            assertTrue(status, status.contains("Banned addresses: 0"));
            List<String> working = storageRow(rows, "default");
            assertEquals(working.toString(), List.of("healthy", "1"), List.of(working.get(2), working.get(5)));
            assertTrue(working.toString(), working.get(1).startsWith("bucket " + BUCKET + ", region ap-guangzhou"));
            // the default storage's parts are 21 MiB (so that 200 GiB fit in 10,000), 24 of them in 512 MiB
            assertTrue("the part filling: " + working, working.get(6).matches("(21|42)\\.0 MiB of 504\\.0 MiB"));
            List<String> broken = storageRow(rows, "broken");
            assertEquals(broken.toString(), "failing", broken.get(2));
            assertTrue(broken.toString(), broken.get(4).contains("COS could not be reached"));

            upload.write(file, 6 * MIB, MIB);
            upload.close();
            assertTrue(uploader.completePendingCommand());
            List<String> done = storageRow(rows(run("cosftp:status")), "default");
            assertEquals(done.toString(), List.of("0", "0 B of 504.0 MiB"), done.subList(5, 7));
        } finally {
            FtpSupport.quit(uploader);
            FtpSupport.quit(lost);
        }
    }

    private static List<String> storageRow(List<List<String>> rows, String storage) {
        return rows.stream().filter(cells -> cells.get(0).equals(storage)).findFirst()
                .orElseThrow(() -> new AssertionError("no row of storage " + storage + " in " + rows));
    }

    /** An expected refusal is one line of the log, never a stack trace: an operator reads and greps it. */
    @Test
    public void aLoginRefusedForAMissingStorageIsOneLineOfTheLog() throws Exception {
        FTPClient ftp = FtpSupport.connect();
        try {
            assertFalse(ftp.login("stray", "stray-pw"));
        } catch (FTPConnectionClosedException refused) {
            // what commons-net makes of a 421
        }
        String reply = ftp.getReplyString();
        ftp.disconnect();
        assertTrue(reply, reply.startsWith("421 This account's storage is not available"));
        String refusal = "login refused: storage 'nowhere' of user 'stray' is not available: check "
                + "etc/org.cosftp.storage-nowhere.cfg";
        await("the refusal in the log", Duration.ofSeconds(10), () -> log().contains(refusal));
        List<String> lines = log().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(refusal)) {
                assertTrue("a new entry follows the refusal, not a stack trace: " + lines.subList(i, lines.size()),
                        i + 1 == lines.size() || lines.get(i + 1).matches("\\d{4}-\\d{2}-\\d{2}T.*"));
            }
        }
    }
}
