package org.cosftp.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Ports for the distribution a benchmark starts, which binds them in its own process and must find them in its
 * configuration before it starts: they can only be picked here and bound there. They come from below 32768,
 * which Linux never hands out on its own, so that no connection made meanwhile, by this or another process,
 * takes one; and none is given out twice, so that two passive ranges never overlap before either is bound.
 */
final class LoopbackPorts {
    private static final int FIRST = 20_000;
    private static final int END = 32_000;
    /** Where this JVM starts, by its pid, so that two runs at once do not meet. */
    private static int next = FIRST + (int) (ProcessHandle.current().pid() % 20) * 600;

    private LoopbackPorts() {
    }

    /** A port that is free now. */
    static int free() throws IOException {
        return freeRange(1);
    }

    /** The first of {@code size} consecutive ports that are free now. */
    static synchronized int freeRange(int size) throws IOException {
        for (int tried = 0; tried < END - FIRST; tried += size) {
            if (next + size > END) {
                next = FIRST;
            }
            int base = next;
            next += size;
            if (allFree(base, size)) {
                return base;
            }
        }
        throw new IOException("no " + size + " consecutive free ports between " + FIRST + " and " + END);
    }

    private static boolean allFree(int base, int size) {
        for (int port = base; port < base + size; port++) {
            try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
