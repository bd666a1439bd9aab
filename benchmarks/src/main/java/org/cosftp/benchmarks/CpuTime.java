package org.cosftp.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The processor time the processes of a measurement used, as the kernel counts it: on a machine whose cores are
 * all busy, a path that costs more processor time per byte cannot be as fast, whatever the code does.
 */
final class CpuTime {
    /** The kernel's clock ticks per second in /proc/<pid>/stat (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    /**
     * Processor seconds, user and system, of each watched process.
     *
     * @param gateway the cos-ftp distribution's JVM
     * @param store the local COS store's process
     * @param clients this benchmark's JVM: every client, and the stock FtpServer
     */
    record Usage(double gateway, double store, double clients) {
        double total() {
            return gateway + store + clients;
        }

        Usage since(Usage start) {
            return new Usage(gateway - start.gateway, store - start.store, clients - start.clients);
        }
    }

    private final long gatewayPid;
    private final long storePid;
    private final long clientsPid;

    CpuTime(long gatewayPid, long storePid, long clientsPid) {
        this.gatewayPid = gatewayPid;
        this.storePid = storePid;
        this.clientsPid = clientsPid;
    }

    /** The processor seconds each watched process has used so far. */
    Usage usage() throws IOException {
        return new Usage(seconds(gatewayPid), seconds(storePid), seconds(clientsPid));
    }

    private static double seconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // the fields after the command name, which is in parentheses and may hold spaces
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }
}
