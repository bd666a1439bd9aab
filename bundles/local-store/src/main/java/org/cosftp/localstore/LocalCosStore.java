package org.cosftp.localstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/**
 * A COS-compatible endpoint on loopback: S3Proxy's filesystem store behind the COS dialect adapter.
 *
 * <p>Clients address buckets as virtual hosts {@code <bucket>.<virtualHost>} and connect to
 * {@link #host()}:{@link #port()}. The default virtual host is {@code localhost}, so that an endpoint of
 * {@code localhost:<port>} names this store: every {@code *.localhost} name is loopback (RFC 6761).
 */
public final class LocalCosStore implements AutoCloseable {

    /** The virtual host suffix used unless the builder names another. */
    public static final String DEFAULT_VIRTUAL_HOST = "localhost";

    private final Server server;
    private final ServerConnector connector;
    private final BlobStore blobStore;
    private final FaultInjector faults = new FaultInjector();
    private final Path dataDirectory;
    private final String virtualHost;

    private LocalCosStore(Builder builder) throws IOException {
        this.dataDirectory = Files.createDirectories(builder.dataDirectory);
        this.virtualHost = builder.virtualHost;
        this.blobStore = new FilesystemNio2BlobStore(dataDirectory.toString());

        var handler = new CosDialectHandler(blobStore, AuthenticationType.NONE, null, null, virtualHost,
                5L * 1024 * 1024 * 1024, 128L * 1024 * 1024, 16 * 1024 * 1024, true, null, "", 15 * 60);

        var pool = new QueuedThreadPool(builder.maxThreads);
        pool.setName("local-cos-store");
        pool.setDaemon(true);
        server = new Server(pool);
        var http = new HttpConfiguration();
        // object keys may hold any byte sequence, as on COS itself
        http.setHttpCompliance(HttpCompliance.LEGACY);
        http.setUriCompliance(UriCompliance.LEGACY);
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(builder.host);
        connector.setPort(builder.port);
        server.addConnector(connector);

        var context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new CosDialectServlet(handler, faults,
                builder.faultControl ? new FaultControl(faults) : null)), "/*");
        server.setHandler(context);
        server.setStopTimeout(5_000);
    }

    /** Starts building a store; call {@link Builder#start()} to run it. */
    public static Builder builder() {
        return new Builder();
    }

    private LocalCosStore startServer(List<String> buckets) throws IOException {
        try {
            server.start();
        } catch (Exception e) {
            throw new IOException("local COS store could not listen on " + connector.getHost() + ":"
                    + connector.getPort() + ": " + e.getMessage(), e);
        }
        buckets.forEach(this::createBucket);
        return this;
    }

    /** Creates a bucket unless it exists already. */
    public void createBucket(String bucket) {
        if (Files.isDirectory(dataDirectory.resolve(bucket))) {
            return;
        }
        blobStore.createContainer(CreateBucketRequest.builder().bucket(bucket).build());
    }

    /** The address the store listens on. */
    public String host() {
        return connector.getHost();
    }

    /** The port the store listens on (the real one, when the builder asked for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The virtual host suffix: buckets are addressed as {@code <bucket>.<virtualHost>}. */
    public String virtualHost() {
        return virtualHost;
    }

    /** The value of a storage configuration's {@code endpoint} key that names this store. */
    public String endpoint() {
        return virtualHost + ":" + port();
    }

    /** Where the objects are kept. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Faults to inject into the answers of the following requests. */
    public FaultInjector faults() {
        return faults;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("local COS store did not stop cleanly", e);
        }
    }

    /** Settings of a {@link LocalCosStore}. */
    public static final class Builder {
        private Path dataDirectory;
        private String host = "127.0.0.1";
        private int port;
        private String virtualHost = DEFAULT_VIRTUAL_HOST;
        private int maxThreads = 200;
        private boolean faultControl;
        private final List<String> buckets = new ArrayList<>();

        private Builder() {
        }

        /** The folder that holds one sub-folder per bucket; created if missing. Required. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** The listen address, {@code 127.0.0.1} unless set. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The listen port; {@code 0} (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The virtual host suffix, {@code localhost} unless set. */
        public Builder virtualHost(String virtualHost) {
            this.virtualHost = virtualHost;
            return this;
        }

        /** The most requests served at once. */
        public Builder maxThreads(int maxThreads) {
            this.maxThreads = maxThreads;
            return this;
        }

        /**
         * Whether tests in other processes may set the store's faults over HTTP ({@code POST /_faults/stall},
         * {@code /_faults/latency}, {@code /_faults/clear} to the store's own host); off unless set.
         */
        public Builder faultControl(boolean faultControl) {
            this.faultControl = faultControl;
            return this;
        }

        /** A bucket to create at start unless it exists. */
        public Builder bucket(String bucket) {
            buckets.add(bucket);
            return this;
        }

        /** Starts the store. */
        public LocalCosStore start() throws IOException {
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            try {
                return new LocalCosStore(this).startServer(buckets);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}
