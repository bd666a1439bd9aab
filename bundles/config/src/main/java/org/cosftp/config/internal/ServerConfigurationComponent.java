package org.cosftp.config.internal;

import java.util.Map;
import java.util.Optional;

import org.cosftp.config.ServerConfiguration;
import org.cosftp.config.ServerSettings;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FTP listener settings from {@code etc/org.cosftp.server.cfg}; defaults apply without the file. A file
 * refused from the start gives no settings at all, so that nothing listens on values the operator did not
 * choose (such as {@code host = 0.0.0.0} where the file says 127.0.0.1) until it is fixed. The service is a
 * {@link Publication}, so that the keystore's password is not among its properties.
 */
// registered by Publication rather than by DS: the capability DS would have declared, for the resolver
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.cosftp.config.ServerConfiguration")
@Component(service = {}, configurationPid = ServerConfigurationComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = ServerSettingsDefinition.class)
public final class ServerConfigurationComponent implements ServerConfiguration {
    static final String PID = "org.cosftp.server";
    private static final Logger LOG = LoggerFactory.getLogger(ServerConfigurationComponent.class);

    /** Empty while no good settings were read. */
    private volatile Optional<ServerSettings> settings = Optional.empty();
    private Publication<ServerConfiguration> publication;

    @Activate
    private void activate(BundleContext context, Map<String, Object> properties) {
        configure(properties);
        publication = new Publication<>(context, ServerConfiguration.class, this, PID);
    }

    @Modified
    private void configure(Map<String, Object> properties) {
        settings = parseOrKeep(properties, settings);
        if (publication != null) {
            publication.changed();
        }
    }

    @Deactivate
    private void deactivate() {
        publication.withdraw();
    }

    private static Optional<ServerSettings> parseOrKeep(Map<String, Object> properties,
            Optional<ServerSettings> lastGood) {
        try {
            ServerSettings parsed = ServerSettingsReader.read(properties);
            LOG.info("FTP listener settings: {}:{}, passive ports {}{}, at most {} logins, idle timeout {} s, "
                    + "active mode {}, upload commit delay {} ms, drain {} s, shutdown grace {} s, {}",
                    parsed.host(), parsed.port(), parsed.passivePorts(), parsed.passiveAddress().isEmpty() ? ""
                    : " announced as " + parsed.passiveAddress(), parsed.maxLogins(), parsed.idleTimeoutSeconds(),
                    parsed.activeEnabled() ? "on" : "off", parsed.uploadCommitDelayMillis(), parsed.drainSeconds(),
                    parsed.shutdownGraceSeconds(), TlsSettingsReader.describe(parsed.tls()));
            LOG.info("Login guard: {}", LoginGuardSettingsReader.describe(parsed.guard()));
            return Optional.of(parsed);
        } catch (IllegalArgumentException e) {
            if (lastGood.isPresent()) {
                LOG.error("server configuration refused, the last good one keeps running: {}", e.getMessage());
            } else {
                LOG.error("server configuration refused; the FTP server does not listen until it is fixed: {}",
                        e.getMessage());
            }
            return lastGood;
        }
    }

    @Override
    public Optional<ServerSettings> settings() {
        return settings;
    }
}
