package org.cosftp.ftp.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;

/**
 * Threads of the FTP service: named for thread dumps, and daemons, so that none of them keeps a stopping
 * Karaf alive.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Threads named {@code name}. */
    public static ThreadFactory named(String name) {
        return task -> {
            var thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One thread named {@code name} for timed tasks; a cancelled task leaves its queue at once. */
    public static ScheduledExecutorService timer(String name) {
        var timer = new ScheduledThreadPoolExecutor(1, named(name));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
