package org.cosftp.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
     * @param gatewayCompiler of that, its JIT compiler's threads: what a server that has run a while no longer pays
     * @param store the local COS store's process
     * @param clients this benchmark's JVM: every client, and the stock FtpServer
     */
    record Usage(double gateway, double gatewayCompiler, double store, double clients) {
        double total() {
            return gateway + store + clients;
        }

        Usage since(Usage start) {
            return new Usage(gateway - start.gateway, gatewayCompiler - start.gatewayCompiler, store - start.store,
                    clients - start.clients);
        }

        /** The gateway's processor time less its JIT compiler's. */
        double gatewayCompiled() {
            return gateway - gatewayCompiler;
        }

        /** Each figure times {@code factor}. */
        Usage times(double factor) {
            return new Usage(gateway * factor, gatewayCompiler * factor, store * factor, clients * factor);
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
        return new Usage(seconds(proc(gatewayPid).resolve("stat")), compilerSeconds(gatewayPid),
                seconds(proc(storePid).resolve("stat")), seconds(proc(clientsPid).resolve("stat")));
    }

    private static Path proc(long pid) {
        return Path.of("/proc", Long.toString(pid));
    }

    /**
     * The processor seconds of the JIT compiler threads ("C1 CompilerThread0", shortened by the kernel) that
     * {@code pid} has now. HotSpot stops idle compiler threads beyond the first: what a stopped one used is lost
     * here, so this is at most what the compiler used.
     */
    private static double compilerSeconds(long pid) throws IOException {
        double seconds = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(proc(pid).resolve("task"))) {
            for (Path thread : threads) {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.matches("C[12] CompilerThre.*")) {
                        seconds += seconds(stat);
                    }
                } catch (NoSuchFileException ended) {
                    // the thread ended while the folder was read
                }
            }
        }
        return seconds;
    }

    private static double seconds(Path statFile) throws IOException {
        return seconds(Files.readString(statFile));
    }

    private static double seconds(String stat) {
        // the fields after the command name, which is in parentheses and may hold spaces
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }
}
