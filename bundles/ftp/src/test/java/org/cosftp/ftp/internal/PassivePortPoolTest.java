package org.cosftp.ftp.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.ftpserver.DataConnectionConfiguration;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.junit.Test;

/** A PASV that finds every passive port taken waits for one, with FtpServer's own port bookkeeping. */
public class PassivePortPoolTest {
    private final int port = freePort();

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** FtpServer's settings with a single passive port, as the listener builds them. */
    private DataConnectionConfiguration onePort(PassivePortPool pool) {
        var factory = new DataConnectionConfigurationFactory();
        factory.setPassivePorts(Integer.toString(port));
        return pool.around(factory.createDataConnectionConfiguration());
    }

    @Test
    public void aRequestThatFindsEveryPortTakenGetsTheNextOneReleased() throws Exception {
        DataConnectionConfiguration ports = onePort(new PassivePortPool(Duration.ofSeconds(60)));
        assertThat(ports.requestPassivePort(), is(port));
        var second = CompletableFuture.supplyAsync(ports::requestPassivePort);
        assertThrows(TimeoutException.class, () -> second.get(300, TimeUnit.MILLISECONDS));
        ports.releasePassivePort(port);
        assertThat(second.get(10, TimeUnit.SECONDS), is(port));
    }

    @Test
    public void aRequestGivesUpAfterItsWait() {
        DataConnectionConfiguration ports = onePort(new PassivePortPool(Duration.ofMillis(400)));
        assertThat(ports.requestPassivePort(), is(port));
        long start = System.nanoTime();
        assertThat(ports.requestPassivePort(), is(-1));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), greaterThanOrEqualTo(400L));
    }

    @Test
    public void listenersSharingFtpServersPortsWakeEachOther() throws Exception {
        var pool = new PassivePortPool(Duration.ofSeconds(60));
        var factory = new DataConnectionConfigurationFactory();
        factory.setPassivePorts(Integer.toString(port));
        DataConnectionConfiguration explicit = pool.around(factory.createDataConnectionConfiguration());
        factory.setImplicitSsl(true);
        DataConnectionConfiguration implicit = pool.around(factory.createDataConnectionConfiguration());
        assertThat(implicit.requestPassivePort(), is(port));
        var waiting = CompletableFuture.supplyAsync(explicit::requestPassivePort);
        implicit.releasePassivePort(port);
        assertThat(waiting.get(10, TimeUnit.SECONDS), is(port));
    }

    @Test
    public void portsAreCountedAsFtpServerReadsThem() {
        assertThat(PassivePortPool.count("60000-60599"), is(600));
        assertThat(PassivePortPool.count("2300,2310-2320"), is(12));
        assertThat(PassivePortPool.count("2300, 2300-2301"), is(2));
        assertThat(PassivePortPool.count("0"), is(Integer.MAX_VALUE));
    }
}
