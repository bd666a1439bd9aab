package org.cosftp.ftp.internal.data;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.ftpserver.DataConnectionConfiguration;
import org.cosftp.config.LoginGuardSettings;
import org.cosftp.config.ServerSettings;
import org.cosftp.config.TlsSettings;
import org.junit.Test;

public class PassivePortPoolTest {
    private final int port = freePort();

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ServerSettings passivePorts(String ports) {
        return new ServerSettings("127.0.0.1", 2121, ports, "", 512, 300, true, 20, 300, 30,
                new TlsSettings(false, false, 0, "", ""),
                new LoginGuardSettings(1024, 16, 30, 1000, 5, 600, 600, 86_400, List.of()));
    }

    /** The data connections of a listener, as the server builds them, on a single passive port. */
    private DataConnectionConfiguration onePort(Duration wait) {
        return new DataConnections(passivePorts(Integer.toString(port)), new PassivePortPool(wait))
                .forListener(null, false);
    }

    @Test
    public void aRequestThatFindsEveryPortTakenGetsTheNextOneReleased() throws Exception {
        DataConnectionConfiguration ports = onePort(Duration.ofSeconds(60));
        assertThat(ports.requestPassivePort(), is(port));
        var second = CompletableFuture.supplyAsync(ports::requestPassivePort);
        assertThrows(TimeoutException.class, () -> second.get(300, TimeUnit.MILLISECONDS));
        ports.releasePassivePort(port);
        assertThat(second.get(10, TimeUnit.SECONDS), is(port));
    }

    @Test
    public void aRequestGivesUpAfterItsWait() {
        DataConnectionConfiguration ports = onePort(Duration.ofMillis(400));
        assertThat(ports.requestPassivePort(), is(port));
        long start = System.nanoTime();
        assertThat(ports.requestPassivePort(), is(-1));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), greaterThanOrEqualTo(400L));
    }

    @Test
    public void listenersShareThePortsAndWakeEachOther() throws Exception {
        var data = new DataConnections(passivePorts(Integer.toString(port)),
                new PassivePortPool(Duration.ofSeconds(60)));
        DataConnectionConfiguration explicit = data.forListener(null, false);
        DataConnectionConfiguration implicit = data.forListener(null, true);
        assertThat(implicit.requestPassivePort(), is(port));
        var waiting = CompletableFuture.supplyAsync(explicit::requestPassivePort);
        assertThrows("the implicit listener's port is the explicit one's too", TimeoutException.class,
                () -> waiting.get(300, TimeUnit.MILLISECONDS));
        implicit.releasePassivePort(port);
        assertThat(waiting.get(10, TimeUnit.SECONDS), is(port));
    }

    @Test
    public void aPortLentBeforeARangeChangeGoesBackToItsOwnRangeAndTheNewRangeServesAtOnce() throws Exception {
        int other = freePort();
        var data = new DataConnections(passivePorts(Integer.toString(port)),
                new PassivePortPool(Duration.ofSeconds(60)));
        DataConnectionConfiguration listener = data.forListener(null, false);
        assertThat(listener.requestPassivePort(), is(port));
        data.apply(passivePorts(Integer.toString(other)));
        assertThat("the new range serves without waiting for the old one's port", listener.requestPassivePort(),
                is(other));
        listener.releasePassivePort(port);
        listener.releasePassivePort(other);
        assertThat("the new range's port came back", listener.requestPassivePort(), is(other));
    }

    @Test
    public void portsAreCountedAsFtpServerReadsThem() {
        assertThat(PassivePortPool.count("60000-60599"), is(600));
        assertThat(PassivePortPool.count("2300,2310-2320"), is(12));
        assertThat(PassivePortPool.count("2300, 2300-2301"), is(2));
        assertThat(PassivePortPool.count("0"), is(Integer.MAX_VALUE));
    }
}
