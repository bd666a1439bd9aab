package org.cosftp.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.commons.net.ftp.FTPClient;

/**
 * Measures cos-ftp side by side with the COS SDK used directly on the same local COS store, and FTP itself on
 * the local disk, in one run; prints a table and writes it as CSV.
 *
 * <p>Arguments: {@code --scale full|small --distribution <unpacked distribution> --work <folder>
 * [--heap <gateway -Xmx>] [--only <parts>]}, where parts is a comma-separated choice of {@link #PARTS} (all by
 * default), to measure again only what a change touched.
 */
public final class Benchmark {
    private static final double MIB = Scale.MIB;
    /** The gateway's part size with the shipped settings: 16 MiB raised so that 200 GiB fits in 10,000 parts. */
    static final int PART_SIZE = 21 * (int) Scale.MIB;
    /** The shipped {@code uploadThreads}. */
    static final int UPLOAD_THREADS = 4;
    /** The shipped {@code uploadMemoryMiB}: whole part buffers of all uploads of the storage together. */
    static final long UPLOAD_MEMORY = 512 * Scale.MIB;
    /**
     * What an open upload holds outside that budget: its first buffer (grown up to 1 MiB for small files), its
     * 64 KiB transfer block and the buffers of the requests sending its parts; measured, about 3 MiB.
     */
    static final long PER_UPLOAD = 4 * Scale.MIB;
    static final String DEFAULT_HEAP = "1g";
    /** The threads on which the gateway looks up the metadata of listed files (FtpServerComponent's pool). */
    private static final int GATEWAY_METADATA_LOOKUPS = 16;
    /** The sides of a measurement, in the order {@link #fastest} takes them. */
    private static final int DIRECT = 0;
    private static final int GATEWAY = 1;
    private static final int STOCK = 2;
    /**
     * The SDK doing by itself what the gateway cannot avoid: one more hop, through a {@link Relay}, for large
     * files; the same requests to the store as the gateway's for small files.
     */
    private static final int SAME_WORK = 3;
    /** The measurements, in the order they run. */
    /** The distribution's {@code uploadCommitDelayMillis}, which the small-file part measures against 0. */
    private static final int SHIPPED_UPLOAD_COMMIT_DELAY_MILLIS = 20;
    static final List<String> PARTS = List.of("large", "listing", "small", "logins", "memory");

    private final Scale scale;
    private final Path work;
    private final Results results;
    private final DirectCos direct;
    /** The SDK again, through a {@link Relay}: what one more hop costs by itself. */
    private final DirectCos relayed;
    private final FtpTransfers gateway;
    /** The distribution under test, whose settings a part may change. */
    private final Gateway server;
    private final FtpTransfers stock;
    private final Path stockRoot;
    private CpuTime cpu;

    private Benchmark(Scale scale, Path work, Results results, DirectCos direct, DirectCos relayed,
            FtpTransfers gateway, Gateway server, FtpTransfers stock, Path stockRoot) {
        this.scale = scale;
        this.work = work;
        this.results = results;
        this.direct = direct;
        this.relayed = relayed;
        this.gateway = gateway;
        this.server = server;
        this.stock = stock;
        this.stockRoot = stockRoot;
    }

