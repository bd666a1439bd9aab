package org.cosftp.config;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The current FTP listener settings. The service's properties change whenever {@code org.cosftp.server.cfg}
 * does, so that a consumer's {@code updated} method learns of it; {@link #settings()} then returns the new
 * settings, or the last good ones if the file was refused.
 */
@ProviderType
public interface ServerConfiguration {

    /**
     * The last good settings; empty while there are none: the file was refused from the start, and no
     * listener should run on settings the operator did not choose.
     */
    Optional<ServerSettings> settings();
}
