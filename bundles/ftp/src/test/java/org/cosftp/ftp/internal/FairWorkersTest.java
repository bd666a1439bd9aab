package org.cosftp.ftp.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

/** Threads shared in turn: a piece of work that comes late is not queued behind all of an earlier one's. */
public class FairWorkersTest {
    @Test
    public void aLaterLaneIsServedAfterAtMostOneTaskOfTheEarlierOne() throws Exception {
        var workers = new FairWorkers("fair-test", 1);
        var gate = new CountDownLatch(1);
        var order = new ArrayList<String>();
        Executor large = workers.lane(64);
        var done = new ArrayList<CompletableFuture<Void>>();
        done.add(CompletableFuture.runAsync(() -> await(gate), large));
        for (int i = 0; i < 63; i++) {
            done.add(CompletableFuture.runAsync(() -> record(order, "large"), large));
        }
        CompletableFuture<Void> small = CompletableFuture.runAsync(() -> record(order, "small"), workers.lane(64));
        gate.countDown();
        small.get(10, TimeUnit.SECONDS);
        CompletableFuture.allOf(done.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        synchronized (order) {
            assertThat(order.indexOf("small"), lessThanOrEqualTo(1));
            assertThat(order.size(), is(64));
        }
    }

    @Test
    public void aLaneAloneUsesEveryThreadAndNoMoreThanItsShare() throws Exception {
        var workers = new FairWorkers("fair-test", 4);
        for (int parallel : new int[] {64, 2}) {
            var running = new AtomicInteger();
            var most = new AtomicInteger();
            var allStarted = new CountDownLatch(Math.min(parallel, 4));
            var gate = new CountDownLatch(1);
            Executor lane = workers.lane(parallel);
            List<CompletableFuture<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                tasks.add(CompletableFuture.runAsync(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    allStarted.countDown();
                    await(gate);
                    running.decrementAndGet();
                }, lane));
            }
            assertThat(allStarted.await(10, TimeUnit.SECONDS), is(true));
            gate.countDown();
            CompletableFuture.allOf(tasks.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
            assertThat("lane of " + parallel, most.get(), is(Math.min(parallel, 4)));
        }
    }

    @Test
    public void workGivenAfterShutdownStillRuns() throws Exception {
        var workers = new FairWorkers("fair-test", 2);
        workers.shutdown();
        assertThat(CompletableFuture.supplyAsync(() -> "ran", workers.lane(4)).get(10, TimeUnit.SECONDS), is("ran"));
    }

    private static void record(List<String> order, String what) {
        synchronized (order) {
            order.add(what);
        }
    }

    private static void await(CountDownLatch gate) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
