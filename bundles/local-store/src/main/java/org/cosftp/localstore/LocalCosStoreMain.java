package org.cosftp.localstore;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the local COS store on its own until the process is stopped.
 *
 * <p>Arguments: {@code [--data <folder>] [--host <address>] [--port <port>] [--bucket <bucket-appid>]...
 * [--exit-on-stdin-eof true]}; the defaults are {@code data/cos}, 127.0.0.1, port 9000 and the bucket
 * {@code demo-1250000000}. With {@code --exit-on-stdin-eof}, the store ends when its standard input does:
 * a parent process that starts it this way cannot leave it behind, even when killed. With the system property
 * {@code cosftp.localstore.faultControl=true}, tests may set its faults over HTTP (see {@link FaultControl}).
 */
public final class LocalCosStoreMain {
    private LocalCosStoreMain() {
    }

    /** Starts the store and waits. */
    public static void main(String[] args) throws Exception {
        var builder = LocalCosStore.builder().dataDirectory(Path.of("data", "cos")).port(9000)
                .faultControl(Boolean.getBoolean("cosftp.localstore.faultControl"));
        boolean bucketGiven = false;
        boolean exitOnStdinEof = false;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data" -> builder.dataDirectory(Path.of(args[i + 1]));
                case "--host" -> builder.host(args[i + 1]);
                case "--port" -> builder.port(Integer.parseInt(args[i + 1]));
                case "--exit-on-stdin-eof" -> exitOnStdinEof = Boolean.parseBoolean(args[i + 1]);
                case "--bucket" -> {
                    builder.bucket(args[i + 1]);
                    bucketGiven = true;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --data <folder>, --host <address>, --port <port>, --bucket <bucket-appid>, "
                        + "--exit-on-stdin-eof true");
            }
        }
        if (!bucketGiven) {
            builder.bucket("demo-1250000000");
        }
        LocalCosStore store = builder.start();
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            store.close();
            stopped.countDown();
        }));
        System.out.println("local COS store on " + store.host() + ":" + store.port() + ", data in "
                + store.dataDirectory().toAbsolutePath() + "; storage endpoint = " + store.endpoint()
                + ", protocol = http");
        if (exitOnStdinEof) {
            while (System.in.read() >= 0) {
                // only the end matters
            }
            System.exit(0);
        }
        stopped.await();
    }
}
