package org.cosftp.ftp.activity;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears of each {@link Activity} once it is over: a service, which the FTP server tells on the thread of the
 * session's command. It must return at once; it may not throw.
 */
@ConsumerType
public interface ActivityListener {
    void finished(Activity activity);
}
