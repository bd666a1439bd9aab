package org.cosftp.ftp.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of threads that the sessions share in turn. Each piece of work that runs many tasks (a
 * listing's metadata lookups, a directory rename's copies) gets a {@link #lane}; the threads take one task
 * from each lane that has one, round after round. A lane alone uses every thread; a lane that comes later
 * gets its first task run after at most one task of each other lane, however many those have waiting. In a
 * plain pool the tasks queue in order, and one large listing's lookups held up every other session's.
 */
public final class FairWorkers {
    private final ThreadPoolExecutor threads;

    /** {@code count} threads named {@code name}, started as needed and ended after a minute idle. */
    public FairWorkers(String name, int count) {
        threads = new ThreadPoolExecutor(count, count, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                DaemonThreads.named(name));
        threads.allowCoreThreadTimeOut(true);
    }

    /** A lane that runs at most {@code parallel} of its tasks at once, in the order given. */
    public Executor lane(int parallel) {
        return new Lane(parallel);
    }

    /** Lets the tasks already given finish, and takes no more. */
    void shutdown() {
        threads.shutdown();
    }

    /**
     * The tasks of one piece of work. It has at most one turn waiting among the threads' work: a turn that
     * starts runs one task and puts the lane's next turn at the end of the line.
     */
    private final class Lane implements Executor {
        private final int parallel;
        private final Deque<Runnable> tasks = new ArrayDeque<>();
        private boolean turnWaiting;
        private int running;

        Lane(int parallel) {
            this.parallel = parallel;
        }

        @Override
        public void execute(Runnable task) {
            boolean turn;
            synchronized (this) {
                tasks.addLast(task);
                turn = turnDue();
            }
            if (turn) {
                queueTurn();
            }
        }

        /** Whether a turn should be queued now; if so, it counts as waiting from here on. */
        private boolean turnDue() {
            assert Thread.holdsLock(this);
            if (turnWaiting || running >= parallel || tasks.isEmpty()) {
                return false;
            }
            turnWaiting = true;
            return true;
        }

        private void queueTurn() {
            try {
                threads.execute(this::turn);
            } catch (RejectedExecutionException stopped) {
                // the threads were shut down while work was still being given: it runs on the caller's thread
                turn();
            }
        }

        private void turn() {
            Runnable task;
            boolean next;
            synchronized (this) {
                turnWaiting = false;
                task = tasks.pollFirst();
                if (task == null) {
                    return;
                }
                running++;
                next = turnDue();
            }
            if (next) {
                queueTurn();
            }
            try {
                task.run();
            } finally {
                synchronized (this) {
                    running--;
                    next = turnDue();
                }
                if (next) {
                    queueTurn();
                }
            }
        }
    }
}
