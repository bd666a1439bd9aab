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

    private final long[] pids;

    /** Watches the given processes: the gateway, its local store and this benchmark (the clients). */
    CpuTime(long... pids) {
        this.pids = pids.clone();
    }

    /** The processor seconds all watched processes have used so far, user and system. */
    double seconds() throws IOException {
        double total = 0;
        for (long pid : pids) {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the fields after the command name, which is in parentheses and may hold spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        }
        return total;
    }
}
