package org.cosftp.itests;

import static org.cosftp.itests.CosFtpTestSupport.BUCKET;
import static org.cosftp.itests.CosFtpTestSupport.await;
import static org.cosftp.itests.CosFtpTestSupport.isListening;
import static org.cosftp.itests.FtpSupport.put;
import static org.cosftp.itests.FtpSupport.random;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.commons.net.ftp.FTPClient;
import org.junit.After;
import org.junit.Test;

/**
 * The distribution run as a process and stopped as an operator stops it, with {@code bin/stop}: running
 * transfers get {@code shutdownGraceSeconds} to finish, newcomers get 421, and what outlasts the grace is
 * aborted, leaving the old object and no open multipart upload. And a server file that is bad from the first
 * start leaves cos-ftp listening nowhere, rather than on defaults the operator did not choose.
 */
public class ShutdownIT {
    private static final int MIB = 1024 * 1024;
    private static final int GRACE_SECONDS = 5;

    private KarafProcess karaf;

    @After
    public void stopKaraf() {
        if (karaf != null) {
            karaf.stop();
        }
    }

    private static KarafProcess unpack(String name) throws Exception {
        return KarafProcess.unpack(Path.of(System.getProperty("cosftp.distribution")),
                Path.of("target", "exam-" + name, Long.toString(System.currentTimeMillis())));
    }

    @Test
    public void binStopLetsTransfersFinishWithinTheGraceAndAbortsTheRestCleanly() throws Exception {
        karaf = unpack("shutdown");
        karaf.server("shutdownGraceSeconds", Integer.toString(GRACE_SECONDS));
        karaf.start();
        byte[] old = random(7 * MIB, 1);
        FTPClient setup = karaf.login();
        assertTrue(setup.getReplyString(), put(setup, "/big.bin", old));
        FtpSupport.quit(setup);

        // one client is halfway through a small file, another 11 MiB into a large one (two parts stored)
        byte[] small = random(2 * MIB, 2);
        FTPClient finishing = karaf.login();
        OutputStream smallUpload = finishing.storeFileStream("/within-grace.bin");
        assertNotNull(finishing.getReplyString(), smallUpload);
        smallUpload.write(small, 0, MIB);
        smallUpload.flush();
        FTPClient outlasting = karaf.login();
        OutputStream bigUpload = outlasting.storeFileStream("/big.bin");
        assertNotNull(outlasting.getReplyString(), bigUpload);
        byte[] chunk = random(MIB, 3);
        for (int i = 0; i < 11; i++) {
            bigUpload.write(chunk);
        }
        bigUpload.flush();
        await("the large upload's parts in the store", Duration.ofSeconds(60),
                () -> karaf.openMultipartUploads(BUCKET));

        Process stop = karaf.runStop();
        await("the server to begin stopping", Duration.ofSeconds(60),
                () -> karaf.log().contains("FTP server stopping: "));
        assertEquals("a newcomer is turned away", 421, FtpSupport.greeting(karaf.ftpPort()));

        smallUpload.write(small, MIB, MIB);
        smallUpload.close();
        assertTrue("the transfer that ends within the grace is stored: " + finishing.getReplyString(),
                finishing.completePendingCommand());
        finishing.disconnect();

        assertEquals("bin/stop", 0, stop.waitFor());
        karaf.awaitExit();
        outlasting.disconnect();
        String log = karaf.log();
        assertTrue(log, log.contains("FTP server stopped: 1 of 2 running commands finished within "
                + GRACE_SECONDS + " s, 1 aborted"));
        assertTrue(log, log.contains("upload of /big.bin discarded after"));
        assertArrayEquals(small, Files.readAllBytes(karaf.bucketFolder(BUCKET).resolve("within-grace.bin")));
        assertArrayEquals("the aborted upload left the old object", old,
                Files.readAllBytes(karaf.bucketFolder(BUCKET).resolve("big.bin")));
        assertFalse("no multipart upload is left open", karaf.openMultipartUploads(BUCKET));
    }

    @Test
    public void aServerFileBadFromTheStartListensNowhereUntilItIsFixed() throws Exception {
        karaf = unpack("bad-server-file");
        karaf.server("maxLogins", "lots");
        karaf.launch();
        await("the refusal in the log", KarafProcess.START_TIMEOUT,
                () -> karaf.log().contains("FTP server not listening"));
        String log = karaf.log();
        assertTrue(log, log.contains("maxLogins = 'lots'"));
        assertFalse(log, log.contains("FTP server listening on"));
        assertFalse(isListening(karaf.ftpPort()));

        karaf.server("maxLogins", "512");
        karaf.awaitServing();
    }
}
