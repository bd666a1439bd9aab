package org.cosftp.benchmarks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Test;

/**
 * The benchmark's small variant against the built distribution: every figure is measured and lands in the
 * table and the CSV, so the documented command keeps working. No figure is judged here: on a shared build
 * machine the ratios mean nothing, and a timed test is no benchmark.
 */
public class BenchmarkIT {
    private static final List<String> FIGURES = List.of(
            "upload 48 MiB, 1 stream", "upload 48 MiB, 4 streams", "download 48 MiB, 1 stream",
            "download 48 MiB, 4 streams", "last byte to commit / 226", "stock FtpServer, local disk",
            "SDK through a plain TCP relay",
            "RETR time to first byte", "MLSD, first listing", "MLSD, later listings", "LIST, later listings",
            "PUT / STOR, 1 connection", "PUT / STOR, 8 connections", "logins per second",
            "CPU seconds per GiB", "peak heap after GC, 8 × 24 MiB uploads", "peak RSS, 8 × 24 MiB uploads",
            "peak heap after GC, 8 × 48 MiB uploads", "peak RSS, 8 × 48 MiB uploads");

    @Test
    public void smallVariantMeasuresEveryFigure() throws Exception {
        Path work = Path.of(System.getProperty("benchmark.work"));
        Results results = Benchmark.run(Scale.SMALL, Path.of(System.getProperty("benchmark.distribution")), work,
                Benchmark.DEFAULT_HEAP, Benchmark.PARTS);

        List<String> csv = Files.readAllLines(work.resolve("benchmark-small.csv"), StandardCharsets.UTF_8);
        assertEquals("figure,unit,direct,gateway,ratio,target,verdict", csv.get(0));
        assertEquals(results.rows().size() + 1, csv.size());
        for (String figure : FIGURES) {
            assertTrue("no figure for " + figure + " in " + csv,
                    csv.stream().anyMatch(line -> line.contains(figure)));
        }
        for (Results.Row row : results.rows()) {
            assertTrue(row.figure() + " was not measured: " + row, row.direct() > 0 && row.gateway() > 0);
        }
        // the memory bound holds whatever the machine: part buffers are bounded by uploadMemoryMiB
        results.rows().stream().filter(row -> row.figure().startsWith("peak heap"))
                .forEach(row -> assertTrue(row.figure() + " above its bound: " + row, row.ratio() >= 1));
    }
}
