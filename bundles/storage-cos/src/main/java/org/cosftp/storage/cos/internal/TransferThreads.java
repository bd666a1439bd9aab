package org.cosftp.storage.cos.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Part uploads, copies and listing pages fetched ahead, on daemon threads that run SDK calls with this
 * bundle's class loader.
 */
final class TransferThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();
    private final String storage;

    TransferThreads(String storage) {
        this.storage = storage;
    }

    /**
     * Up to as many threads as the storage has HTTP connections, started only when no thread is idle and ended
     * after 30 s idle: a thread beyond them could only wait for a connection. Work beyond them waits its turn,
     * in order; no task waits for another, so none waits forever. (A plain pool of that size would start a
     * thread for each task until it has them all, busy or not.)
     */
    static ExecutorService pool(StorageSettings settings) {
        var waiting = new LinkedTransferQueue<Runnable>() {
            private static final long serialVersionUID = 1L;

            @Override
            public boolean offer(Runnable task) {
                // taken only by an idle thread: otherwise the pool starts one, up to its largest size
                return tryTransfer(task);
            }
        };
        return new ThreadPoolExecutor(0, settings.maxConnections(), 30, TimeUnit.SECONDS, waiting,
                new TransferThreads(settings.name()), (task, pool) -> {
                    if (pool.isShutdown()) {
                        throw new RejectedExecutionException("the storage " + settings + " is closed");
                    }
                    // every thread is busy: the task waits for the first to be done
                    waiting.put(task);
                });
    }

    @Override
    public Thread newThread(Runnable task) {
        var thread = new Thread(task, "cos-transfer-" + storage + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        thread.setContextClassLoader(CosObjectStorage.class.getClassLoader());
        return thread;
    }
}
