package org.cosftp.benchmarks;

import static org.cosftp.benchmarks.MeasurementContext.expect;
import static org.cosftp.benchmarks.MeasurementContext.parallel;

import java.util.Locale;

import org.apache.commons.net.ftp.FTPClient;
import org.cosftp.benchmarks.MeasurementContext.Timed;

/** A directory written by others, listed through the gateway and with the SDK. */
final class Listing {
    /**
     * The threads on which the gateway looks up the metadata of listed files: FtpServerComponent's pool, whose
     * size is fixed in its code rather than a setting, so it cannot be read from the distribution.
     */
    private static final int GATEWAY_METADATA_LOOKUPS = 16;

    private final MeasurementContext context;
    private final DirectCos direct;
    private final FtpTransfers gateway;

    Listing(MeasurementContext context) {
        this.context = context;
        this.direct = context.direct;
        this.gateway = context.gateway;
    }

    void run() throws Exception {
        int count = context.scale.listedObjects();
        Results results = context.results;
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
            Timed<Long> firstMlsd = context.timed(() -> expect(count, gateway.machineList(ftp, "/list")));
            Timed<Long> sameRequests = context.timed(
                    () -> expect(count, direct.listWithMetadata("list/", GATEWAY_METADATA_LOOKUPS)));
            double directList = context.median(3, () -> expect(count, direct.list("list/")));
            double mlsd = context.median(3, () -> expect(count, gateway.machineList(ftp, "/list")));
            double list = context.median(3, () -> expect(count, gateway.list(ftp, "/list")));
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
}
