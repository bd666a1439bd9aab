package org.cosftp.ftp.internal.activity;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The transfer log's settings, {@code etc/org.cosftp.transferlog.cfg}. */
@ObjectClassDefinition(name = "cos-ftp transfer log",
        description = "One line per finished or failed upload and download, written to data/log/cos-ftp-transfer.log.")
@interface TransferLogConfiguration {

    @AttributeDefinition(name = "Format", options = {
        @Option(label = "xferlog (vsftpd, wu-ftpd: 14 fields)", value = "xferlog"),
        @Option(label = "JSON lines", value = "json"),
        @Option(label = "off", value = "off")},
            description = "xferlog, which existing xferlog tools read; json, one object per line; or off.")
    String format() default "xferlog";
}
