package org.cosftp.metrics.internal.http;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.cosftp.config.PasswordHasher;
import org.cosftp.config.internal.PasswordHasherComponent;
import org.junit.Test;

/** HTTP basic authentication against a password configured as a hash of cosftp:hash-password, or plaintext. */
public class BasicAuthenticationTest {
    private static final PasswordHasher HASHER = new PasswordHasherComponent();

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void theUserAndPasswordOfAHashAreAccepted() {
        var authentication = new BasicAuthentication("prometheus", HASHER.hash("scrape-pw", 1_000), HASHER);
        assertTrue(authentication.accepts(basic("prometheus:scrape-pw")));
        assertTrue("again, from what was verified", authentication.accepts(basic("prometheus:scrape-pw")));
        assertTrue("the scheme's case is free", authentication.accepts("basic " + basic("prometheus:scrape-pw")
                .substring(6)));
    }

    @Test
    public void anythingElseIsRefused() {
        var authentication = new BasicAuthentication("prometheus", "scrape-pw", HASHER);
        assertTrue(authentication.accepts(basic("prometheus:scrape-pw")));
        assertFalse(authentication.accepts(basic("prometheus:scrape-pw2")));
        assertFalse(authentication.accepts(basic("grafana:scrape-pw")));
        assertFalse(authentication.accepts(basic("prometheus")));
        assertFalse(authentication.accepts("Basic !!not base64!!"));
        assertFalse(authentication.accepts("Bearer abc"));
        assertFalse(authentication.accepts(null));
    }
}
