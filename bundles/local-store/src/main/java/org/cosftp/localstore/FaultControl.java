package org.cosftp.localstore;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Lets a test in another process set the store's faults over HTTP, for a store run as a program (the one the
 * distribution starts beside Karaf): {@code POST /_faults/stall?seconds=S[&requests=R][&skip=N]},
 * {@code POST /_faults/latency?millis=M}, {@code POST /_faults/clear}, addressed to the store's own host name
 * rather than a bucket's. {@code requests} is {@code any} (the default), {@code reads} (downloads),
 * {@code writes} (PUT: uploads, parts, copies), {@code completions} (of multipart uploads), {@code uploads}
 * (every request on an open multipart upload: parts, completion, abort), {@code listings} or {@code deletes}. Off unless the store is
 * started with it: it is no part of what COS offers.
 */
final class FaultControl {
    static final String PATH = "/_faults/";
    private final FaultInjector faults;

    FaultControl(FaultInjector faults) {
        this.faults = faults;
    }

    /** Whether this request is for the control, which it then answered. */
    boolean handled(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String host = String.valueOf(request.getServerName());
        if (!request.getRequestURI().startsWith(PATH) || host.contains(".localhost")
                || !request.getMethod().equals("POST")) {
            return false;
        }
        String what = request.getRequestURI().substring(PATH.length());
        try {
            switch (what) {
                case "stall" -> faults.stall(requests(request.getParameter("requests")),
                        request.getParameter("skip") == null ? 0 : Integer.parseInt(request.getParameter("skip")),
                        Duration.ofSeconds(Long.parseLong(request.getParameter("seconds"))));
                case "latency" -> faults.latency(Duration.ofMillis(Long.parseLong(request.getParameter("millis"))));
                case "clear" -> faults.clear();
                default -> throw new IllegalArgumentException("no fault '" + what + "'");
            }
        } catch (RuntimeException e) {
            response.sendError(400, String.valueOf(e.getMessage()));
            return true;
        }
        response.setStatus(204);
        return true;
    }

    private static Predicate<StoreRequest> requests(String which) {
        return switch (which == null ? "any" : which.toLowerCase(Locale.ROOT)) {
            case "any" -> StoreRequest.any();
            case "reads" -> StoreRequest.objectReads();
            case "writes" -> StoreRequest.method("PUT");
            case "completions" -> StoreRequest.multipartCompletions();
            case "uploads" -> r -> r.parameters().containsKey("uploadId");
            case "deletes" -> r -> r.method().equals("DELETE")
                    || r.method().equals("POST") && r.parameters().containsKey("delete");
            case "listings" -> r -> r.method().equals("GET") && r.path().length() <= 1;
            default -> throw new IllegalArgumentException("requests must be any, reads, writes, completions, uploads, listings or deletes");
        };
    }
}
