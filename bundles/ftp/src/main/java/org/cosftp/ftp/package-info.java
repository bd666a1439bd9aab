/**
 * What the running FTP server offers its operators' tools: the listeners it is bound to, its sessions, its bans.
 * The shell's {@code cosftp:} commands use it; so may any other bundle.
 */
@Export
@Version("1.0.0")
package org.cosftp.ftp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
