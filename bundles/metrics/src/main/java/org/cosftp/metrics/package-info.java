/** The monitoring endpoint of cos-ftp, as other bundles see it. */
@Export
@Version("1.0.0")
package org.cosftp.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
