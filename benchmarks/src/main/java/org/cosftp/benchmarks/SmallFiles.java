package org.cosftp.benchmarks;

import static org.cosftp.benchmarks.MeasurementContext.DIRECT;
import static org.cosftp.benchmarks.MeasurementContext.GATEWAY;
import static org.cosftp.benchmarks.MeasurementContext.SAME_WORK;
import static org.cosftp.benchmarks.MeasurementContext.STOCK;
import static org.cosftp.benchmarks.MeasurementContext.parallel;

import java.util.List;
import java.util.concurrent.Callable;

import org.cosftp.benchmarks.MeasurementContext.Timed;

/**
 * Many small files on 1 and 8 connections, on every side, with the processor time each file costs process by
 * process, and what the gateway's wait at the end of every upload costs.
 */
final class SmallFiles {
    private final MeasurementContext context;
    private final Scale scale;
    private final Results results;
    private final DirectCos direct;
    private final FtpTransfers gateway;
    private final FtpTransfers stock;

    SmallFiles(MeasurementContext context) {
        this.context = context;
        this.scale = context.scale;
        this.results = context.results;
        this.direct = context.direct;
        this.gateway = context.gateway;
        this.stock = context.stock;
    }

    void run() throws Exception {
        int count = scale.smallFiles();
        byte[] data = Transfers.smallFile(scale.smallFileSize());
        results.header(count + " files of " + scale.smallFileSize() / 1024 + " KiB");
        // one untimed run of each side, so that no figure pays for class loading and compilation of its path
        for (Callable<Timed<List<Void>>> side : eachSide(8, data)) {
            side.call();
        }
        for (int connections : new int[] {1, 8}) {
            List<Timed<List<Void>>> sides = context.fastest(eachSide(connections, data));
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
        metricsCost(count, data);
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
            Callable<Timed<List<Void>>> gatewaySide = eachSide(connections, data).get(GATEWAY);
            double shipped = count / context.fastest(List.of(gatewaySide)).get(0).seconds();
            context.distribution.uploadCommitDelay(0);
            double withoutWait;
            try {
                gatewaySide.call();
                withoutWait = count / context.fastest(List.of(gatewaySide)).get(0).seconds();
            } finally {
                context.distribution.uploadCommitDelay(context.shipped.uploadCommitDelayMillis());
            }
            results.rate("STOR, " + connections + (connections == 1 ? " connection" : " connections")
                    + ", as shipped (baseline: the gateway with uploadCommitDelayMillis = 0)", "files/s",
                    withoutWait, shipped, 0);
        }
    }

    /**
     * What counting the metrics costs on the transfer path: the gateway's small files with monitoring on, as
     * shipped, against the gateway with {@code enabled = false} in its monitoring file, in alternating rounds (off,
     * on, off, on, …: a path that is still warming up favours whichever runs later), the fastest of each. Their
     * rates, and the gateway process's processor time per file less its JIT compiler's. All without the wait at
     * the end of each upload, which would hide a cost of microseconds behind its 50 ms.
     */
    private void metricsCost(int count, byte[] data) throws Exception {
        context.distribution.uploadCommitDelay(0);
        try {
            for (int connections : new int[] {1, 8}) {
                Callable<Timed<List<Void>>> gatewaySide = eachSide(connections, data).get(GATEWAY);
                gatewaySide.call();
                Timed<List<Void>> counted = null;
                Timed<List<Void>> uncounted = null;
                for (int round = 0; round < scale.rounds(); round++) {
                    context.distribution.monitoring(false);
                    uncounted = faster(uncounted, gatewaySide.call());
                    context.distribution.monitoring(true);
                    counted = faster(counted, gatewaySide.call());
                }
                String label = "STOR, " + connections + (connections == 1 ? " connection" : " connections")
                        + ", no commit wait, metrics counted (baseline: monitoring enabled = false)";
                results.rate(label, "files/s", count / uncounted.seconds(), count / counted.seconds(), 0);
                results.time("CPU milliseconds per file, the gateway's process less its JIT compiler, " + label,
                        "ms", perFile(uncounted.cpu(), count).gatewayCompiled(),
                        perFile(counted.cpu(), count).gatewayCompiled(), 0);
            }
        } finally {
            context.distribution.uploadCommitDelay(context.shipped.uploadCommitDelayMillis());
        }
    }

    private static <T> Timed<T> faster(Timed<T> best, Timed<T> run) {
        return best == null || run.seconds() < best.seconds() ? run : best;
    }

    /**
     * Each side's run of the small files on {@code connections} at once, in the order of
     * {@link MeasurementContext#DIRECT} and on.
     */
    private List<Callable<Timed<List<Void>>>> eachSide(int connections, byte[] data) {
        return List.of(
                () -> context.timed(() -> parallel(connections,
                        worker -> eachFile(worker, connections, i -> direct.put("small-direct/file-" + i, data)))),
                () -> context.sessions(gateway, connections, (ftp, worker) -> eachFile(worker, connections,
                        i -> gateway.put(ftp, "/small-ftp/file-" + i, data))),
                () -> context.sessions(stock, connections, (ftp, worker) -> eachFile(worker, connections,
                        i -> stock.put(ftp, "small-" + i, data))),
                () -> context.timed(() -> parallel(connections, worker -> eachFile(worker, connections,
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
}
