package org.cosftp.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.tools.attach.VirtualMachine;

/**
 * Watches the memory of the gateway's JVM from outside: the heap that survives each garbage collection (what
 * the gateway really holds, not the garbage waiting to be collected) through the JVM's own management beans,
 * and the resident set of the process as the kernel reports it.
 */
final class MemoryProbe implements AutoCloseable {
    private final long pid;
    private final JMXConnector connector;
    private final MBeanServerConnection mbeans;
    private final Set<String> heapPools;
    /** Every 40 samples of 50 ms, a full collection of the gateway's heap. */
    private static final int FULL_GC_TICKS = 40;
    private final AtomicLong peakHeapAfterGc = new AtomicLong();
    private final AtomicLong peakRss = new AtomicLong();
    private final List<ObjectName> collectors;
    private final NotificationListener listener = this::collected;
    private volatile boolean sampling;
    private Thread sampler;

    MemoryProbe(long pid) throws IOException {
        this.pid = pid;
        String address;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IOException("cannot attach to the gateway's JVM " + pid + ": " + e.getMessage(), e);
        }
        connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        mbeans = connector.getMBeanServerConnection();
        heapPools = ManagementFactory.getPlatformMXBeans(mbeans, MemoryPoolMXBean.class).stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
                .collect(Collectors.toSet());
        try {
            collectors = List.copyOf(mbeans.queryNames(new ObjectName("java.lang:type=GarbageCollector,*"), null));
            for (ObjectName collector : collectors) {
                mbeans.addNotificationListener(collector, listener, null, null);
            }
        } catch (javax.management.JMException e) {
            throw new IOException("cannot watch the gateway's garbage collections: " + e.getMessage(), e);
        }
    }

    private void collected(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long heap = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                .filter(pool -> heapPools.contains(pool.getKey())).mapToLong(pool -> pool.getValue().getUsed()).sum();
        if (sampling) {
            peakHeapAfterGc.accumulateAndGet(heap, Math::max);
        }
    }

    /** What the idle gateway holds, in bytes: heap right after a full collection, and the process then. */
    record Idle(long heapUsed, long heapCommitted, long maxHeap, long rss) {
    }

    /** The peaks while recording, in bytes. */
    record Peaks(long heapAfterGc, long rss) {
    }

    private MemoryMXBean memory() throws IOException {
        return ManagementFactory.getPlatformMXBean(mbeans, MemoryMXBean.class);
    }

    Idle idle() throws IOException {
        MemoryMXBean memory = memory();
        memory.gc();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        return new Idle(heap.getUsed(), heap.getCommitted(), heap.getMax(), rss());
    }

    /** Starts recording peaks. */
    void start() throws IOException {
        peakHeapAfterGc.set(0);
        peakRss.set(0);
        sampling = true;
        MemoryMXBean memory = memory();
        sampler = new Thread(() -> {
            for (int tick = 1; sampling; tick++) {
                try {
                    peakRss.accumulateAndGet(rss(), Math::max);
                    if (tick % FULL_GC_TICKS == 0) {
                        // a gateway that reuses its buffers may not collect at all while they are held: a full
                        // collection now and then measures the heap they keep alive
                        memory.gc();
                    }
                    Thread.sleep(50); // a sampling period: the kernel offers nothing to wait on
                } catch (IOException | RuntimeException | InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Stops recording. */
    Peaks stop() throws InterruptedException {
        sampling = false;
        sampler.join();
        return new Peaks(peakHeapAfterGc.get(), peakRss.get());
    }

    /** The gateway's live threads. */
    int liveThreads() throws IOException {
        return ManagementFactory.getPlatformMXBean(mbeans, ThreadMXBean.class).getThreadCount();
    }

    private long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    @Override
    public void close() throws IOException {
        for (ObjectName collector : collectors) {
            try {
                mbeans.removeNotificationListener(collector, listener);
            } catch (javax.management.JMException e) {
                // the JVM is going away; its listeners with it
            }
        }
        connector.close();
    }
}
