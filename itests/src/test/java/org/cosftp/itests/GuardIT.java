package org.cosftp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPConnectionClosedException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Password guessing and floods: bans, connection limits, the login timeout, failed logins answered late without
 * holding FtpServer's threads, and the log line fail2ban reads. Clients come from several loopback addresses
 * (Linux routes all of 127.0.0.0/8 locally), each test its own, as bans outlive the rebinds between tests.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GuardIT extends CosFtpTestSupport {
    private static final String LOOPBACK = "127.0.0.1";
    /** The failregex the README proposes for fail2ban, and what it means in Java (fail2ban's {@code <HOST>}). */
    static final String FAILREGEX = "^.* \\| login failed: user \"[^\"]*\" from <HOST>$";
    private static final Pattern FAILED_LOGIN = Pattern.compile(
            FAILREGEX.replace("<HOST>", "(?<host>[0-9A-Fa-f.:]+)"));

    /** Rounds per client of {@link #everyLoginAfterADelayedRefusalIsAnswered()}: 40 by default (see the README). */
    private static final String ROUNDS = "cosftp.itest.delayedRefusalRounds";

    @Configuration
    public Option[] configuration() {
        // a plaintext password is checked at once, so that the rounds measure the delayed replies, not PBKDF2
        return distribution(account("quick"), systemProperty(ROUNDS).value(System.getProperty(ROUNDS, "40")));
    }

    /** The loopback address 127.0.0.{@code lastByte} to connect from: unlike 127.0.0.1, it may be banned. */
    static InetAddress source(int lastByte) throws IOException {
        return InetAddress.getByName("127.0.0." + lastByte);
    }

    /** The server file with these guard settings; the defaults without them. */
    private static Map<String, String> server(String... keysAndValues) {
        return serverFile(keysAndValues);
    }

    /** A client from {@code source}, connected; a refused connection throws with 421. */
    private static FTPClient connect(InetAddress source) throws IOException {
        var ftp = new FTPClient();
        ftp.setConnectTimeout(10_000);
        ftp.setDefaultTimeout(30_000);
        ftp.connect(InetAddress.getByName(LOOPBACK), ftpPort(), source, 0);
        ftp.setSoTimeout(30_000);
        return ftp;
    }

    /** What a client connecting from {@code source} hears first: {@code accepted: 220 …}, or the refusal. */
    static String refusal(InetAddress source) throws IOException {
        var ftp = new FTPClient();
        ftp.setConnectTimeout(10_000);
        ftp.setDefaultTimeout(10_000);
        try {
            ftp.connect(InetAddress.getByName(LOOPBACK), ftpPort(), source, 0);
            return "accepted: " + ftp.getReplyString();
        } catch (FTPConnectionClosedException refused) {
            return ftp.getReplyString().trim();
        } finally {
            disconnect(ftp);
        }
    }

    private static void disconnect(FTPClient ftp) {
        try {
            ftp.disconnect();
        } catch (IOException ignored) {
            // closed either way
        }
    }

    /** Connects from {@code source} and logs in as demo: the time it took, in milliseconds. */
    private static long timedLogin(InetAddress source) throws IOException {
        long start = System.nanoTime();
        FTPClient ftp = connect(source);
        try {
            assertTrue("demo logs in from " + source + ": " + ftp.getReplyString(), ftp.login("demo", "demo"));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("/", ftp.printWorkingDirectory());
            return millis;
        } finally {
            FtpSupport.quit(ftp);
        }
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    /** The failed-login lines in the log for an address; for all addresses if {@code null}. */
    private static long failedLoginLines(String address) throws IOException {
        return log().lines().filter(line -> FAILED_LOGIN.matcher(line).matches()
                && (address == null || line.endsWith(" from " + address))).count();
    }

    /** What a figure of this test is, for the build's output. */
    private static void report(String figure) {
        System.out.println("[GuardIT] " + figure);
    }

    /** One brute-force client: a connection, then up to three guesses; the replies it got. */
    private static List<Integer> guess(InetAddress source, int client) {
        var codes = new ArrayList<Integer>();
        var ftp = new FTPClient();
        ftp.setConnectTimeout(10_000);
        ftp.setDefaultTimeout(30_000);
        try {
            ftp.connect(InetAddress.getByName(LOOPBACK), ftpPort(), source, 0);
            codes.add(ftp.getReplyCode());
            for (int attempt = 0; attempt < 3; attempt++) {
                String user = client % 2 == 0 ? "demo" : "nobody" + client;
                ftp.login(user, "guess-" + client + "-" + attempt);
                codes.add(ftp.getReplyCode());
            }
        } catch (FTPConnectionClosedException closed) {
            codes.add(ftp.getReplyCode());
        } catch (IOException closed) {
            codes.add(-1);
        } finally {
            disconnect(ftp);
        }
        return codes;
    }

    @Test
    public void aBurstOfGuessesBansItsAddressAndOthersStillLogInPromptly() throws Exception {
        InetAddress attacker = source(2);
        InetAddress legitimate = source(3);
        try {
            // room for all 40 at once: the ban, not the per-address limit, must stop them
            applyServerSettings(server("maxConnectionsPerIp", "64"));
            ExecutorService clients = Executors.newFixedThreadPool(40);
            var start = new CountDownLatch(1);
            var burst = new ArrayList<Future<List<Integer>>>();
            for (int i = 0; i < 40; i++) {
                int client = i;
                burst.add(clients.submit(() -> {
                    start.await();
                    return guess(attacker, client);
                }));
            }
            long burstStart = System.nanoTime();
            start.countDown();
            await("the first guesses to be refused", Duration.ofSeconds(30),
                    () -> failedLoginLines("127.0.0.2") > 0);
            long duringBurst = timedLogin(legitimate);
            var replies = new ArrayList<Integer>();
            for (Future<List<Integer>> client : burst) {
                replies.addAll(client.get(60, TimeUnit.SECONDS));
            }
            long burstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burstStart);
            clients.shutdown();
            long refusedGuesses = replies.stream().filter(code -> code == 530).count();
            long closedWith421 = replies.stream().filter(code -> code == 421).count();

            String refusal = refusal(attacker);
            assertTrue(refusal, refusal.startsWith("421 Address banned"));
            // the right password does not help: the connection is refused before any command
            var withRightPassword = new FTPClient();
            try {
                withRightPassword.connect(InetAddress.getByName(LOOPBACK), ftpPort(), attacker, 0);
                assertFalse("a banned address must not log in", withRightPassword.login("demo", "demo"));
            } catch (FTPConnectionClosedException refused) {
                assertEquals(421, withRightPassword.getReplyCode());
            } finally {
                disconnect(withRightPassword);
            }
            await("the ban in the log", Duration.ofSeconds(10),
                    () -> log().contains("address 127.0.0.2 banned for 600 s after 5 failed logins"));
            assertEquals("one ban, logged once", 1,
                    log().lines().filter(line -> line.contains("address 127.0.0.2 banned")).count());

            var latencies = new ArrayList<Long>();
            for (int i = 0; i < 7; i++) {
                latencies.add(timedLogin(legitimate));
            }
            long median = median(latencies);
            report("burst of 40 clients from 127.0.0.2: " + burstMillis + " ms, " + refusedGuesses + " guesses "
                    + "refused (530), " + closedWith421 + " connections refused or closed with 421, "
                    + failedLoginLines("127.0.0.2") + " failed-login log lines");
            report("login of demo from 127.0.0.3 (connect + USER + PASS): " + duringBurst + " ms during the burst; "
                    + "after it " + latencies + " ms, median " + median + " ms");
            assertFalse("no guess logged in", replies.contains(230));
            assertTrue("every guessing connection ended refused or closed: " + replies,
                    replies.stream().allMatch(code -> code == 220 || code == 530 || code == 421 || code == -1));
            assertTrue("a legitimate login takes " + median + " ms", median < 5_000);
            assertTrue("a legitimate login during the burst takes " + duringBurst + " ms", duringBurst < 5_000);
        } finally {
            applyServerSettings(server());
        }
    }

    @Test
    public void waitingFailuresHoldNoWorkerThread() throws Exception {
        InetAddress guessing = source(4);
        InetAddress legitimate = source(5);
        int failing = 12;
        long delay = 5_000;
        try {
            // maxLogins sizes FtpServer's worker pool: 4 threads, fewer than the failures waiting at once
            applyServerSettings(server("maxLogins", "4", "loginFailureDelayMillis", Long.toString(delay),
                    "ban.maxFailures", "0", "maxConnectionsPerIp", "64"));
            long linesBefore = failedLoginLines("127.0.0.4");
            var clients = new ArrayList<FTPClient>();
            for (int i = 0; i < failing; i++) {
                FTPClient ftp = connect(guessing);
                assertEquals(331, ftp.user("demo"));
                clients.add(ftp);
            }
            ExecutorService passwords = Executors.newFixedThreadPool(failing);
            var answers = new ArrayList<Future<long[]>>();
            for (FTPClient ftp : clients) {
                answers.add(passwords.submit(() -> {
                    long start = System.nanoTime();
                    int code = ftp.pass("wrong");
                    return new long[] {code, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)};
                }));
            }
            // every failure has been through FtpServer and now waits for its answer
            await("the " + failing + " failures in the log", Duration.ofSeconds(30),
                    () -> failedLoginLines("127.0.0.4") - linesBefore == failing);
            long login = timedLogin(legitimate);
            var waits = new ArrayList<Long>();
            for (Future<long[]> answer : answers) {
                long[] codeAndMillis = answer.get(60, TimeUnit.SECONDS);
                assertEquals(530, codeAndMillis[0]);
                waits.add(codeAndMillis[1]);
            }
            passwords.shutdown();
            clients.forEach(GuardIT::disconnect);
            report("with 4 worker threads and " + failing + " failures waiting " + delay + " ms: login of demo from "
                    + "127.0.0.5 in " + login + " ms; the 530 replies came after " + waits + " ms");
            assertTrue("a login while failures wait took " + login + " ms", login < 2_000);
            assertTrue("no 530 before the delay: " + waits, waits.stream().allMatch(wait -> wait >= delay));
        } finally {
            applyServerSettings(server());
        }
    }

    @Test
    public void pipelinedCommandsWaitForTheDelayedRefusal() throws Exception {
        long delay = 2_000;
        try {
            applyServerSettings(server("loginFailureDelayMillis", Long.toString(delay)));
            try (var socket = new Socket(InetAddress.getByName(LOOPBACK), ftpPort(), source(6), 0)) {
                socket.setSoTimeout(30_000);
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                assertTrue(in.readLine().startsWith("220"));
                OutputStream out = socket.getOutputStream();
                long start = System.nanoTime();
                // one packet: the commands after the wrong password must wait for its answer
                out.write("USER demo\r\nPASS wrong\r\nUSER demo\r\nPASS demo\r\nPWD\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                var replies = new ArrayList<String>();
                var times = new ArrayList<Long>();
                for (int i = 0; i < 5; i++) {
                    replies.add(in.readLine());
                    times.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                }
                report("pipelined USER, wrong PASS, USER, PASS, PWD: " + replies + " after " + times + " ms");
                assertEquals(List.of("331", "530", "331", "230", "257"),
                        replies.stream().map(reply -> reply.substring(0, 3)).toList());
                assertTrue("the 331 does not wait: " + times, times.get(0) < delay);
                assertTrue("no 530 before the delay: " + times, times.get(1) >= delay);
            }
        } finally {
            applyServerSettings(server());
        }
    }

    @Test
    public void everyLoginAfterADelayedRefusalIsAnswered() throws Exception {
        InetAddress source = source(7);
        int clients = 8;
        int rounds = Integer.getInteger(ROUNDS, 40);
        try {
            applyServerSettings(server("loginFailureDelayMillis", "1", "ban.maxFailures", "0",
                    "maxConnectionsPerIp", "64"));
            ExecutorService threads = Executors.newFixedThreadPool(clients);
            var results = new ArrayList<Future<String>>();
            long start = System.nanoTime();
            for (int client = 0; client < clients; client++) {
                results.add(threads.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        FTPClient ftp = connect(source);
                        // a lost command shows as this timeout, well before the login timeout closes the session
                        ftp.setSoTimeout(10_000);
                        try {
                            if (ftp.login("quick", "wrong") || ftp.getReplyCode() != 530) {
                                return "round " + round + ": the wrong password got " + ftp.getReplyString();
                            }
                            if (!ftp.login("quick", "quick-pw")) {
                                return "round " + round + ": the right password got " + ftp.getReplyString();
                            }
                        } catch (IOException e) {
                            return "round " + round + ": " + e;
                        } finally {
                            disconnect(ftp);
                        }
                    }
                    return "ok";
                }));
            }
            for (Future<String> result : results) {
                assertEquals("ok", result.get(30, TimeUnit.MINUTES));
            }
            threads.shutdown();
            report(clients + " clients, " + rounds + " rounds each of a delayed 530 and a login: all answered, in "
                    + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + " s");
        } finally {
            applyServerSettings(server());
        }
    }

    @Test
    public void aClientFloodingADelayedRefusalIsDisconnected() throws Exception {
        long delay = 2_000;
        try {
            applyServerSettings(server("loginFailureDelayMillis", Long.toString(delay), "ban.maxFailures", "0"));
            try (var socket = new Socket(InetAddress.getByName(LOOPBACK), ftpPort(), source(8), 0)) {
                socket.setSoTimeout(30_000);
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                assertTrue(in.readLine().startsWith("220"));
                OutputStream out = socket.getOutputStream();
                out.write("USER demo\r\nPASS wrong\r\n".getBytes(StandardCharsets.US_ASCII));
                out.write("NOOP\r\n".repeat(1_000).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertTrue(in.readLine().startsWith("331"));
                String next;
                try {
                    next = in.readLine();
                } catch (SocketException reset) {
                    // closed with the NOOPs unread, the client's system may see a reset rather than the end
                    next = null;
                }
                assertEquals("closed without the delayed answer", null, next);
            }
            assertTrue(log().contains("commands while a reply was delayed"));
        } finally {
            applyServerSettings(server());
        }
    }

    @Test
    public void connectionsOverTheLimitsAreRefused() throws Exception {
        var open = new ArrayList<FTPClient>();
        try {
            applyServerSettings(server("maxConnectionsPerIp", "3", "maxConnections", "5"));
            for (int i = 0; i < 3; i++) {
                open.add(connect(source(7)));
            }
            assertEquals("421 Too many connections from your address.", refusal(source(7)));
            open.add(connect(source(8)));
            open.add(connect(source(8)));
            assertEquals("421 Too many connections; try again later.", refusal(source(9)));
            FtpSupport.quit(open.remove(0));
            // a probe that got in would hold the free place itself until its close is seen: take it at once
            var admitted = new ArrayList<FTPClient>();
            await("a free place after one client left", Duration.ofSeconds(10), () -> admitted.add(connect(source(7))));
            open.addAll(admitted);
            assertTrue("a client within the limits logs in", admitted.get(0).login("demo", "demo"));
        } finally {
            open.forEach(GuardIT::disconnect);
            applyServerSettings(server());
        }
    }

    @Test
    public void clientsThatDoNotLogInInTimeAreClosed() throws Exception {
        int timeout = 2;
        try {
            applyServerSettings(server("loginTimeoutSeconds", Integer.toString(timeout)));
            FTPClient loggedIn = connect(source(10));
            assertTrue(loggedIn.login("demo", "demo"));
            FTPClient lingering = connect(source(10));
            long start = System.nanoTime();
            int lastReply = 0;
            try {
                // it keeps talking, but never logs in
                for (int i = 0; i < 100; i++) {
                    lastReply = i % 2 == 0 ? lingering.sendCommand("NOOP") : lingering.user("demo");
                    Thread.sleep(200);
                }
            } catch (FTPConnectionClosedException closed) {
                lastReply = lingering.getReplyCode();
            } finally {
                disconnect(lingering);
            }
            long closedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            report("a client that keeps sending NOOP and USER is closed after " + closedAfter + " ms, login timeout "
                    + timeout + " s");
            assertEquals(421, lastReply);
            assertTrue("closed after " + closedAfter + " ms", closedAfter >= timeout * 1000L - 100
                    && closedAfter < 10_000);
            assertTrue("a logged-in client is not closed", loggedIn.sendNoOp());
            FtpSupport.quit(loggedIn);
        } finally {
            applyServerSettings(server());
        }
    }

    @Test
    public void eachFailedLoginIsOneLogLineThatFail2banMatches() throws Exception {
        try {
            applyServerSettings(server("loginFailureDelayMillis", "100"));
            FTPClient ftp = connect(source(11));
            assertFalse(ftp.login("demo", "not-the-password"));
            assertEquals(530, ftp.getReplyCode());
            assertFalse(ftp.login("nobody", "secret-guess-1"));
            // a name that tries to make the log blame another address
            assertFalse(ftp.login("x\" from 192.0.2.9", "secret-guess-2"));
            assertEquals(530, ftp.getReplyCode());
            assertTrue("the third failure closes the connection", closed(ftp));
            disconnect(ftp);
            await("three failed-login lines", Duration.ofSeconds(10), () -> failedLoginLines("127.0.0.11") == 3);
            List<String> lines = log().lines().filter(line -> line.contains("login failed:")
                    && line.contains("127.0.0.11")).toList();
            assertEquals(lines.toString(), 3, lines.size());
            for (String line : lines) {
                var match = FAILED_LOGIN.matcher(line);
                assertTrue(line, match.matches());
                assertEquals(line, "127.0.0.11", match.group("host"));
                assertTrue(line, line.contains("| WARN "));
            }
            assertTrue(lines.get(2), lines.get(2).endsWith("login failed: user \"x? from 192.0.2.9\" from 127.0.0.11"));
            String log = log();
            for (String secret : List.of("not-the-password", "secret-guess-1", "secret-guess-2")) {
                assertFalse("a password in the log", log.contains(secret));
            }
            fail2banMatches(lines.size());
        } finally {
            applyServerSettings(server());
        }
    }

    private static boolean closed(FTPClient ftp) {
        try {
            ftp.sendNoOp();
            return false;
        } catch (IOException closed) {
            return true;
        }
    }

    /** Runs fail2ban's own check of the failregex on the log, where fail2ban is installed. */
    private static void fail2banMatches(int atLeast) throws Exception {
        Path tool = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(folder -> Path.of(folder, "fail2ban-regex")).filter(Files::isExecutable).findFirst()
                .orElse(null);
        if (tool == null) {
            report("fail2ban-regex not installed: the failregex was checked as a Java pattern only");
            return;
        }
        Path logFile = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        var process = new ProcessBuilder(tool.toString(), logFile.toString(), FAILREGEX).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("fail2ban-regex ends", process.waitFor(60, TimeUnit.SECONDS));
        var matched = Pattern.compile("Failregex: (\\d+) total").matcher(output);
        assertTrue(output, matched.find());
        long failures = failedLoginLines(null);
        report("fail2ban-regex: " + matched.group(0) + " in karaf.log, which holds " + failures
                + " failed-login lines");
        assertTrue(output, Integer.parseInt(matched.group(1)) >= atLeast);
        assertEquals(output, failures, Integer.parseInt(matched.group(1)));
    }

    @Test
    public void bansEndAndGrowAndSparesLoggedInSessions() throws Exception {
        InetAddress address = source(12);
        try {
            applyServerSettings(server("ban.maxFailures", "2", "ban.timeSeconds", "2", "ban.maxTimeSeconds", "60",
                    "loginFailureDelayMillis", "100"));
            FTPClient working = connect(address);
            assertTrue(working.login("demo", "demo"));
            FTPClient waiting = connect(address);
            FTPClient guessing = connect(address);
            assertFalse(guessing.login("demo", "wrong-1"));
            assertFalse(guessing.login("demo", "wrong-2"));
            disconnect(guessing);
            await("the first ban", Duration.ofSeconds(10),
                    () -> log().contains("address 127.0.0.12 banned for 2 s after 2 failed logins"));
            assertTrue(refusal(address), refusal(address).startsWith("421 Address banned"));
            try {
                waiting.user("demo");
                assertEquals("the waiting session is closed", 421, waiting.getReplyCode());
            } catch (FTPConnectionClosedException closed) {
                assertEquals(421, waiting.getReplyCode());
            } finally {
                disconnect(waiting);
            }
            assertTrue("a session logged in before the ban keeps working", working.sendNoOp());
            FtpSupport.quit(working);

            await("the end of the ban", Duration.ofSeconds(30), () -> !refusal(address).startsWith("421"));
            FTPClient again = connect(address);
            assertFalse(again.login("demo", "wrong-3"));
            assertFalse(again.login("demo", "wrong-4"));
            disconnect(again);
            await("the second ban, twice as long", Duration.ofSeconds(10),
                    () -> log().contains("address 127.0.0.12 banned for 4 s after 2 failed logins"));
        } finally {
            applyServerSettings(server());
        }
    }
}
