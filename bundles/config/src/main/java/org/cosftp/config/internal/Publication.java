package org.cosftp.config.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * A service registered with its configuration's PID and a revision, and nothing else of the configuration.
 *
 * <p>Declarative Services would publish every key of the component's configuration as a service property, the
 * users' password hashes (or plaintext passwords) and the keystore's password among them, for any bundle and
 * {@code service:list} to read. Registered this way, consumers still learn of a change: each {@link #changed()}
 * raises the revision, which modifies the service, so that their {@code updated} method is called.
 */
final class Publication<S> {
    /** Rises with each change of the configuration behind the service. */
    static final String REVISION = "cosftp.revision";

    private final ServiceRegistration<S> registration;
    private final String pid;
    private long revision;

    Publication(BundleContext context, Class<S> type, S service, String pid) {
        this.pid = pid;
        this.registration = context.registerService(type, service, properties());
    }

    synchronized void changed() {
        revision++;
        registration.setProperties(properties());
    }

    void withdraw() {
        registration.unregister();
    }

    private Dictionary<String, Object> properties() {
        var properties = new Hashtable<String, Object>();
        properties.put(Constants.SERVICE_PID, pid);
        properties.put(REVISION, revision);
        return properties;
    }
}
