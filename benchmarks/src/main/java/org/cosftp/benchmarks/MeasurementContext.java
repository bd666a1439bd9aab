package org.cosftp.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.commons.net.ftp.FTPClient;

/**
 * What every measurement shares: how much it moves, the table it adds its figures to, the sides it compares and
 * the way each side is timed, so that every figure of the table is taken in the same way.
 */
final class MeasurementContext {
    /** The sides of a measurement, in the order {@link #fastest} takes them. */
    static final int DIRECT = 0;
    static final int GATEWAY = 1;
    static final int STOCK = 2;
    /**
     * The SDK doing by itself what the gateway cannot avoid: one more hop, through a {@link Relay}, for large
     * files; the same requests to the store as the gateway's for small files.
     */
    static final int SAME_WORK = 3;

    final Scale scale;
    final Results results;
    /** The settings of the distribution under test, which the SDK side and the bounds follow. */
    final ShippedSettings shipped;
    final DirectCos direct;
    /** The SDK again, through a {@link Relay}: what one more hop costs by itself. */
    final DirectCos relayed;
    final FtpTransfers gateway;
    /** The distribution under test, whose settings a part may change. */
    final Gateway distribution;
    final FtpTransfers stock;
    final Path stockRoot;
    private final CpuTime cpu;

    MeasurementContext(Scale scale, Results results, ShippedSettings shipped, DirectCos direct, DirectCos relayed,
            FtpTransfers gateway, Gateway distribution, FtpTransfers stock, Path stockRoot, CpuTime cpu) {
        this.scale = scale;
        this.results = results;
        this.shipped = shipped;
        this.direct = direct;
        this.relayed = relayed;
        this.gateway = gateway;
        this.distribution = distribution;
        this.stock = stock;
        this.stockRoot = stockRoot;
        this.cpu = cpu;
    }

    interface Step<T> {
        T run(int index) throws Exception;
    }

    interface Session<T> {
        T run(FTPClient ftp, int index) throws Exception;
    }

    /** A result and the seconds it took. */
    record Timed<T>(T value, double seconds, CpuTime.Usage cpu) {
        double cpuSeconds() {
            return cpu.total();
        }
    }

    /**
     * Runs each side's transfer (as {@link #DIRECT} and on) once per round,
     * in an order that starts one side later each round, so that no side always runs first on a rested store or
     * right after another's large upload (whose disk write-back falls on whoever follows); keeps each side's
     * fastest run.
     */
    @SafeVarargs
    final <T> List<Timed<List<T>>> fastest(Callable<Timed<List<T>>>... sides) throws Exception {
        return fastest(List.of(sides));
    }

    <T> List<Timed<List<T>>> fastest(List<Callable<Timed<List<T>>>> sides) throws Exception {
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

    /**
     * Logs {@code count} clients in, then runs {@code session} on each at once; the time is that of the sessions
     * alone, without the logins (which have their own figure).
     */
    <T> Timed<List<T>> sessions(FtpTransfers server, int count, Session<T> session) throws Exception {
        List<FTPClient> clients = parallel(count, i -> server.login());
        try {
            return timed(() -> parallel(count, i -> session.run(clients.get(i), i)));
        } finally {
            clients.forEach(FtpTransfers::quit);
        }
    }

    /** Runs {@code action}, timing it and counting the processor time of every watched process meanwhile. */
    <T> Timed<T> timed(Callable<T> action) throws Exception {
        CpuTime.Usage cpuStart = cpu.usage();
        long start = System.nanoTime();
        T value = action.call();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Timed<>(value, seconds, cpu.usage().since(cpuStart));
    }

    double median(int runs, Callable<?> action) throws Exception {
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            seconds[i] = timed(action).seconds();
        }
        return median(seconds);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Runs {@code count} steps at once, each on its own thread, and returns their results in order. */
    static <T> List<T> parallel(int count, Step<T> step) throws Exception {
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

    static long expect(long expected, long actual) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " bytes or entries, got " + actual);
        }
        return actual;
    }

    /** A size as the table's labels give it: whole GiB where it is some, MiB otherwise. */
    static String sizeLabel(long bytes) {
        return bytes >= Scale.GIB && bytes % Scale.GIB == 0 ? bytes / Scale.GIB + " GiB" : bytes / Scale.MIB + " MiB";
    }
}