    public static void main(String[] args) throws Exception {
        var options = new HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Scale scale = Scale.named(options.getOrDefault("--scale", "full"));
        Path distribution = Path.of(required(options, "--distribution"));
        Path work = Path.of(required(options, "--work"));
        String only = options.getOrDefault("--only", "all");
        List<String> parts = only.equals("all") ? PARTS : Arrays.asList(only.split(","));
        if (!PARTS.containsAll(parts)) {
            throw new IllegalArgumentException("--only takes 'all' or some of " + PARTS + ", not " + only);
        }
        Results results = run(scale, distribution, work, options.getOrDefault("--heap", DEFAULT_HEAP), parts);
        System.out.println();
        System.out.println("CSV: " + work.resolve("benchmark-" + scale.name() + ".csv"));
        long missed = results.rows().stream().filter(row -> row.verdict().startsWith("MISSED")).count();
        System.out.println(missed == 0 ? "every target met" : missed + " target(s) missed");
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name
                    + "; use --scale full|small --distribution <folder> --work <folder> [--heap <size>] [--only <parts>]");
        }
        return value;
    }

    /** Runs the measurements named and returns the figures, also written to {@code benchmark-<scale>.csv}. */
    static Results run(Scale scale, Path distribution, Path work, String heap, List<String> parts)
            throws Exception {
        Gateway.deleteTree(work);
        Files.createDirectories(work);
        var results = new Results(System.out);
        System.out.println(machine(heap));
        Path stockRoot = work.resolve("disk");
        try (Gateway server = Gateway.start(distribution, work, heap, Map.of());
             var direct = new DirectCos(server.storeEndpoint(), Gateway.BUCKET);
             var relay = new Relay(server.storePort());
             var relayed = new DirectCos("localhost:" + relay.port(), Gateway.BUCKET);
             var stockServer = new StockFtpServer(stockRoot)) {
            var benchmark = new Benchmark(scale, work, results, direct, relayed,
                    new FtpTransfers(server.ftpPort(), Gateway.USER, Gateway.PASSWORD), server,
                    new FtpTransfers(stockServer.port(), StockFtpServer.USER, StockFtpServer.PASSWORD), stockRoot);
            benchmark.cpu = new CpuTime(server.javaPid(), server.storePid(), ProcessHandle.current().pid());
            if (parts.contains("large")) {
                benchmark.largeFiles();
            }
            if (parts.contains("listing")) {
                benchmark.listing();
            }
            if (parts.contains("small")) {
                benchmark.smallFiles();
            }
            if (parts.contains("logins")) {
                benchmark.logins();
            }
            if (parts.contains("memory")) {
                benchmark.memory(server.javaPid());
            }
        }
        results.writeCsv(work.resolve("benchmark-" + scale.name() + ".csv"));
        return results;
    }

    static String machine(String heap) {
        return String.format(Locale.ROOT, "machine: %d cores, %.1f GiB memory, %s %s, Java %s; gateway heap %s",
                Runtime.getRuntime().availableProcessors(), totalMemory() / (double) Scale.GIB,
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"),
                heap == null ? "as shipped" : "-Xmx" + heap);
    }

    private static long totalMemory() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 0;
    }

    private String size(long bytes) {
        return bytes >= Scale.GIB && bytes % Scale.GIB == 0 ? bytes / Scale.GIB + " GiB" : bytes / Scale.MIB + " MiB";
    }

    // ---------------------------------------------------------------- large files

    private void largeFiles() throws Exception {
        long size = scale.largeFile();
        warmUp(Math.min(size, 64 * Scale.MIB));
        results.header("Large file: " + size(size) + " (4 streams: 4 files of a quarter each, at once)");
        for (int streams : new int[] {1, 4}) {
            long each = size / streams;
            String label = size(size) + ", " + streams + (streams == 1 ? " stream" : " streams");

            String ftpKey = "ftp/large-" + streams + "-";
            String diskPath = "large-" + streams + "-";
            // each side's upload gives the time from its last byte to the committed object
            List<Timed<List<Double>>> uploads = fastest(
                    () -> timed(() -> parallel(streams, i -> direct.uploadInParts("direct/large-" + streams + "-" + i,
                            Transfers.source(each), each, PART_SIZE, UPLOAD_THREADS).lastByteToCommitSeconds())),
                    () -> sessions(gateway, streams,
                            (ftp, i) -> gateway.upload(ftp, "/" + ftpKey + i, each).lastByteToReplySeconds()),
                    () -> sessions(stock, streams,
                            (ftp, i) -> stock.upload(ftp, diskPath + i, each).lastByteToReplySeconds()),
                    () -> timed(() -> parallel(streams, i -> relayed.uploadInParts("relayed/large-" + streams + "-"
                            + i, Transfers.source(each), each, PART_SIZE, UPLOAD_THREADS).lastByteToCommitSeconds())));
            largeFileRows("upload", label, size, uploads, 0.85);
            results.time("upload " + label + ": last byte to commit / 226", "s",
                    Collections.max(uploads.get(DIRECT).value()), Collections.max(uploads.get(GATEWAY).value()), 0);

            // the gateway's objects, read by every side that reads the store
            List<Timed<List<Long>>> downloads = fastest(
                    () -> timed(() -> parallel(streams, i -> expect(each, direct.download(ftpKey + i)))),
                    () -> sessions(gateway, streams, (ftp, i) -> expect(each, gateway.download(ftp, "/" + ftpKey + i))),
                    () -> sessions(stock, streams, (ftp, i) -> expect(each, stock.download(ftp, diskPath + i))),
                    () -> timed(() -> parallel(streams, i -> expect(each, relayed.download(ftpKey + i)))));
            largeFileRows("download", label, size, downloads, 0.9);
        }
        direct.deleteAll("direct/");
        direct.deleteAll("relayed/");
        direct.deleteAll("ftp/");
        Gateway.deleteTree(stockRoot);
        Files.createDirectories(stockRoot);

        direct.put("first-byte/1mib", Transfers.smallFile((int) Scale.MIB));
        sessions(stock, 1, (ftp, i) -> {
            stock.put(ftp, "first-byte", Transfers.smallFile((int) Scale.MIB));
            return null;
        });
        double[] directFirst = new double[scale.firstByteSamples()];
        double[] ftpFirst = new double[scale.firstByteSamples()];
        double[] diskFirst = new double[scale.firstByteSamples()];
        FTPClient ftp = gateway.login();
        FTPClient disk = stock.login();
        try {
            for (int i = 0; i < scale.firstByteSamples(); i++) {
                directFirst[i] = direct.firstByte("first-byte/1mib");
                ftpFirst[i] = gateway.firstByte(ftp, "/first-byte/1mib");
                diskFirst[i] = stock.firstByte(disk, "first-byte");
            }
        } finally {
            FtpTransfers.quit(ftp);
            FtpTransfers.quit(disk);
        }
        String firstByte = "RETR time to first byte (median of " + scale.firstByteSamples() + ", PASV included)";
        results.time(firstByte, "ms", median(directFirst) * 1000, median(ftpFirst) * 1000, 0);
        results.time(firstByte + " (baseline: stock FtpServer, local disk)", "ms", median(diskFirst) * 1000,
                median(ftpFirst) * 1000, 0);
    }

    /**
     * Runs each side's transfer (as {@link #DIRECT} and on) once per round,
     * in an order that starts one side later each round, so that no side always runs first on a rested store or
     * right after another's large upload (whose disk write-back falls on whoever follows); keeps each side's
     * fastest run.
     */
    @SafeVarargs
    private <T> List<Timed<List<T>>> fastest(Callable<Timed<List<T>>>... sides) throws Exception {
        return fastest(List.of(sides));
    }

    private <T> List<Timed<List<T>>> fastest(List<Callable<Timed<List<T>>>> sides) throws Exception {
        var best = new ArrayList<Timed<List<T>>>(Collections.nCopies(sides.size(), null));
        for (int round = 0; round < scale.rounds(); round++) {
            for (int k = 0; k < sides.size(); k++) {
                int side = (round + k) % sides.size();
                Timed<List<T>> run = sides.get(side).call();
                if (best.get(side) == null || run.seconds() < best.get(side).seconds()) {
                    best.set(side, run);
                }
            }
        }
        return best;
    }

    /** The rate of the gateway against the direct SDK, stock FtpServer and the relay, and the processor times. */
    private void largeFileRows(String direction, String label, long size, List<? extends Timed<?>> sides,
            double target) {
        double gateway = size / MIB / sides.get(GATEWAY).seconds();
        results.rate(direction + " " + label, "MiB/s", size / MIB / sides.get(DIRECT).seconds(), gateway, target);
        results.rate(direction + " " + label + " (baseline: stock FtpServer, local disk)", "MiB/s",
                size / MIB / sides.get(STOCK).seconds(), gateway, 0);
        results.rate(direction + " " + label + " (baseline: SDK through a plain TCP relay)", "MiB/s",
                size / MIB / sides.get(SAME_WORK).seconds(), gateway, 0);
        cpuPerGiB(direction + " " + label, size, sides.get(DIRECT), sides.get(GATEWAY));
        cpuPerGiB(direction + " " + label + " (baseline: SDK through a plain TCP relay)", size, sides.get(SAME_WORK),
                sides.get(GATEWAY));
    }

    /**
     * The processor time a transfer cost per GiB, all processes together (store, gateway, clients), while the
     * transfer ran (logins excluded): with every core busy, throughput can be at best the inverse ratio.
     */
    private void cpuPerGiB(String label, long size, Timed<?> direct, Timed<?> gateway) {
        double gib = size / (double) Scale.GIB;
        results.time("CPU seconds per GiB (all processes), " + label, "s", direct.cpuSeconds() / gib,
                gateway.cpuSeconds() / gib, 0);
    }

    /** One untimed round trip each way, so that no figure pays for class loading, JIT or connection setup. */
    private void warmUp(long size) throws Exception {
        direct.uploadInParts("warm-up/direct", Transfers.source(size), size, PART_SIZE, UPLOAD_THREADS);
        expect(size, direct.download("warm-up/direct"));
        sessions(gateway, 1, (ftp, i) -> {
            gateway.upload(ftp, "/warm-up/ftp", size);
            return expect(size, gateway.download(ftp, "/warm-up/ftp"));
        });
        sessions(stock, 1, (ftp, i) -> {
            stock.upload(ftp, "warm-up", size);
            return expect(size, stock.download(ftp, "warm-up"));
        });
        direct.deleteAll("warm-up/");
    }

    // ---------------------------------------------------------------- listings

    private void listing() throws Exception {
        int count = scale.listedObjects();
        results.header("Listing a directory of " + count + " objects");
        putListed("list-warm-up/", count);
        putListed("list/", count);
        FTPClient ftp = gateway.login();
        try {
            // a first listing of another directory on each side, so that neither the gateway nor the store
            // compiles its path for metadata lookups while a figure is taken
            expect(count, gateway.machineList(ftp, "/list-warm-up"));
            expect(count, direct.listWithMetadata("list-warm-up/", GATEWAY_METADATA_LOOKUPS));
            expect(count, direct.list("list-warm-up/"));

            // the first listing of objects written by others looks up each file's MFMT time once
            Timed<Long> firstMlsd = timed(() -> expect(count, gateway.machineList(ftp, "/list")));
            Timed<Long> sameRequests = timed(
                    () -> expect(count, direct.listWithMetadata("list/", GATEWAY_METADATA_LOOKUPS)));
            double directList = median(3, () -> expect(count, direct.list("list/")));
            double mlsd = median(3, () -> expect(count, gateway.machineList(ftp, "/list")));
            double list = median(3, () -> expect(count, gateway.list(ftp, "/list")));
            results.time("MLSD, first listing (direct: paged ListObjects)", "s", directList, firstMlsd.seconds(),
                    0.8);
            results.time("MLSD, first listing (baseline: SDK making the gateway's requests, ListObjects and a HEAD"
                    + " per file)", "s", sameRequests.seconds(), firstMlsd.seconds(), 0);
            results.time("CPU seconds (all processes), MLSD, first listing (baseline: the same requests)", "s",
                    sameRequests.cpuSeconds(), firstMlsd.cpuSeconds(), 0);
            results.time("CPU seconds, MLSD, first listing, the gateway's process (baseline: the SDK's process"
                    + " making the same requests)", "s", sameRequests.cpu().clients(), firstMlsd.cpu().gateway(), 0);
            results.time("CPU seconds, MLSD, first listing, the gateway's process less its JIT compiler (baseline:"
                    + " the SDK's process)", "s", sameRequests.cpu().clients(), firstMlsd.cpu().gatewayCompiled(), 0);
            results.time("MLSD, later listings (median of 3)", "s", directList, mlsd, 0.8);
            results.time("LIST, later listings (median of 3)", "s", directList, list, 0);
        } finally {
            FtpTransfers.quit(ftp);
        }
        direct.deleteAll("list-warm-up/");
        direct.deleteAll("list/");
    }

    /** Writes {@code count} small objects under {@code prefix} with the SDK: a directory written by others. */
    private void putListed(String prefix, int count) throws Exception {
        byte[] content = Transfers.smallFile(100);
        parallel(8, worker -> {
            for (int i = worker; i < count; i += 8) {
                direct.put(String.format(Locale.ROOT, "%sobject-%05d", prefix, i), content);
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- small files

    private void smallFiles() throws Exception {
        int count = scale.smallFiles();
        byte[] data = Transfers.smallFile(scale.smallFileSize());
        results.header(count + " files of " + scale.smallFileSize() / 1024 + " KiB");
        // one untimed run of each side, so that no figure pays for class loading and compilation of its path
        for (Callable<Timed<List<Void>>> side : smallFileSides(8, data)) {
            side.call();
        }
        for (int connections : new int[] {1, 8}) {
            List<Timed<List<Void>>> sides = fastest(smallFileSides(connections, data));
            String label = "PUT / STOR, " + connections + (connections == 1 ? " connection" : " connections");
            double gatewayRate = count / sides.get(GATEWAY).seconds();
            results.rate(label, "files/s", count / sides.get(DIRECT).seconds(), gatewayRate,
                    connections == 8 ? 0.7 : 0);
            results.rate(label + " (baseline: stock FtpServer, local disk)", "files/s",
                    count / sides.get(STOCK).seconds(), gatewayRate, 0);
            results.rate(label + " (baseline: SDK making the gateway's requests, a one-key listing and PUT)",
                    "files/s", count / sides.get(SAME_WORK).seconds(), gatewayRate, 0);
            String cpu = "CPU milliseconds per file, " + label;
            CpuTime.Usage gatewayCpu = perFile(sides.get(GATEWAY).cpu(), count);
            CpuTime.Usage sameCpu = perFile(sides.get(SAME_WORK).cpu(), count);
            results.time(cpu + ", all processes", "ms", perFile(sides.get(DIRECT).cpu(), count).total(),
                    gatewayCpu.total(), 0);
            results.time(cpu + ", all processes (baseline: SDK making the gateway's requests)", "ms",
                    sameCpu.total(), gatewayCpu.total(), 0);
            // the stock FtpServer runs in the clients' process: only the sum says what FTP costs by itself
            results.time(cpu + ", all processes (baseline: stock FtpServer, local disk)", "ms",
                    perFile(sides.get(STOCK).cpu(), count).total(), gatewayCpu.total(), 0);
            // where the gateway's processor time goes, process by process, against the same requests made by the
            // SDK: the store serves the same requests; the gateway makes them as the SDK's process does
            results.time(cpu + ", the store's process (baseline: the same requests)", "ms", sameCpu.store(),
                    gatewayCpu.store(), 0);
            results.time(cpu + ", the gateway's process (baseline: the SDK's process making them)", "ms",
                    sameCpu.clients(), gatewayCpu.gateway(), 0);
            results.time(cpu + ", the gateway's process less its JIT compiler (baseline: the SDK's process)", "ms",
                    sameCpu.clients(), gatewayCpu.gatewayCompiled(), 0);
            results.time(cpu + ", FTP clients' process (baseline: the SDK's process making them)", "ms",
                    sameCpu.clients(), gatewayCpu.clients(), 0);
        }
        commitDelayCost(count, data);
        direct.deleteAll("small-direct/");
        direct.deleteAll("small-checked/");
        direct.deleteAll("small-ftp/");
    }

    /**
     * What the wait at the end of every upload costs (the gateway watching for a client that went away, see
     * {@code uploadCommitDelayMillis}): the gateway's small files as shipped against the gateway without the wait,
     * measured after each other with the same rounds.
     */
    private void commitDelayCost(int count, byte[] data) throws Exception {
        for (int connections : new int[] {1, 8}) {
            Callable<Timed<List<Void>>> gatewaySide = smallFileSides(connections, data).get(GATEWAY);
            double shipped = count / fastest(List.of(gatewaySide)).get(0).seconds();
            server.uploadCommitDelay(0);
            double withoutWait;
            try {
                gatewaySide.call();
                withoutWait = count / fastest(List.of(gatewaySide)).get(0).seconds();
            } finally {
                server.uploadCommitDelay(SHIPPED_UPLOAD_COMMIT_DELAY_MILLIS);
            }
            results.rate("STOR, " + connections + (connections == 1 ? " connection" : " connections")
                    + ", as shipped (baseline: the gateway with uploadCommitDelayMillis = 0)", "files/s",
                    withoutWait, shipped, 0);
        }
    }

    /** Each side's run of the small files on {@code connections} at once, in the order of {@link #DIRECT} and on. */
    private List<Callable<Timed<List<Void>>>> smallFileSides(int connections, byte[] data) {
        return List.of(
                () -> timed(() -> parallel(connections,
                        worker -> eachFile(worker, connections, i -> direct.put("small-direct/file-" + i, data)))),
                () -> sessions(gateway, connections, (ftp, worker) -> eachFile(worker, connections,
                        i -> gateway.put(ftp, "/small-ftp/file-" + i, data))),
                () -> sessions(stock, connections, (ftp, worker) -> eachFile(worker, connections,
                        i -> stock.put(ftp, "small-" + i, data))),
                () -> timed(() -> parallel(connections, worker -> eachFile(worker, connections,
                        i -> direct.putUnlessDirectory("small-checked/file-" + i, data)))));
    }

    /** Processor milliseconds per file, process by process. */
    private static CpuTime.Usage perFile(CpuTime.Usage usage, int files) {
        return usage.times(1000.0 / files);
    }

    private interface FileStep {
        void run(int file) throws Exception;
    }

    /** Runs {@code step} on the small files that fall to {@code worker} of {@code workers}. */
    private Void eachFile(int worker, int workers, FileStep step) throws Exception {
        for (int i = worker; i < scale.smallFiles(); i += workers) {
            step.run(i);
        }
        return null;
    }

    // ---------------------------------------------------------------- logins

    private void logins() throws Exception {
        int count = scale.logins();
        results.header("Logins: " + count + " from 8 clients at once (connect, USER/PASS, QUIT)");
        double stockSeconds = timed(() -> parallel(8, worker -> {
            for (int i = worker; i < count; i += 8) {
                stock.loginOnce();
            }
            return null;
        })).seconds();
        double gatewaySeconds = timed(() -> parallel(8, worker -> {
            for (int i = worker; i < count; i += 8) {
                gateway.loginOnce();
            }
            return null;
        })).seconds();
        results.rate("logins per second (baseline: stock FtpServer, unsalted MD5)", "1/s", count / stockSeconds,
                count / gatewaySeconds, 0);
    }

    // ---------------------------------------------------------------- memory

    /**
     * The heap an array of {@code bytes} takes in the gateway: an array of half a G1 region or more takes whole
     * regions of its own, its header included, and the distribution's {@code bin/setenv} ships 4 MiB regions.
     */
    private static long heapOfArray(long bytes) {
        long region = 4L * 1024 * 1024;
        return bytes >= region / 2 ? (bytes + 16 + region - 1) / region * region : bytes;
    }

    private void memory(long pid) throws Exception {
        int clients = scale.memoryClients();
        try (var probe = new MemoryProbe(pid)) {
            // the idle figures of a gateway that has served these clients once: sessions, connections to the
            // store and the code's own caches exist then, whatever the file size
            sessions(gateway, clients, (ftp, i) -> gateway.upload(ftp, "/memory/file-" + i, 2L * PART_SIZE));
            direct.deleteAll("memory/");
            MemoryProbe.Idle idle = probe.idle();
            long buffers = Math.min((long) clients * (UPLOAD_THREADS + 1), UPLOAD_MEMORY / PART_SIZE)
                    * heapOfArray(PART_SIZE) + clients * PER_UPLOAD;
            long heapBound = idle.heapUsed() + buffers;
            long rssBound = idle.maxHeap() + idle.rss() - idle.heapCommitted();
            results.header(String.format(Locale.ROOT, "Memory: %d clients uploading at once; idle heap %.0f MiB, idle"
                    + " RSS %.0f MiB; bound = idle heap + buffers %.0f MiB; RSS bound = -Xmx + idle non-heap",
                    clients, idle.heapUsed() / MIB, idle.rss() / MIB, buffers / MIB));
            for (long size : scale.memoryFileSizes()) {
                probe.start();
                double seconds = sessions(gateway, clients,
                        (ftp, i) -> gateway.upload(ftp, "/memory/file-" + i, size)).seconds();
                MemoryProbe.Peaks peaks = probe.stop();
                String label = clients + " × " + size(size) + " uploads";
                results.bound("peak heap after GC, " + label + " (direct: bound)", "MiB", heapBound / MIB,
                        peaks.heapAfterGc() / MIB);
                results.bound("peak RSS, " + label + " (direct: bound)", "MiB", rssBound / MIB, peaks.rss() / MIB);
                System.out.printf(Locale.ROOT, "  (%s: %.0f MiB/s in all)%n", label, clients * size / MIB / seconds);
                direct.deleteAll("memory/");
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private interface Step<T> {
        T run(int index) throws Exception;
    }

    private interface Session<T> {
        T run(FTPClient ftp, int index) throws Exception;
    }

    /** A result and the seconds it took. */
    private record Timed<T>(T value, double seconds, CpuTime.Usage cpu) {
        double cpuSeconds() {
            return cpu.total();
        }
    }

    /**
     * Logs {@code count} clients in, then runs {@code session} on each at once; the time is that of the sessions
     * alone, without the logins (which have their own figure).
     */
    private <T> Timed<List<T>> sessions(FtpTransfers server, int count, Session<T> session) throws Exception {
        List<FTPClient> clients = parallel(count, i -> server.login());
        try {
            return timed(() -> parallel(count, i -> session.run(clients.get(i), i)));
        } finally {
            clients.forEach(FtpTransfers::quit);
        }
    }

    /** Runs {@code count} steps at once, each on its own thread, and returns their results in order. */
    private static <T> List<T> parallel(int count, Step<T> step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            var futures = new ArrayList<Future<T>>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> step.run(index)));
            }
            var values = new ArrayList<T>();
            for (Future<T> future : futures) {
                try {
                    values.add(future.get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return values;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs {@code action}, timing it and counting the processor time of every watched process meanwhile. */
    private <T> Timed<T> timed(Callable<T> action) throws Exception {
        CpuTime.Usage cpuStart = cpu.usage();
        long start = System.nanoTime();
        T value = action.call();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Timed<>(value, seconds, cpu.usage().since(cpuStart));
    }

    private double median(int runs, Callable<?> action) throws Exception {
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            seconds[i] = timed(action).seconds();
        }
        return median(seconds);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long expect(long expected, long actual) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " bytes or entries, got " + actual);
        }
        return actual;
    }
}
