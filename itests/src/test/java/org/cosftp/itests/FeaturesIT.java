package org.cosftp.itests;

import static org.cosftp.itests.FtpSupport.login;
import static org.cosftp.itests.FtpSupport.quit;
import static org.cosftp.itests.FtpSupport.random;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.net.ftp.FTPClient;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * FEAT names exactly what works, STOU stores like STOR under a name no other file has, and none of Apache
 * FtpServer's other commands can answer success for something that did not happen in the bucket.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FeaturesIT extends CosFtpTestSupport {
    private static final Pattern STOU_NAME = Pattern.compile("^150 FILE: (/\\S+)\\s*$");

    @Configuration
    public Option[] configuration() {
        return distribution();
    }

    private static Path object(String path) {
        return bucketFolder(BUCKET).resolve(path.substring(1));
    }

    @Test
    public void featListsExactlyWhatWorks() throws Exception {
        FTPClient ftp = login("demo", "demo");
        try {
            assertEquals(211, ftp.sendCommand("FEAT"));
            List<String> features = Arrays.stream(ftp.getReplyStrings()).skip(1)
                    .limit(ftp.getReplyStrings().length - 2L).map(String::trim).toList();
            assertEquals(List.of("AUTH TLS", "PBSZ", "PROT", "EPRT", "EPSV", "MDTM", "MFMT",
                    "MLST Size*;Modify*;Type*;Perm;", "REST STREAM", "SIZE", "STOU", "TVFS", "UTF8"), features);
            assertEquals(200, ftp.sendCommand("OPTS MLST Size;Type;Perm;"));
            assertEquals(211, ftp.sendCommand("FEAT"));
            assertTrue(ftp.getReplyString(), ftp.getReplyString().contains("MLST Size*;Modify;Type*;Perm*;"));

            // each one at work (AUTH TLS, PBSZ and PROT: FtpsIT; EPRT: active mode in FtpsIT)
            assertTrue(FtpSupport.put(ftp, "/feat/file.txt", "features".getBytes()));
            assertEquals(213, ftp.sendCommand("SIZE /feat/file.txt"));
            assertEquals("213 8", ftp.getReplyString().trim());
            assertEquals(213, ftp.sendCommand("MFMT 20200102030405 /feat/file.txt"));
            assertEquals(213, ftp.sendCommand("MDTM /feat/file.txt"));
            assertTrue(ftp.getReplyString(), ftp.getReplyString().startsWith("213 20200102030405"));
            assertEquals(250, ftp.sendCommand("MLST /feat/file.txt"));
            assertTrue(ftp.getReplyString(),
                    ftp.getReplyString().contains("Size=8;Type=file;Perm=radfw; /feat/file.txt"));
            assertEquals(229, ftp.sendCommand("EPSV"));
            assertEquals(350, ftp.sendCommand("REST 4"));
            var tail = new java.io.ByteArrayOutputStream();
            FtpSupport.binary(ftp);
            ftp.setRestartOffset(4);
            assertTrue(ftp.retrieveFile("/feat/file.txt", tail));
            assertEquals("ures", tail.toString());
            assertEquals(200, ftp.sendCommand("OPTS UTF8 ON"));
            assertTrue(ftp.changeWorkingDirectory("/feat"));
            assertTrue(ftp.storeUniqueFile(new java.io.ByteArrayInputStream(new byte[] {1})));
        } finally {
            quit(ftp);
        }
    }

    @Test
    public void ftpServersOtherCommandsAnswerOnlyForWhatHappens() throws Exception {
        // Apache FtpServer 1.2.1's default command map, less the commands cos-ftp answers itself
        List<String> leftOut = List.of("LANG", "MD5", "MMD5", "REIN", "SITE");
        FTPClient ftp = login("demo", "demo");
        try {
            for (String command : leftOut) {
                assertEquals(command, 502, ftp.sendCommand(command, "/feat"));
            }
            assertEquals("MODE Z would bypass the transfers' own copying", 504, ftp.sendCommand("MODE Z"));
            assertEquals(200, ftp.sendCommand("MODE S"));
            assertEquals(200, ftp.sendCommand("STRU F"));
            assertEquals(504, ftp.sendCommand("STRU R"));
            assertTrue(ftp.sendCommand("ACCT x") != 230);
            assertEquals(257, ftp.sendCommand("PWD"));
            assertEquals(257, ftp.sendCommand("XPWD"));
            assertTrue(ftp.makeDirectory("/feat-x"));
            assertEquals(250, ftp.sendCommand("XCWD /feat-x"));
            assertEquals(250, ftp.sendCommand("XCUP"));
            assertEquals(257, ftp.sendCommand("XMKD /feat-x/y"));
            assertEquals(250, ftp.sendCommand("XRMD /feat-x/y"));
            assertTrue(ftp.sendNoOp());
        } finally {
            quit(ftp);
        }
    }

    @Test
    public void aRenameOntoItselfChangesNothing() throws Exception {
        FTPClient ftp = login("demo", "demo");
        try {
            byte[] data = random(10_000, 15);
            assertTrue(FtpSupport.put(ftp, "/same/file.bin", data));
            assertTrue(ftp.rename("/same/file.bin", "/same/./file.bin"));
            assertArrayEquals(data, Files.readAllBytes(object("/same/file.bin")));
            assertTrue(ftp.rename("/same", "/same"));
            assertArrayEquals(data, Files.readAllBytes(object("/same/file.bin")));
        } finally {
            quit(ftp);
        }
    }

    /** STOU's 150 reply, as RFC 1123 words it, names the file; returns that name. */
    private static String stouName(FTPClient ftp) {
        Matcher name = STOU_NAME.matcher(ftp.getReplyString());
        assertTrue(ftp.getReplyString(), name.matches());
        return name.group(1);
    }

    @Test
    public void stouStoresUnderANameNoOtherFileHas() throws Exception {
        FTPClient first = login("demo", "demo");
        FTPClient second = login("demo", "demo");
        try {
            assertTrue(first.makeDirectory("/unique"));
            for (FTPClient ftp : List.of(first, second)) {
                FtpSupport.binary(ftp);
                assertTrue(ftp.changeWorkingDirectory("/unique"));
            }
            // two at once, one of several parts
            byte[] large = random(11 * 1024 * 1024 + 3, 11);
            byte[] small = random(1000, 12);
            OutputStream one = first.storeUniqueFileStream();
            String oneName = stouName(first);
            OutputStream two = second.storeUniqueFileStream();
            String twoName = stouName(second);
            assertNotEquals(oneName, twoName);
            assertTrue(oneName + " is in the current directory", oneName.startsWith("/unique/"));
            one.write(large);
            two.write(small);
            one.close();
            two.close();
            assertTrue(first.completePendingCommand());
            assertTrue(first.getReplyString(), first.getReplyString().contains(oneName));
            assertTrue(second.completePendingCommand());
            assertArrayEquals(large, Files.readAllBytes(object(oneName)));
            assertArrayEquals(small, Files.readAllBytes(object(twoName)));

            // a suggested name that is taken gets a suffix; the file that has it keeps its bytes
            assertTrue(FtpSupport.put(first, "/unique/report.csv", "old".getBytes()));
            OutputStream suggested = first.storeUniqueFileStream("report.csv");
            String suggestedName = stouName(first);
            assertEquals("/unique/report.csv.1", suggestedName);
            suggested.write("new".getBytes());
            suggested.close();
            assertTrue(first.completePendingCommand());
            assertEquals("old", Files.readString(object("/unique/report.csv")));
            assertEquals("new", Files.readString(object(suggestedName)));
        } finally {
            quit(first);
            quit(second);
        }
    }

    /**
     * Connections reset as {@link FtpSupport.CrashingClient} resets them, and ABOR. A killed client process
     * closes with FIN instead, which STOU, like STOR, cannot yet tell from a clean end (README, Limits).
     */
    @Test
    public void aStouWhoseConnectionsAreResetOrAbortedStoresNothing() throws Exception {
        var crashing = new FtpSupport.CrashingClient();
        FtpSupport.login(crashing, "demo", "demo");
        FtpSupport.binary(crashing);
        OutputStream out = crashing.storeUniqueFileStream();
        String name = stouName(crashing);
        out.write(random(7 * 1024 * 1024, 13));
        out.flush();
        crashing.crash();
        FTPClient ftp = login("demo", "demo");
        try {
            await("the broken upload to be discarded", Duration.ofSeconds(30),
                    () -> log().contains("upload of " + name + " discarded"));
            assertFalse(name + " was stored", Files.exists(object(name)));
            assertEquals(550, ftp.sendCommand("SIZE " + name));
            assertFalse(openMultipartUploads(BUCKET));
            // ABOR in the middle: nothing either
            FtpSupport.binary(ftp);
            OutputStream aborted = ftp.storeUniqueFileStream();
            String abortedName = stouName(ftp);
            aborted.write(random(3 * 1024 * 1024, 14));
            aborted.flush();
            ftp.abort();
            assertEquals("the upload is answered as aborted", 426, ftp.getReplyCode());
            await("the aborted upload to be discarded", Duration.ofSeconds(30),
                    () -> log().contains("upload of " + abortedName + " discarded"));
            assertFalse(abortedName + " was stored after ABOR", Files.exists(object(abortedName)));
        } finally {
            quit(ftp);
        }
    }
}
