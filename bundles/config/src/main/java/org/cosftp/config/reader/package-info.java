/**
 * Reading a configuration's raw values into typed ones, with errors that name the file, the key and the
 * reason: shared by the bundles of cos-ftp that read configurations of their own (the COS storages), as Sling
 * Commons OSGi shares {@code PropertiesUtil}. A helper, versioned apart from the configuration API.
 */
@Export
@Version("1.0.0")
package org.cosftp.config.reader;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
