package org.cosftp.benchmarks;

import static org.cosftp.benchmarks.MeasurementContext.DIRECT;
import static org.cosftp.benchmarks.MeasurementContext.GATEWAY;
import static org.cosftp.benchmarks.MeasurementContext.SAME_WORK;
import static org.cosftp.benchmarks.MeasurementContext.STOCK;
import static org.cosftp.benchmarks.MeasurementContext.expect;
import static org.cosftp.benchmarks.MeasurementContext.median;
import static org.cosftp.benchmarks.MeasurementContext.parallel;
import static org.cosftp.benchmarks.MeasurementContext.sizeLabel;

import java.nio.file.Files;
import java.util.Collections;
import java.util.List;

import org.apache.commons.net.ftp.FTPClient;
import org.cosftp.benchmarks.MeasurementContext.Timed;

/**
 * A large file up and down on 1 and 4 streams, on every side, and the time to the first byte of a download; the
 * SDK side uploads in the gateway's parts on as many threads, so that both make the same requests.
 */
final class LargeFiles {
    private static final double MIB = Scale.MIB;

    private final MeasurementContext context;
    private final Scale scale;
    private final Results results;
    private final DirectCos direct;
    private final DirectCos relayed;
    private final FtpTransfers gateway;
    private final FtpTransfers stock;
    private final int partSize;
    private final int uploadThreads;

    LargeFiles(MeasurementContext context) {
        this.context = context;
        this.scale = context.scale;
        this.results = context.results;
        this.direct = context.direct;
        this.relayed = context.relayed;
        this.gateway = context.gateway;
        this.stock = context.stock;
        this.partSize = context.shipped.partSize();
        this.uploadThreads = context.shipped.uploadThreads();
    }

    void run() throws Exception {
        long size = scale.largeFile();
        warmUp(Math.min(size, 64 * Scale.MIB));
        results.header("Large file: " + sizeLabel(size) + " (4 streams: 4 files of a quarter each, at once)");
        for (int streams : new int[] {1, 4}) {
            long each = size / streams;
            String label = sizeLabel(size) + ", " + streams + (streams == 1 ? " stream" : " streams");

            String ftpKey = "ftp/large-" + streams + "-";
            String diskPath = "large-" + streams + "-";
            // each side's upload gives the time from its last byte to the committed object
            List<Timed<List<Double>>> uploads = context.fastest(
                    () -> context.timed(() -> parallel(streams, i -> direct.uploadInParts("direct/large-" + streams
                            + "-" + i, Transfers.source(each), each, partSize, uploadThreads)
                            .lastByteToCommitSeconds())),
                    () -> context.sessions(gateway, streams,
                            (ftp, i) -> gateway.upload(ftp, "/" + ftpKey + i, each).lastByteToReplySeconds()),
                    () -> context.sessions(stock, streams,
                            (ftp, i) -> stock.upload(ftp, diskPath + i, each).lastByteToReplySeconds()),
                    () -> context.timed(() -> parallel(streams, i -> relayed.uploadInParts("relayed/large-" + streams
                            + "-" + i, Transfers.source(each), each, partSize, uploadThreads)
                            .lastByteToCommitSeconds())));
            rows("upload", label, size, uploads, 0.85);
            results.time("upload " + label + ": last byte to commit / 226", "s",
                    Collections.max(uploads.get(DIRECT).value()), Collections.max(uploads.get(GATEWAY).value()), 0);

            // the gateway's objects, read by every side that reads the store
            List<Timed<List<Long>>> downloads = context.fastest(
                    () -> context.timed(() -> parallel(streams, i -> expect(each, direct.download(ftpKey + i)))),
                    () -> context.sessions(gateway, streams,
                            (ftp, i) -> expect(each, gateway.download(ftp, "/" + ftpKey + i))),
                    () -> context.sessions(stock, streams, (ftp, i) -> expect(each, stock.download(ftp, diskPath + i))),
                    () -> context.timed(() -> parallel(streams, i -> expect(each, relayed.download(ftpKey + i)))));
            rows("download", label, size, downloads, 0.9);
        }
        direct.deleteAll("direct/");
        direct.deleteAll("relayed/");
        direct.deleteAll("ftp/");
        Folders.delete(context.stockRoot);
        Files.createDirectories(context.stockRoot);

        firstByte();
    }

    private void firstByte() throws Exception {
        direct.put("first-byte/1mib", Transfers.smallFile((int) Scale.MIB));
        context.sessions(stock, 1, (ftp, i) -> {
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
        // what a gateway cannot avoid: the store's first byte, plus what FTP itself costs (PASV, a new data
        // connection, 150) as stock FtpServer pays it on a local disk
        results.time(firstByte + " (baseline: SDK GET + stock FtpServer's own)", "ms",
                (median(directFirst) + median(diskFirst)) * 1000, median(ftpFirst) * 1000, 1.0);
    }

    /** The rate of the gateway against the direct SDK, stock FtpServer and the relay, and the processor times. */
    private void rows(String direction, String label, long size, List<? extends Timed<?>> sides, double target) {
        double gatewayRate = size / MIB / sides.get(GATEWAY).seconds();
        results.rate(direction + " " + label, "MiB/s", size / MIB / sides.get(DIRECT).seconds(), gatewayRate, target);
        results.rate(direction + " " + label + " (baseline: stock FtpServer, local disk)", "MiB/s",
                size / MIB / sides.get(STOCK).seconds(), gatewayRate, 0);
        results.rate(direction + " " + label + " (baseline: SDK through a plain TCP relay)", "MiB/s",
                size / MIB / sides.get(SAME_WORK).seconds(), gatewayRate, 0);
        cpuPerGiB(direction + " " + label, size, sides.get(DIRECT), sides.get(GATEWAY));
        cpuPerGiB(direction + " " + label + " (baseline: SDK through a plain TCP relay)", size, sides.get(SAME_WORK),
                sides.get(GATEWAY));
    }

    /**
     * The processor time a transfer cost per GiB, all processes together (store, gateway, clients), while the
     * transfer ran (logins excluded): with every core busy, throughput can be at best the inverse ratio.
     */
    private void cpuPerGiB(String label, long size, Timed<?> directRun, Timed<?> gatewayRun) {
        double gib = size / (double) Scale.GIB;
        results.time("CPU seconds per GiB (all processes), " + label, "s", directRun.cpuSeconds() / gib,
                gatewayRun.cpuSeconds() / gib, 0);
    }

    /** One untimed round trip each way, so that no figure pays for class loading, JIT or connection setup. */
    private void warmUp(long size) throws Exception {
        direct.uploadInParts("warm-up/direct", Transfers.source(size), size, partSize, uploadThreads);
        expect(size, direct.download("warm-up/direct"));
        context.sessions(gateway, 1, (ftp, i) -> {
            gateway.upload(ftp, "/warm-up/ftp", size);
            return expect(size, gateway.download(ftp, "/warm-up/ftp"));
        });
        context.sessions(stock, 1, (ftp, i) -> {
            stock.upload(ftp, "warm-up", size);
            return expect(size, stock.download(ftp, "warm-up"));
        });
        direct.deleteAll("warm-up/");
    }
}
