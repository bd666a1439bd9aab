package org.cosftp.metrics;

import java.net.URI;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The HTTP endpoint of cos-ftp's metrics and probes, a service while it listens: {@code cosftp:status} shows
 * it, and a test that configured port 0 learns the port from it.
 */
@ProviderType
public interface MonitoringEndpoint {
    /** Where it listens, such as {@code http://127.0.0.1:2180/}: {@code metrics}, {@code livez} and
     * {@code readyz} are relative to it. */
    URI uri();
}
