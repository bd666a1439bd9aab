package org.cosftp.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;

/** The bytes the benchmark moves: made up in memory and thrown away after reading, so no disk takes part. */
final class Transfers {
    static final int CHUNK = 1024 * 1024;
    /** Random, so that nothing on the way can compress it; repeated, so that making it costs nothing. */
    private static final byte[] PATTERN = new byte[CHUNK];

    static {
        new Random(42).nextBytes(PATTERN);
    }

    private Transfers() {
    }

    /** Writes {@code size} bytes to {@code out} in chunks of 1 MiB. */
    static void fill(OutputStream out, long size) throws IOException {
        long remaining = size;
        while (remaining > 0) {
            int length = (int) Math.min(CHUNK, remaining);
            out.write(PATTERN, 0, length);
            remaining -= length;
        }
    }

    /** A stream of {@code size} bytes of the pattern. */
    static InputStream source(long size) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < size ? PATTERN[(int) (position++ % CHUNK)] & 0xff : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (position >= size) {
                    return -1;
                }
                int start = (int) (position % CHUNK);
                int n = (int) Math.min(Math.min(length, CHUNK - start), size - position);
                System.arraycopy(PATTERN, start, buffer, offset, n);
                position += n;
                return n;
            }
        };
    }

    static byte[] smallFile(int size) {
        byte[] data = new byte[size];
        System.arraycopy(PATTERN, 0, data, 0, size);
        return data;
    }

    /** Reads to the end and returns how many bytes there were. */
    static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0;) {
            total += n;
        }
        return total;
    }
}
