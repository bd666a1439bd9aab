package org.cosftp.ftp.internal.activity;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.cosftp.ftp.activity.Activity;
import org.cosftp.ftp.activity.ActivityListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per finished or failed upload and download, in the format its configuration names, to the
 * logger {@value #LOGGER}: Karaf's logging configuration sends that logger to a file of its own, rotated as
 * Karaf's own log is (the config bundle adds those lines), and keeps it out of {@code karaf.log}.
 */
@Component(service = ActivityListener.class, configurationPid = TransferLog.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TransferLogConfiguration.class)
public final class TransferLog implements ActivityListener {
    static final String PID = "org.cosftp.transferlog";
    static final String LOGGER = "org.cosftp.transfer";
    private static final Logger LOG = LoggerFactory.getLogger(TransferLog.class);
    private static final Logger TRANSFERS = LoggerFactory.getLogger(LOGGER);
    private static final Map<String, Function<Activity, String>> FORMATS = Map.of(
            "xferlog", activity -> Xferlog.line(activity, ZoneId.systemDefault()),
            "json", TransferJson::line,
            "off", activity -> null);

    private volatile Function<Activity, String> format = FORMATS.get("xferlog");

    @Activate
    @Modified
    void configure(TransferLogConfiguration configuration) {
        String name = configuration.format().trim().toLowerCase(Locale.ROOT);
        Function<Activity, String> chosen = FORMATS.get(name);
        if (chosen == null) {
            LOG.error("{}: format = {} is none of xferlog, json, off; the transfer log keeps its format",
                    PID, configuration.format());
            return;
        }
        format = chosen;
        LOG.info("transfer log: {}", name);
    }

    @Override
    public void finished(Activity activity) {
        if (activity.kind().isTransfer()) {
            String line = format.apply(activity);
            if (line != null) {
                TRANSFERS.info(line);
            }
        }
    }
}
