package org.cosftp.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.net.ftp.FTPClient;

/**
 * Runs mixed load against the distribution, with its shipped heap, for a while, and prints the heap that
 * survives a full collection and the gateway's live threads before, every minute, and after: a gateway that
 * leaks memory or threads shows them climbing. Clients log in again now and then, store small and large files,
 * read them back, list, rename directories and abort uploads.
 *
 * First, the peak: as many sessions as the shipped maxLogins each hold an upload open at once.
 *
 * <p>Arguments: {@code --distribution <unpacked distribution> --work <folder> [--minutes <n>] [--clients <n>]
 * [--peak <sessions>]} (0: no peak).
 */
public final class Soak {
    private static final double MIB = Scale.MIB;
    private static final int SMALL = 16 * 1024;
    private static final int LARGE = 48 * 1024 * 1024;
    /** Pools end their idle threads within a minute; the last figure waits that long after the load. */
    private static final Duration SETTLE = Duration.ofSeconds(75);
    private static final int SHIPPED_MAX_LOGINS = 512;
    private static final int LOGINS_AT_ONCE = 8;
    /** Past the first buffer an upload grows outside the budget (1 MiB), so that it needs a part buffer. */
    private static final int PEAK_UPLOAD = 1024 * 1024 + 128 * 1024;

    private final FtpTransfers gateway;
    private final Duration load;
    /** When the mixed load ends; set as it starts. */
    private volatile Instant deadline;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    private Soak(FtpTransfers gateway, Duration load) {
        this.gateway = gateway;
        this.load = load;
    }

    public static void main(String[] args) throws Exception {
        var options = new HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Path distribution = Path.of(options.get("--distribution"));
        Path work = Path.of(options.get("--work"));
        int minutes = Integer.parseInt(options.getOrDefault("--minutes", "30"));
        int clients = Integer.parseInt(options.getOrDefault("--clients", "48"));
        int peak = Integer.parseInt(options.getOrDefault("--peak", Integer.toString(SHIPPED_MAX_LOGINS)));
        Folders.delete(work);
        Files.createDirectories(work);
        System.out.println(Benchmark.machine(null) + "; " + clients + " clients, " + minutes + " min");
        try (Gateway server = Gateway.start(distribution, work, null, Map.of(), Math.max(64, peak + 88));
             var probe = new MemoryProbe(server.javaPid())) {
            var soak = new Soak(new FtpTransfers(server.ftpPort(), Gateway.USER, Gateway.PASSWORD),
                    Duration.ofMinutes(minutes));
            print("idle, before", probe);
            if (peak > 0) {
                soak.peak(peak, probe);
                print("idle, after the peak", probe);
            }
            soak.run(clients, probe);
            print("right after", probe);
            Thread.sleep(SETTLE.toMillis()); // idle threads end on their pools' timers: nothing to wait on
            print("idle, " + SETTLE.toSeconds() + " s after", probe);
            System.out.println("operations: " + new TreeMap<>(soak.counts));
        }
    }

    private static void print(String when, MemoryProbe probe) throws IOException {
        MemoryProbe.Idle idle = probe.idle();
        System.out.printf(Locale.ROOT, "%-22s heap after GC %6.1f MiB (max %.0f MiB), RSS %6.1f MiB, live threads %d%n",
                when, idle.heapUsed() / MIB, idle.maxHeap() / MIB, idle.rss() / MIB, probe.liveThreads());
    }

