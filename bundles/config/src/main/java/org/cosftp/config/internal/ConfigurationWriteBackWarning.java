package org.cosftp.config.internal;

import java.util.function.UnaryOperator;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns once, as cos-ftp starts, when Karaf writes every configuration it applied back to its cfg file. It does so
 * for the changes it has just read from that file too: it reads the file again and rewrites it with the values it
 * applied, so a save that lands in between is undone, in the file and in the running server. cos-ftp never
 * changes a configuration, and Karaf's config commands write the files themselves: nothing needs the write-back,
 * and only the Karaf settings can turn it off. The cos-ftp distribution ships with it off.
 */
@Component(service = {}, immediate = true, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class ConfigurationWriteBackWarning {
    static final String ENABLE_CONFIG_SAVE = "felix.fileinstall.enableConfigSave";
    /** The older name, which File Install reads the same way: {@code true} writes back. */
    static final String DISABLE_CONFIG_SAVE = "felix.fileinstall.disableConfigSave";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationWriteBackWarning.class);

    @Activate
    private void activate(BundleContext context) {
        if (writesBack(context::getProperty)) {
            LOG.warn("Karaf writes each configuration it applies back to its cfg file ({} in etc/config.properties): "
                    + "a save of a cos-ftp file within milliseconds of the previous one being applied is undone. Set "
                    + "{} = false there and restart Karaf; its config commands still write the files",
                    ENABLE_CONFIG_SAVE, ENABLE_CONFIG_SAVE);
        }
    }

    /** Whether File Install writes applied configurations back, decided as File Install 3.7 decides it. */
    static boolean writesBack(UnaryOperator<String> frameworkProperties) {
        String value = frameworkProperties.apply(ENABLE_CONFIG_SAVE);
        if (value == null) {
            value = frameworkProperties.apply(DISABLE_CONFIG_SAVE);
        }
        return value == null || Boolean.parseBoolean(value);
    }
}
