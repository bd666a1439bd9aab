package org.cosftp.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Ports for the distribution a benchmark starts, which binds them in its own process: they can only be picked
 * here and bound there. Those for the passive ranges come from below 32768, which Linux never hands out on its
 * own, so that no connection of another process takes one meanwhile.
 */
final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /** A port that is free now. */
    static int free() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The first of {@code size} consecutive ports that are free now, in the range Linux does not hand out. */
    static int freeRange(int size) throws IOException {
        for (int base = 20_000 + (int) (ProcessHandle.current().pid() % 100) * 100; base < 32_000; base += size) {
            if (allFree(base, size)) {
                return base;
            }
        }
        throw new IOException("no " + size + " consecutive free ports between 20000 and 32000");
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
