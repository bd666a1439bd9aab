/**
 * The object storage API of cos-ftp: what the FTP service needs from a bucket, with no COS SDK type in sight.
 */
@Export
@Version("1.5.0")
package org.cosftp.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
