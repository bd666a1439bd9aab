/**
 * The configuration of cos-ftp as typed, validated values: the FTP listener, the user accounts and their
 * password hashes. Services of this package publish the last good configuration; a file with a bad value is
 * refused with a log line naming the file, the key and the reason.
 */
@Export
@Version("3.2.0")
package org.cosftp.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
