package org.cosftp.benchmarks;

/**
 * How much each measurement moves. {@link #FULL} gives the figures of the README;
 * {@link #SMALL} runs every measurement with little data, so that the build can check that the benchmark
 * still works.
 *
 * @param largeFile the size of the large file moved on one stream (on 4 streams, each moves a quarter)
 * @param rounds how many times each large-file transfer runs, in a rotating order; the fastest run counts
 * @param listedObjects the number of objects in the listed directory
 * @param smallFiles the number of small files
 * @param smallFileSize the size of each small file
 * @param memoryClients the number of clients uploading at once while memory is watched
 * @param memoryFileSizes the file sizes each of them uploads, one round per size
 * @param logins the number of logins timed
 * @param firstByteSamples the number of downloads whose first byte is timed
 */
record Scale(String name, long largeFile, int rounds, int listedObjects, int smallFiles, int smallFileSize, int memoryClients,
        long[] memoryFileSizes, int logins, int firstByteSamples) {

    static final long MIB = 1024L * 1024;
    static final long GIB = 1024 * MIB;

    static final Scale FULL = new Scale("full", GIB, 3, 10_000, 1_000, 16 * 1024, 8, new long[] {512 * MIB, 2 * GIB},
            200, 50);

    static final Scale SMALL = new Scale("small", 48 * MIB, 1, 500, 100, 16 * 1024, 8, new long[] {24 * MIB, 48 * MIB},
            20, 10);

    static Scale named(String name) {
        return switch (name) {
            case "full" -> FULL;
            case "small" -> SMALL;
            default -> throw new IllegalArgumentException("unknown scale '" + name + "'; use full or small");
        };
    }
}
