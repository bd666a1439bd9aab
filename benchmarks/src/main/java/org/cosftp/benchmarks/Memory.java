package org.cosftp.benchmarks;

import static org.cosftp.benchmarks.MeasurementContext.sizeLabel;

import java.util.Locale;

/**
 * The gateway's heap and resident memory while several clients upload at once, against the bound its settings
 * promise: the idle heap plus the part buffers the uploads may hold.
 */
final class Memory {
    private static final double MIB = Scale.MIB;
    /**
     * What an open upload holds outside that budget: its first buffer (grown up to 1 MiB for small files), its
     * 64 KiB transfer block and the buffers of the requests sending its parts; measured, about 3 MiB. Not a
     * setting, so not read from the distribution.
     */
    private static final long PER_UPLOAD = 4 * Scale.MIB;
    /**
     * The G1 region size the distribution's {@code bin/setenv} ships ({@code -XX:G1HeapRegionSize=4m}): a JVM
     * option in a script rather than a setting of a cfg file, so repeated here.
     */
    private static final long HEAP_REGION = 4 * Scale.MIB;

    private final MeasurementContext context;
    private final FtpTransfers gateway;

    Memory(MeasurementContext context) {
        this.context = context;
        this.gateway = context.gateway;
    }

    /**
     * The heap an array of {@code bytes} takes in the gateway: an array of half a G1 region or more takes whole
     * regions of its own, its header included.
     */
    private static long heapOfArray(long bytes) {
        return bytes >= HEAP_REGION / 2 ? (bytes + 16 + HEAP_REGION - 1) / HEAP_REGION * HEAP_REGION : bytes;
    }

    void run() throws Exception {
        int clients = context.scale.memoryClients();
        ShippedSettings shipped = context.shipped;
        Results results = context.results;
        try (var probe = new MemoryProbe(context.distribution.javaPid())) {
            // the idle figures of a gateway that has served these clients once: sessions, connections to the
            // store and the code's own caches exist then, whatever the file size
            context.sessions(gateway, clients,
                    (ftp, i) -> gateway.upload(ftp, "/memory/file-" + i, 2L * shipped.partSize()));
            context.direct.deleteAll("memory/");
            MemoryProbe.Idle idle = probe.idle();
            long buffers = Math.min((long) clients * (shipped.uploadThreads() + 1),
                    shipped.uploadMemory() / shipped.partSize()) * heapOfArray(shipped.partSize())
                    + clients * PER_UPLOAD;
            long heapBound = idle.heapUsed() + buffers;
            long rssBound = idle.maxHeap() + idle.rss() - idle.heapCommitted();
            results.header(String.format(Locale.ROOT, "Memory: %d clients uploading at once; idle heap %.0f MiB, idle"
                    + " RSS %.0f MiB; bound = idle heap + buffers %.0f MiB; RSS bound = -Xmx + idle non-heap",
                    clients, idle.heapUsed() / MIB, idle.rss() / MIB, buffers / MIB));
            for (long size : context.scale.memoryFileSizes()) {
                probe.start();
                double seconds = context.sessions(gateway, clients,
                        (ftp, i) -> gateway.upload(ftp, "/memory/file-" + i, size)).seconds();
                MemoryProbe.Peaks peaks = probe.stop();
                String label = clients + " × " + sizeLabel(size) + " uploads";
                results.bound("peak heap after GC, " + label + " (direct: bound)", "MiB", heapBound / MIB,
                        peaks.heapAfterGc() / MIB);
                results.bound("peak RSS, " + label + " (direct: bound)", "MiB", rssBound / MIB, peaks.rss() / MIB);
                System.out.printf(Locale.ROOT, "  (%s: %.0f MiB/s in all)%n", label, clients * size / MIB / seconds);
                context.direct.deleteAll("memory/");
            }
        }
    }
}
