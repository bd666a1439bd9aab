/**
 * What the FTP server's sessions did, told to every {@link org.cosftp.ftp.activity.ActivityListener} service
 * once it is over: the transfer log, the OSGi events and the metrics listen, and so may any other bundle.
 */
@Export
@Version("1.0.0")
package org.cosftp.ftp.activity;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
