package org.cosftp.itests;

import static org.cosftp.itests.FtpSupport.login;
import static org.cosftp.itests.FtpSupport.quit;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.cosftp.storage.ObjectStorage;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/**
 * No client can stall another: ABOR, QUIT or a client vanishing while the server waits for its data connection,
 * or while its upload waits for part buffers, is acted on at once, on the session's own time. FtpServer holds a
 * lock while it waits for a passive connection, and ABOR used to take that lock on the I/O thread that serves
 * many sessions: one client that never connected froze the others for as long as the data timeout.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AbortIT extends CosFtpTestSupport {
    private static final int STALLERS = 20;
    private static final int BYSTANDERS = 6;
    /** A storage whose part buffers hold two parts (of 5 MiB) for all its uploads together. */
    @Inject
    @Filter("(service.pid=org.cosftp.storage~tight)")
    private ObjectStorage tight;

    @Configuration
    public Option[] configuration() {
        return distribution(account("tight", "storage", "tight"),
                // the stallers and the bystanders all connect from 127.0.0.1
                editConfigurationFilePut("etc/org.cosftp.server.cfg", "maxConnectionsPerIp", "64"),
                localStorage("tight", OTHER_BUCKET, "partSizeMiB", "5", "maxFileSizeGiB", "1",
                        "uploadMemoryMiB", "10"));
    }

    /** How a staller ends the upload it started and never connected for. */
    private enum Ending {
        ABOR, QUIT, VANISH
    }

    @Test
    public void aborWhileTheServerWaitsForTheDataConnectionStallsNoOne() throws Exception {
        stallersLeave(Ending.ABOR);
    }

    @Test
    public void quitWhileTheServerWaitsForTheDataConnectionStallsNoOne() throws Exception {
        stallersLeave(Ending.QUIT);
    }

    @Test
    public void clientsVanishingWhileTheServerWaitsForTheDataConnectionStallNoOne() throws Exception {
        stallersLeave(Ending.VANISH);
    }

    /**
     * {@value #STALLERS} clients send PASV and STOR, never connect, and then end as {@code ending} says, while
     * {@value #BYSTANDERS} other sessions keep sending NOOP: every NOOP is answered within half a second, every
     * ABOR and QUIT within a second, and the server has let go of every staller's session soon after. A session
     * stalled by another waits for the data timeout (minutes); half a second leaves room for a collection pause
     * of a two-core machine while twenty sessions close at once (104 ms was seen).
     */
    private void stallersLeave(Ending ending) throws Exception {
        var bystanders = new ArrayList<FTPClient>();
        ExecutorService pool = Executors.newFixedThreadPool(STALLERS);
        try {
            for (int i = 0; i < BYSTANDERS; i++) {
                FTPClient ftp = login("demo", "demo");
                ftp.sendNoOp();
                bystanders.add(ftp);
            }
            var waiting = new CyclicBarrier(STALLERS + 1);
            var answers = new ArrayList<Future<Long>>();
            for (int i = 0; i < STALLERS; i++) {
                String name = "/stall/" + ending + "-" + i + ".bin";
                answers.add(pool.submit(() -> stall(name, ending, waiting)));
            }
            // every staller's STOR now waits for a data connection that will never come
            waiting.await(60, TimeUnit.SECONDS);
            long slowest = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            int noops = 0;
            while (System.nanoTime() < deadline) {
                for (FTPClient ftp : bystanders) {
                    long start = System.nanoTime();
                    assertTrue(ftp.sendNoOp());
                    slowest = Math.max(slowest, System.nanoTime() - start);
                    noops++;
                }
            }
            long slowestAnswer = 0;
            for (Future<Long> answer : answers) {
                slowestAnswer = Math.max(slowestAnswer, answer.get(60, TimeUnit.SECONDS));
            }
            System.out.printf("%d stallers ending with %s: slowest of %d NOOPs %.1f ms, slowest answer %.1f ms%n",
                    STALLERS, ending, noops, slowest / 1e6, slowestAnswer / 1e6);
            assertTrue("the slowest NOOP of the other sessions took " + slowest / 1_000_000 + " ms",
                    slowest < TimeUnit.MILLISECONDS.toNanos(500));
            assertTrue("the slowest answer to " + ending + " took " + slowestAnswer / 1_000_000 + " ms",
                    slowestAnswer < TimeUnit.SECONDS.toNanos(1));
            // the server let go of the stallers: as many new sessions as they held can log in and work at once
            for (int i = 0; i < STALLERS; i++) {
                answers.set(i, pool.submit(() -> {
                    FTPClient ftp = login("demo", "demo");
                    assertTrue(ftp.sendNoOp());
                    quit(ftp);
                    return 0L;
                }));
            }
            for (Future<Long> answer : answers) {
                answer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            bystanders.forEach(FtpSupport::quit);
        }
    }

    /**
     * PASV, STOR, and once every staller got its 150, the ending: how long the server took to answer it (ABOR's
     * own reply, after the 425 or 426 of the STOR; QUIT's 221), or 0 for a client that vanishes.
     */
    private static long stall(String name, Ending ending, CyclicBarrier waiting) throws Exception {
        FTPClient ftp = login("demo", "demo");
        try {
            assertEquals(ftp.getReplyString(), FTPReply.ENTERING_PASSIVE_MODE, ftp.pasv());
            assertEquals(ftp.getReplyString(), FTPReply.FILE_STATUS_OK, ftp.sendCommand("STOR " + name));
            waiting.await(60, TimeUnit.SECONDS);
            long start = System.nanoTime();
            switch (ending) {
                case ABOR -> {
                    int transfer = ftp.sendCommand("ABOR");
                    assertTrue(ftp.getReplyString(), transfer == 425 || transfer == 426);
                    assertTrue(ftp.getReplyString(), FTPReply.isPositiveCompletion(ftp.getReply()));
                }
                case QUIT -> {
                    int reply = ftp.sendCommand("QUIT");
                    if (reply != FTPReply.SERVICE_CLOSING_CONTROL_CONNECTION) {
                        // the STOR's own 425 or 426 first
                        assertEquals(ftp.getReplyString(), FTPReply.SERVICE_CLOSING_CONTROL_CONNECTION, ftp.getReply());
                    }
                }
                case VANISH -> {
                    ftp.disconnect();
                    return 0L;
                }
            }
            return System.nanoTime() - start;
        } finally {
            if (ftp.isConnected()) {
                ftp.disconnect();
            }
        }
    }

    /**
     * An upload waiting for part buffers (another upload holds the storage's whole budget) is aborted at once:
     * ABOR is answered within a second, nothing of it is stored, and the upload that held the budget completes.
     */
    @Test
    public void anUploadWaitingForPartBuffersIsAbortedAtOnce() throws Exception {
        byte[] held = FtpSupport.random(12 * 1024 * 1024, 61);
        FTPClient holder = login("tight", "tight-pw");
        FTPClient waiter = login("tight", "tight-pw");
        try {
            FtpSupport.binary(holder);
            FtpSupport.binary(waiter);
            // the holder sends more than one part and pauses, keeping its two part buffers: the whole budget
            OutputStream holding = holder.storeFileStream("/tight/holder.bin");
            holding.write(held, 0, 7 * 1024 * 1024);
            holding.flush();
            await("the holder's multipart upload open", Duration.ofSeconds(30),
                    () -> openMultipartUploads(OTHER_BUCKET));
            // past the first MiB, which an upload buffers without the budget, the waiter must wait
            OutputStream waiting = waiter.storeFileStream("/tight/waiter.bin");
            var sent = new AtomicLong();
            Future<?> sending = Executors.newSingleThreadExecutor().submit((Callable<Void>) () -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    while (sent.get() < 64L * 1024 * 1024) {
                        waiting.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                } catch (IOException closed) {
                    // the server closed the data connection on ABOR
                }
                return null;
            });
            // the probe runs in the server's JVM: the waiter's upload thread is seen waiting for a buffer
            await("the waiter's upload waiting for the budget", Duration.ofSeconds(30),
                    AbortIT::anUploadWaitsForPartBuffers);
            long start = System.nanoTime();
            int transfer = waiter.sendCommand("ABOR");
            assertTrue(waiter.getReplyString(), transfer == 426 || transfer == 425 || transfer == 226);
            if (transfer != 226) {
                assertTrue(waiter.getReplyString(), FTPReply.isPositiveCompletion(waiter.getReply()));
            }
            long answered = System.nanoTime() - start;
            sending.get(30, TimeUnit.SECONDS);
            System.out.printf("ABOR of an upload waiting for part buffers answered in %.1f ms%n", answered / 1e6);
            assertTrue("ABOR took " + answered / 1_000_000 + " ms", answered < TimeUnit.SECONDS.toNanos(1));

            holding.write(held, 7 * 1024 * 1024, held.length - 7 * 1024 * 1024);
            holding.close();
            assertTrue(holder.getReplyString(), holder.completePendingCommand());
            try (InputStream in = tight.read("tight/holder.bin", 0)) {
                assertEquals(held.length, in.readAllBytes().length);
            }
            assertFalse("the aborted upload stored nothing", tight.stat("tight/waiter.bin").isPresent());
            assertTrue(waiter.sendNoOp());
        } finally {
            quit(holder);
            quit(waiter);
        }
    }

    private static boolean anUploadWaitsForPartBuffers() {
        return Thread.getAllStackTraces().entrySet().stream().anyMatch(thread -> thread.getKey().getState()
                == Thread.State.WAITING && Arrays.stream(thread.getValue()).anyMatch(frame ->
                        frame.getClassName().endsWith(".PartBuffers") && frame.getMethodName().equals("take")));
    }
}
