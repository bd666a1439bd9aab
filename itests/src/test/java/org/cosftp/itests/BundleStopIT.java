package org.cosftp.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.karaf.features.FeaturesService;
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
 * The FTP server stopped inside a running Karaf, as it is at a shutdown, with its grace: by a refresh of its
 * bundle ({@code bundle:refresh}, an update of cos-ftp), where the large upload that outlasts the grace is
 * aborted, leaving the old object and no open multipart upload; and by {@code feature:uninstall cos-ftp}, where
 * newcomers get 421 and the upload that ends within the grace is stored.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BundleStopIT extends CosFtpTestSupport {
    private static final int MIB = 1024 * 1024;
    private static final int GRACE_SECONDS = 5;

    @Inject
    private BundleContext context;

    @Inject
    private FeaturesService features;

    @Configuration
    public Option[] configuration() {
        return distribution(editConfigurationFilePut("etc/org.cosftp.server.cfg", "shutdownGraceSeconds",
                Integer.toString(GRACE_SECONDS)),
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
        assertTrue(log, log.contains("FTP server stopped: 0 of 1 running commands finished within " + GRACE_SECONDS
                + " s, 1 aborted"));
        assertArrayEquals("the aborted upload left the old object", old,
                Files.readAllBytes(bucketFolder(BUCKET).resolve("refreshed.bin")));
        assertFalse("no multipart upload is left open", openMultipartUploads(BUCKET));

        await("the server back after the refresh", Duration.ofSeconds(60), () -> FtpSupport.canLogIn("demo", "demo"));
    }

    @Test
    public void featureUninstallTurnsNewcomersAwayAndLetsAnUploadFinishWithinTheGrace() throws Exception {
        byte[] file = FtpSupport.random(3 * MIB, 33);
        FTPClient ftp = FtpSupport.login("demo", "demo");
        FtpSupport.binary(ftp);
        OutputStream upload = ftp.storeFileStream("/uninstalled.bin");
        assertNotNull(ftp.getReplyString(), upload);
        upload.write(file, 0, MIB);
        upload.flush();

        long stopsBefore = occurrences(log(), "FTP server stopping: ");
        // asked now: a server that stops is no longer registered
        int port = ftpPort();
        ExecutorService operator = Executors.newSingleThreadExecutor();
        try {
            Future<?> uninstall = operator.submit(() -> {
                features.uninstallFeature("cos-ftp");
                return null;
            });
            await("the server to begin stopping", Duration.ofSeconds(60),
                    () -> occurrences(log(), "FTP server stopping: ") > stopsBefore);
            assertEquals("a newcomer is turned away", 421, FtpSupport.greeting(port));

            upload.write(file, MIB, file.length - MIB);
            upload.close();
            assertTrue("the upload that ends within the grace is stored: " + ftp.getReplyString(),
                    ftp.completePendingCommand());
            ftp.disconnect();
            uninstall.get(2, TimeUnit.MINUTES);
            assertTrue(log(), log().contains("FTP server stopped: 1 of 1 running commands finished within "
                    + GRACE_SECONDS + " s, 0 aborted"));
            assertArrayEquals(file, Files.readAllBytes(bucketFolder(BUCKET).resolve("uninstalled.bin")));
        } finally {
            operator.shutdownNow();
            features.installFeature("cos-ftp");
        }
        await("the server back after the feature's install", Duration.ofSeconds(60),
                () -> FtpSupport.canLogIn("demo", "demo"));
    }
}
