package org.cosftp.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.commons.net.ftp.FTPClient;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The FTP bundle refreshed while a large upload runs, as {@code bundle:refresh} or an update of cos-ftp does:
 * the server stops as it does at a shutdown, with its grace, and the upload that outlasts the grace is aborted,
 * leaving the old object and no open multipart upload; then the server comes back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BundleRefreshIT extends CosFtpTestSupport {
    private static final int MIB = 1024 * 1024;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configuration() {
        return distribution(editConfigurationFilePut("etc/org.cosftp.server.cfg", "shutdownGraceSeconds", "2"),
                // 5 MiB parts for true, else 21 MiB so that 200 GiB fit in 10,000 parts
                editConfigurationFilePut("etc/org.cosftp.storage-default.cfg", "maxFileSizeGiB", "1"));
    }

    @Test
    public void aRefreshDuringAnUploadAbortsItCleanlyAfterTheGrace() throws Exception {
        byte[] old = FtpSupport.random(6 * MIB, 31);
        FTPClient ftp = FtpSupport.login("demo", "demo");
        assertTrue(FtpSupport.put(ftp, "/refreshed.bin", old));
        OutputStream upload = ftp.storeFileStream("/refreshed.bin");
        assertNotNull(ftp.getReplyString(), upload);
        byte[] chunk = FtpSupport.random(MIB, 32);
        for (int i = 0; i < 11; i++) {
            upload.write(chunk);
        }
        upload.flush();
        await("the upload's parts in the store", Duration.ofSeconds(60), () -> openMultipartUploads(BUCKET));

        Bundle ftpBundle = List.of(context.getBundles()).stream()
                .filter(bundle -> "org.cosftp.ftp".equals(bundle.getSymbolicName())).findFirst().orElseThrow();
        var refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(ftpBundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertTrue("the refresh ended", refreshed.await(60, TimeUnit.SECONDS));
        try {
            upload.write(chunk);
            upload.close();
            assertFalse("the upload outlasting the grace fails", ftp.completePendingCommand());
        } catch (IOException closed) {
            // the server closed the connections: the client sees its upload fail either way
        } finally {
            ftp.disconnect();
        }
        String log = log();
        assertTrue(log, log.contains("FTP server stopped: 0 of 1 running commands finished within 2 s, 1 aborted"));
        assertArrayEquals("the aborted upload left the old object", old,
                Files.readAllBytes(bucketFolder(BUCKET).resolve("refreshed.bin")));
        assertFalse("no multipart upload is left open", openMultipartUploads(BUCKET));

        await("the server back after the refresh", Duration.ofSeconds(60), () -> FtpSupport.canLogIn("demo", "demo"));
    }
}