    /**
     * The most the shipped settings let sessions hold: {@code sessions} uploads open at once, each past its first
     * buffer, so that the storage's whole part budget is taken and every other upload waits for it holding that
     * buffer. Then every upload is aborted.
     */
    private void peak(int sessions, MemoryProbe probe) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        var logins = new Semaphore(LOGINS_AT_ONCE);
        var holding = new CountDownLatch(sessions);
        var release = new CountDownLatch(1);
        try {
            var running = new ArrayList<Future<Void>>();
            for (int i = 0; i < sessions; i++) {
                String path = "/soak/peak-" + i;
                running.add(pool.submit(() -> {
                    FTPClient ftp = null;
                    boolean holds = false;
                    try {
                        ftp = loginRetried(logins);
                        ftp.makeDirectory("/soak");
                        OutputStream out = ftp.storeFileStream(path);
                        if (out == null) {
                            throw new IOException("STOR " + path + ": " + ftp.getReplyString().trim());
                        }
                        out.write(new byte[PEAK_UPLOAD]);
                        out.flush();
                        holds = true;
                        holding.countDown();
                        release.await();
                        SoakActions.abort(ftp, out);
                        return null;
                    } finally {
                        if (!holds) {
                            holding.countDown(); // a session that failed holds up nobody; its get() says why
                        }
                        FtpTransfers.quit(ftp);
                    }
                }));
            }
            if (!holding.await(5, TimeUnit.MINUTES)) {
                throw new IOException("the sessions of the peak did not all start their uploads");
            }
            print(sessions + " uploads open", probe);
            release.countDown();
            for (Future<Void> session : running) {
                session.get(5, TimeUnit.MINUTES);
            }
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /**
     * A login, tried again as a client would if the server closed the connection: on a machine this loaded a login
     * (70 ms of a core) can take longer than loginTimeoutSeconds.
     */
    private FTPClient loginRetried(Semaphore logins) throws IOException, InterruptedException {
        for (int attempt = 1;; attempt++) {
            logins.acquire();
            try {
                return gateway.login();
            } catch (IOException e) {
                count("logins tried again (" + e.getClass().getSimpleName() + ")");
                if (attempt == 5) {
                    throw e;
                }
            } finally {
                logins.release();
            }
        }
    }

    private void run(int clients, MemoryProbe probe) throws Exception {
        deadline = Instant.now().plus(load);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            var running = new ArrayList<Future<?>>();
            for (int i = 0; i < clients; i++) {
                int client = i;
                running.add(pool.submit(() -> client(client)));
            }
            Instant start = Instant.now();
            while (Instant.now().isBefore(deadline)) {
                Thread.sleep(Math.max(1, Math.min(60_000, Duration.between(Instant.now(), deadline).toMillis())));
                print(String.format(Locale.ROOT, "under load, %3d min", Duration.between(start, Instant.now())
                        .toMinutes()), probe);
            }
            for (Future<?> client : running) {
                client.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void count(String what) {
        counts.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    /** One client's loop until the deadline; a failure is counted, and the client starts a new session. */
    private Void client(int client) {
        var random = new Random(client);
        String home = "/soak/" + client;
        FTPClient ftp = null;
        int step = 0;
        while (Instant.now().isBefore(deadline)) {
            step++;
            try {
                if (ftp == null || random.nextInt(20) == 0) {
                    FtpTransfers.quit(ftp);
                    ftp = gateway.login();
                    ftp.makeDirectory("/soak");
                    ftp.makeDirectory(home);
                    count("logins");
                }
                int choice = random.nextInt(100);
                if (choice < 35) {
                    SoakActions.store(ftp, home + "/small-" + (step % 50), SMALL, random);
                    count("small uploads");
                } else if (choice < 40) {
                    SoakActions.store(ftp, home + "/large", LARGE, random);
                    count("large uploads");
                } else if (choice < 65) {
                    SoakActions.retrieve(ftp, home + "/small-" + random.nextInt(50));
                    count("downloads");
                } else if (choice < 82) {
                    if (ftp.mlistDir(home) == null) {
                        throw new IOException("MLSD " + home + ": " + ftp.getReplyString().trim());
                    }
                    count("listings");
                } else if (choice < 90) {
                    SoakActions.renameDirectory(ftp, home, step, random);
                    count("directory renames");
                } else {
                    SoakActions.abortUpload(ftp, home + "/aborted");
                    count("aborted uploads");
                }
            } catch (IOException | RuntimeException e) {
                count("failures (" + e.getClass().getSimpleName() + ")");
                FtpTransfers.quit(ftp);
                ftp = null;
            }
        }
        FtpTransfers.quit(ftp);
        return null;
    }
}
