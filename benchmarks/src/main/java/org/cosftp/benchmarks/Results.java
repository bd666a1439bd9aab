package org.cosftp.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of one run: printed as a table as they come, and written as CSV at the end. */
final class Results {

    /**
     * One figure measured both ways.
     *
     * @param figure what was measured, with its baseline when that is not the COS SDK
     * @param unit the unit of both values
     * @param direct the baseline's value
     * @param gateway cos-ftp's value
     * @param higherIsBetter whether the ratio is gateway / direct (throughput) or direct / gateway (time), so
     *        that a ratio of 1 or more always means "as good as the baseline"
     * @param target the ratio aimed at, or 0 where there is none
     */
    record Row(String figure, String unit, double direct, double gateway, boolean higherIsBetter, double target) {
        double ratio() {
            if (direct == 0 || gateway == 0) {
                return 0;
            }
            return higherIsBetter ? gateway / direct : direct / gateway;
        }

        String verdict() {
            if (target == 0) {
                return "";
            }
            return ratio() >= target ? "met (>= " + format(target) + ")" : "MISSED (< " + format(target) + ")";
        }
    }

    private static final String LINE = "%-62s %-6s %12s %12s %7s  %s%n";

    private final List<Row> rows = new ArrayList<>();
    private final PrintStream out;

    Results(PrintStream out) {
        this.out = out;
    }

    void header(String title) {
        out.println();
        out.println(title);
        out.printf(LINE, "figure", "unit", "direct", "gateway", "ratio", "target");
    }

    /** A throughput or rate: more is better, ratio = gateway / direct. */
    void rate(String figure, String unit, double direct, double gateway, double target) {
        add(new Row(figure, unit, direct, gateway, true, target));
    }

    /** A time: less is better, ratio = direct / gateway. */
    void time(String figure, String unit, double direct, double gateway, double target) {
        add(new Row(figure, unit, direct, gateway, false, target));
    }

    /** A use of memory against its bound: ratio = bound / used, so that 1 or more is within the bound. */
    void bound(String figure, String unit, double bound, double used) {
        add(new Row(figure, unit, bound, used, false, 1));
    }

    private synchronized void add(Row row) {
        rows.add(row);
        out.printf(LINE, row.figure(), row.unit(), format(row.direct()), format(row.gateway()),
                format(row.ratio()), row.verdict());
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    void writeCsv(Path file) throws IOException {
        var csv = new StringBuilder("figure,unit,direct,gateway,ratio,target,verdict\n");
        for (Row row : rows) {
            csv.append('"').append(row.figure().replace("\"", "\"\"")).append("\",").append(row.unit()).append(',')
                    .append(format(row.direct())).append(',').append(format(row.gateway())).append(',')
                    .append(format(row.ratio())).append(',').append(row.target() == 0 ? "" : format(row.target()))
                    .append(',').append(row.verdict()).append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    static String format(double value) {
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        return String.format(Locale.ROOT, magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : "%.2f", value);
    }
}
