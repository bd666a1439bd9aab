package org.cosftp.benchmarks;

import static org.cosftp.benchmarks.MeasurementContext.parallel;

/** Logins from several clients at once, against stock FtpServer's. */
final class Logins {
    private final MeasurementContext context;

    Logins(MeasurementContext context) {
        this.context = context;
    }

    void run() throws Exception {
        int count = context.scale.logins();
        context.results.header("Logins: " + count + " from 8 clients at once (connect, USER/PASS, QUIT)");
        double stockSeconds = secondsToLogIn(context.stock, count);
        double gatewaySeconds = secondsToLogIn(context.gateway, count);
        context.results.rate("logins per second (baseline: stock FtpServer, unsalted MD5)", "1/s",
                count / stockSeconds, count / gatewaySeconds, 0);
    }

    private double secondsToLogIn(FtpTransfers server, int count) throws Exception {
        return context.timed(() -> parallel(8, worker -> {
            for (int i = worker; i < count; i += 8) {
                server.loginOnce();
            }
            return null;
        })).seconds();
    }
}
