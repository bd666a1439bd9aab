package org.cosftp.localstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * Faults the local store injects into its answers, for tests of retries and of failure handling.
 *
 * <p>Rules are consulted in the order they were added; the first that matches a request and has uses left
 * decides it. A rule can let a number of matching requests pass before it strikes.
 *
 * <p>Its length is one method per kind of fault that tests ask for, each a few lines.
 */
public final class FaultInjector {
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final AtomicInteger injected = new AtomicInteger();
    private volatile Duration latency = Duration.ZERO;
    private volatile Stall stall;

    /** Answers the next {@code times} requests with this status and COS error code. */
    public FaultInjector failNext(int times, int status, String errorCode) {
        return fail(StoreRequest.any(), 0, times, status, errorCode);
    }

    /**
     * Lets {@code skip} requests that match {@code which} pass, then answers the next {@code times} of them
     * with this status and COS error code (e.g. 500 {@code InternalError}, 503 {@code SlowDown}).
     */
    public FaultInjector fail(Predicate<StoreRequest> which, int skip, int times, int status, String errorCode) {
        rules.add(new Rule(which, skip, times, status, errorCode, -1));
        return this;
    }

    /**
     * Lets {@code skip} requests that match {@code which} pass, then breaks the connection of the next
     * {@code times} of them after {@code afterBytes} of the body: of the response for reads, of the request
     * otherwise.
     */
    public FaultInjector reset(Predicate<StoreRequest> which, int skip, int times, long afterBytes) {
        rules.add(new Rule(which, skip, times, 0, null, afterBytes));
        return this;
    }

    /**
     * Stalls the store for {@code duration}, as a store that hangs does: every request that matches
     * {@code which} and arrives meanwhile, after the first {@code skip} of them, is accepted and never
     * answered. When the stall ends, after
     * {@code duration} or at {@link #release()}, the connections of the requests it held are closed without an
     * answer and without the request having been carried out, and requests that arrive afterwards are served.
     */
    public FaultInjector stall(Predicate<StoreRequest> which, int skip, Duration duration) {
        Stall previous = stall;
        stall = new Stall(which, skip, System.nanoTime() + duration.toNanos());
        if (previous != null) {
            previous.end();
        }
        return this;
    }

    /** Ends a {@linkplain #stall stall} at once. */
    public void release() {
        Stall ending = stall;
        stall = null;
        if (ending != null) {
            ending.end();
        }
    }

    /** Delays every answer by this much. */
    public FaultInjector latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /** Removes every rule and the latency, and sets the count of injected faults back to zero. */
    public void clear() {
        release();
        rules.clear();
        latency = Duration.ZERO;
        injected.set(0);
    }

    /** How many requests were hit by a fault since the store started or was last {@link #clear() cleared}. */
    public int injected() {
        return injected.get();
    }

    /**
     * Applies the faults due for this request.
     *
     * @return the response to serve the request on, or {@code null} if the fault answered it
     */
    HttpServletResponse apply(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Stall stalled = stall;
        if (stalled != null && stalled.holds(new StoreRequest(request.getMethod(), request.getRequestURI(),
                request.getParameterMap()))) {
            injected.incrementAndGet();
            stalled.await();
            breakConnection(request);
            return null;
        }
        Duration delay = latency;
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (rules.isEmpty()) {
            return response;
        }
        var seen = new StoreRequest(request.getMethod(), request.getRequestURI(), request.getParameterMap());
        Rule rule = rules.stream().filter(r -> r.strikes(seen)).findFirst().orElse(null);
        if (rule == null) {
            return response;
        }
        injected.incrementAndGet();
        if (rule.resetAfterBytes < 0) {
            drain(request.getInputStream(), Long.MAX_VALUE);
            respondWithError(response, rule.status, rule.errorCode);
            return null;
        }
        if (request.getMethod().equals("GET")) {
            return new BreakingResponse(request, response, rule.resetAfterBytes);
        }
        drain(request.getInputStream(), rule.resetAfterBytes);
        breakConnection(request);
        return null;
    }

    private static void drain(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = limit;
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
            left -= n;
        }
    }

    private static void respondWithError(HttpServletResponse response, int status, String code)
            throws IOException {
        String requestId = UUID.randomUUID().toString();
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code
                + "</Code><Message>injected fault</Message><RequestId>" + requestId
                + "</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/xml");
        response.setHeader("x-cos-request-id", requestId);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void breakConnection(HttpServletRequest request) {
        ServletContextRequest.getServletContextRequest(request).getConnectionMetaData().getConnection()
                .getEndPoint().close();
    }

    /** A stall: which requests it holds, until when, and the latch its held requests wait on. */
    private static final class Stall {
        private final Predicate<StoreRequest> which;
        private final AtomicInteger skip;
        private final long endNanos;
        private final CountDownLatch ended = new CountDownLatch(1);

        Stall(Predicate<StoreRequest> which, int skip, long endNanos) {
            this.which = which;
            this.skip = new AtomicInteger(skip);
            this.endNanos = endNanos;
        }

        boolean holds(StoreRequest request) {
            return ended.getCount() > 0 && System.nanoTime() - endNanos < 0 && which.test(request)
                    && skip.getAndDecrement() <= 0;
        }

        void await() {
            try {
                ended.await(Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void end() {
            ended.countDown();
        }
    }

    private static final class Rule {
        private final Predicate<StoreRequest> which;
        private final AtomicInteger skip;
        private final AtomicInteger times;
        private final int status;
        private final String errorCode;
        private final long resetAfterBytes;

        Rule(Predicate<StoreRequest> which, int skip, int times, int status, String errorCode,
                long resetAfterBytes) {
            this.which = which;
            this.skip = new AtomicInteger(skip);
            this.times = new AtomicInteger(times);
            this.status = status;
            this.errorCode = errorCode;
            this.resetAfterBytes = resetAfterBytes;
        }

        boolean strikes(StoreRequest request) {
            if (times.get() <= 0 || !which.test(request)) {
                return false;
            }
            if (skip.getAndDecrement() > 0) {
                return false;
            }
            return times.getAndDecrement() > 0;
        }
    }

    /** A response whose connection breaks after a number of body bytes. */
    private static final class BreakingResponse extends HttpServletResponseWrapper {
        private final HttpServletRequest request;
        private final long limit;
        private ServletOutputStream out;

        BreakingResponse(HttpServletRequest request, HttpServletResponse response, long limit) {
            super(response);
            this.request = request;
            this.limit = limit;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (out == null) {
                ServletOutputStream real = super.getOutputStream();
                out = new ServletOutputStream() {
                    private long written;

                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        long allowed = Math.max(0, Math.min(len, limit - written));
                        real.write(b, off, (int) allowed);
                        written += allowed;
                        if (allowed < len) {
                            real.flush();
                            breakConnection(request);
                            throw new IOException("connection reset by fault injection");
                        }
                    }

                    @Override
                    public void flush() throws IOException {
                        real.flush();
                    }

                    @Override
                    public boolean isReady() {
                        return real.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        real.setWriteListener(listener);
                    }
                };
            }
            return out;
        }
    }
}
