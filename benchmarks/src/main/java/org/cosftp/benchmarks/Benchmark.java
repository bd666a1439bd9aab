package org.cosftp.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures cos-ftp side by side with the COS SDK used directly on the same local COS store, and FTP itself on
 * the local disk, in one run; prints a table and writes it as CSV.
 *
 * <p>Arguments: {@code --scale full|small --distribution <unpacked distribution> --work <folder>
 * [--heap <gateway -Xmx>] [--only <parts>]}, where parts is a comma-separated choice of {@link #PARTS} (all by
 * default), to measure again only what a change touched.
 */
public final class Benchmark {
    static final String DEFAULT_HEAP = "1g";
    /** The measurements, in the order they run. */
    static final List<String> PARTS = List.of("large", "listing", "small", "logins", "memory");

    private Benchmark() {
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

    /**
     * Runs the measurements named, in the order of {@link #PARTS} whatever the order named, and returns the
     * figures, also written to {@code benchmark-<scale>.csv}.
     */
    static Results run(Scale scale, Path distribution, Path work, String heap, List<String> parts)
            throws Exception {
        Folders.delete(work);
        Files.createDirectories(work);
        var results = new Results(System.out);
        System.out.println(machine(heap));
        Path stockRoot = work.resolve("disk");
        try (Gateway server = Gateway.start(distribution, work, heap, Map.of());
             var direct = new DirectCos(server.storeEndpoint(), Gateway.BUCKET);
             var relay = new Relay(server.storePort());
             var relayed = new DirectCos("localhost:" + relay.port(), Gateway.BUCKET);
             var stockServer = new StockFtpServer(stockRoot)) {
            var context = new MeasurementContext(scale, results, ShippedSettings.of(server), direct, relayed,
                    new FtpTransfers(server.ftpPort(), Gateway.USER, Gateway.PASSWORD), server,
                    new FtpTransfers(stockServer.port(), StockFtpServer.USER, StockFtpServer.PASSWORD), stockRoot,
                    new CpuTime(server.javaPid(), server.storePid(), ProcessHandle.current().pid()));
            for (String part : PARTS) {
                if (parts.contains(part)) {
                    run(part, context);
                }
            }
        }
        results.writeCsv(work.resolve("benchmark-" + scale.name() + ".csv"));
        return results;
    }

    private static void run(String part, MeasurementContext context) throws Exception {
        switch (part) {
            case "large" -> new LargeFiles(context).run();
            case "listing" -> new Listing(context).run();
            case "small" -> new SmallFiles(context).run();
            case "logins" -> new Logins(context).run();
            case "memory" -> new Memory(context).run();
            default -> throw new IllegalArgumentException("no measurement called " + part + "; " + PARTS + " are");
        }
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
}
