package org.cosftp.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.KarafDistributionConfigurationFileOption;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Many sessions at once with the shipped settings: the distribution's passive range and maxLogins (other
 * tests give themselves a small passive range, which this one leaves out), from 40 loopback addresses as
 * clients behind 40 hosts would come, each within maxConnectionsPerIp.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LoadIT extends CosFtpTestSupport {
    private static final int SESSIONS = 500;
    private static final int ADDRESSES = 40;
    private static final int FILE_SIZE = 4096;
    /**
     * Logins at once: each costs a 70 ms key derivation, so 500 at once take half a minute of both cores,
     * near loginTimeoutSeconds; the sessions still all hold their logins at once before they transfer.
     */
    private static final int LOGINS_AT_ONCE = 16;
    private static final String THREADS_OF_CLIENTS = "load-client";
    /** The source tree's README, beside whose folder conf/ holds the shipped cfg files. */
    private static final String README = "cosftp.readme";

    @Configuration
    public Option[] configuration() {
        return Arrays.stream(distribution(systemProperty(README).value(System.getProperty(README))))
                .filter(option -> !(option instanceof KarafDistributionConfigurationFileOption put
                        && put.getConfigurationFilePath().endsWith("org.cosftp.server.cfg")
                        && put.getKey().equals("passivePorts")))
                .toArray(Option[]::new);
    }

    /** The shipped server file, as the distribution's conf/ has it. */
    private static Properties shipped() throws IOException {
        var properties = new Properties();
        Path conf = Path.of(System.getProperty(README)).resolveSibling("conf")
                .resolve("org.cosftp.server.cfg");
        try (Reader reader = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static Properties running() throws IOException {
        var properties = new Properties();
        Path etc = Path.of(System.getProperty("karaf.etc"), "org.cosftp.server.cfg");
        try (Reader reader = Files.newBufferedReader(etc, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    @Test
    public void fiveHundredSessionsLogInStoreAndReadBackAtOnceWithTheShippedSettings() throws Exception {
        Properties shipped = shipped();
        Properties running = running();
        for (String key : List.of("passivePorts", "maxLogins", "maxConnections", "maxConnectionsPerIp",
                "loginTimeoutSeconds")) {
            assertEquals(key + " as shipped", shipped.getProperty(key), running.getProperty(key));
        }

        long portsRanOutBefore = occurrences(log(), "no passive port of");
        var failures = new ConcurrentLinkedQueue<String>();
        var loggedIn = new CountDownLatch(SESSIONS);
        var logins = new Semaphore(LOGINS_AT_ONCE);
        var done = new AtomicInteger();
        var threadsLoggedIn = new AtomicReference<String>();
        ExecutorService clients = Executors.newFixedThreadPool(SESSIONS,
                task -> new Thread(task, THREADS_OF_CLIENTS));
        long start = System.nanoTime();
        try {
            var sessions = new ArrayList<Future<?>>();
            for (int i = 0; i < SESSIONS; i++) {
                int session = i;
                sessions.add(clients.submit(() -> {
                    try {
                        if (transfer(session, logins, loggedIn, threadsLoggedIn)) {
                            done.incrementAndGet();
                        }
                    } catch (Exception | AssertionError e) {
                        failures.add("session " + session + ": " + e);
                    }
                }));
            }
            for (Future<?> session : sessions) {
                session.get(15, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        System.out.println("[LoadIT] " + done.get() + " of " + SESSIONS + " sessions from " + ADDRESSES
                + " addresses logged in, stored and read back " + FILE_SIZE + " bytes in " + seconds
                + " s; all logged in: " + threadsLoggedIn.get() + "; after: " + serverThreads());
        assertEquals(List.of(), failures.stream().limit(10).toList());
        assertEquals(SESSIONS, done.get());
        assertEquals("PASVs that found no passive port", portsRanOutBefore, occurrences(log(), "no passive port of"));
    }

    /** One session: log in, wait for all others to be logged in too, then STOR and RETR at once. */
    private static boolean transfer(int session, Semaphore logins, CountDownLatch loggedIn,
            AtomicReference<String> threadsLoggedIn) throws Exception {
        InetAddress source = InetAddress.getByName("127.0.0." + (2 + session % ADDRESSES));
        var ftp = new FTPClient();
        ftp.setConnectTimeout(30_000);
        ftp.setDefaultTimeout(60_000);
        ftp.setDataTimeout(Duration.ofSeconds(60));
        try {
            logins.acquire();
            try {
                ftp.connect(InetAddress.getByName("127.0.0.1"), ftpPort(), source, 0);
                ftp.setSoTimeout(60_000);
                assertTrue("login: " + ftp.getReplyString(), ftp.login("demo", "demo"));
            } finally {
                logins.release();
            }
        } finally {
            loggedIn.countDown(); // a session whose login failed holds up nobody
        }
        try {
            assertTrue("every session logged in", loggedIn.await(10, TimeUnit.MINUTES));
            if (session == 0) {
                threadsLoggedIn.set(serverThreads());
            }
            ftp.enterLocalPassiveMode();
            ftp.setPassiveLocalIPAddress(source);
            assertTrue(ftp.setFileType(FTP.BINARY_FILE_TYPE));
            byte[] data = FtpSupport.random(FILE_SIZE, session);
            String path = "/load/" + session + ".bin";
            assertTrue("STOR: " + ftp.getReplyString(), ftp.storeFile(path, new ByteArrayInputStream(data)));
            var back = new ByteArrayOutputStream();
            assertTrue("RETR: " + ftp.getReplyString(), ftp.retrieveFile(path, back));
            assertArrayEquals(data, back.toByteArray());
            return true;
        } finally {
            FtpSupport.quit(ftp);
        }
    }

    /**
     * More sessions transferring at once than there are passive ports: each PASV that finds them all taken waits
     * for one, where FtpServer answered 425 at once.
     */
    @Test
    public void sessionsBeyondThePassivePortsWaitForOne() throws Exception {
        Map<String, String> before = new LinkedHashMap<>();
        running().forEach((key, value) -> before.put((String) key, (String) value));
        int base = fourFreePorts();
        applyServerSettings(serverFile("passivePorts", base + "-" + (base + 3), "maxConnectionsPerIp", "64"));
        try {
            assertTrue("the small range is warned about", log().contains("passivePorts = " + base + "-" + (base + 3)
                    + " has 4 ports for maxLogins = 512"));
            var failures = new ConcurrentLinkedQueue<String>();
            ExecutorService clients = Executors.newFixedThreadPool(40, task -> new Thread(task, THREADS_OF_CLIENTS));
            try {
                var sessions = new ArrayList<Future<?>>();
                var ready = new CountDownLatch(40);
                for (int i = 0; i < 40; i++) {
                    int session = i;
                    sessions.add(clients.submit(() -> {
                        FTPClient ftp = null;
                        try {
                            ftp = FtpSupport.login("demo", "demo");
                            ready.countDown();
                            ready.await(2, TimeUnit.MINUTES);
                            byte[] data = FtpSupport.random(FILE_SIZE, 1000 + session);
                            assertTrue("STOR: " + ftp.getReplyString(),
                                    FtpSupport.put(ftp, "/load-wait/" + session + ".bin", data));
                            assertArrayEquals(data, FtpSupport.get(ftp, "/load-wait/" + session + ".bin"));
                        } catch (Exception | AssertionError e) {
                            failures.add("session " + session + ": " + e);
                            ready.countDown();
                        } finally {
                            if (ftp != null) {
                                FtpSupport.quit(ftp);
                            }
                        }
                    }));
                }
                for (Future<?> session : sessions) {
                    session.get(15, TimeUnit.MINUTES);
                }
            } finally {
                clients.shutdownNow();
            }
            assertEquals(List.of(), failures.stream().limit(10).toList());
        } finally {
            applyServerSettings(before);
        }
    }

    private static int fourFreePorts() throws IOException {
        for (int base = 45_000 + (int) (ProcessHandle.current().pid() % 500) * 4; base < 59_000; base += 4) {
            boolean free = true;
            for (int port = base; port < base + 4 && free; port++) {
                try (var socket = new ServerSocket(port)) {
                    socket.setReuseAddress(true);
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no 4 free ports");
    }

    /** The server's threads (all but this test's clients), counted by what they are for. */
    private static String serverThreads() {
        var groups = new TreeMap<String, Integer>();
        int all = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (name.equals(THREADS_OF_CLIENTS)) {
                continue;
            }
            all++;
            groups.merge(name.replaceAll("-?\\d+$", "").replaceAll("-\\d+-", "-"), 1, Integer::sum);
        }
        var large = new StringBuilder();
        groups.forEach((name, count) -> {
            if (count >= 4) {
                large.append(", ").append(name).append(": ").append(count);
            }
        });
        return all + " server threads" + large;
    }

}
