package org.cosftp.ftp.internal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.cosftp.ftp.activity.Activity.Cause;
import org.junit.After;
import org.junit.Test;

/**
 * What decides an upload's outcome: the signals of its control connection. A cancelled upload is discarded, a
 * quiet one stored. The session is MINA's own stand-alone one.
 */
public class ControlSignalsTest {
    private final IoSession session = new DummySession();

    @After
    public void noInterruptLeftBehind() {
        Thread.interrupted();
    }

    @Test
    public void aQuietControlConnectionLetsTheUploadBeStored() {
        ControlSignals signals = ControlSignals.of(session);
        signals.uploadStarted();
        signals.dataEnded();
        assertNull(signals.awaitCancel(20));
        signals.uploadEnded();
    }

    @Test
    public void aborDuringTheUploadCancelsItAndInterruptsTheReceivingThreadOnce() {
        ControlSignals signals = ControlSignals.of(session);
        signals.uploadStarted();
        ControlSignals.aborted(session);
        assertTrue("the receiving thread's wait is broken", Thread.interrupted());
        ControlSignals.aborted(session);
        assertFalse("a second signal does not break the discarding", Thread.interrupted());
        signals.dataEnded();
        assertEquals(new ControlSignals.Cancel(Cause.ABORTED, "aborted by the client (ABOR)"), signals.awaitCancel(20));
    }

    @Test
    public void quitCancelsOnlyARunningUpload() {
        ControlSignals signals = ControlSignals.of(session);
        ControlSignals.quit(session);
        signals.uploadStarted();
        signals.dataEnded();
        assertNull("a QUIT before the upload concerns no upload", signals.awaitCancel(20));
        signals.uploadEnded();

        signals.uploadStarted();
        ControlSignals.quit(session);
        signals.dataEnded();
        assertEquals(new ControlSignals.Cancel(Cause.ABORTED, "the client sent QUIT during the transfer"),
                signals.awaitCancel(20));
    }

    @Test
    public void aClientThatWentAwayBeforeItsUploadStartedCancelsIt() {
        ControlSignals.clientGone(session, Cause.CLIENT_GONE, "the client closed its control connection");
        ControlSignals signals = ControlSignals.of(session);
        signals.uploadStarted();
        assertEquals(new ControlSignals.Cancel(Cause.CLIENT_GONE, "the client closed its control connection"),
                signals.cancelled());
    }

    @Test
    public void aClientGoneJustAfterItsLastByteIsSeenWithinTheWait() throws Exception {
        ControlSignals signals = ControlSignals.of(session);
        signals.uploadStarted();
        signals.dataEnded();
        // a killed client closes its data connection and, a moment later, its control connection
        CompletableFuture<ControlSignals.Cancel> outcome =
                CompletableFuture.supplyAsync(() -> signals.awaitCancel(10_000));
        ControlSignals.clientGone(session, Cause.CLIENT_GONE, "the control connection closed");
        assertEquals(new ControlSignals.Cancel(Cause.CLIENT_GONE, "the control connection closed"),
                outcome.get(10, TimeUnit.SECONDS));
    }
}
