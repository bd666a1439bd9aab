package org.cosftp.config.internal;

import static org.cosftp.config.internal.SaveKeeper.DISABLE_CONFIG_SAVE;
import static org.cosftp.config.internal.SaveKeeper.ENABLE_CONFIG_SAVE;
import static org.cosftp.config.internal.SaveKeeper.writesBack;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;

/** When Karaf writes applied configurations back to their files, by the framework properties it reads. */
public class SaveKeeperTest {
    @Test
    public void stockKarafWritesBack() {
        assertTrue(writesBack(Map.of(ENABLE_CONFIG_SAVE, "true")::get));
    }

    @Test
    public void theDistributionDoesNot() {
        assertFalse(writesBack(Map.of(ENABLE_CONFIG_SAVE, "false")::get));
    }

    @Test
    public void withoutEitherPropertyFileInstallWritesBack() {
        assertTrue(writesBack(Map.<String, String>of()::get));
    }

    @Test
    public void theOlderPropertyCountsOnlyWithoutTheNewOne() {
        assertFalse(writesBack(Map.of(DISABLE_CONFIG_SAVE, "false")::get));
        assertTrue(writesBack(Map.of(DISABLE_CONFIG_SAVE, "true")::get));
        assertFalse(writesBack(Map.of(ENABLE_CONFIG_SAVE, "false", DISABLE_CONFIG_SAVE, "true")::get));
    }
}
