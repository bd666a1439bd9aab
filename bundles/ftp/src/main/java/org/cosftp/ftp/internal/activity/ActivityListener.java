package org.cosftp.ftp.internal.activity;

/**
 * Hears of each {@link Activity} once it is over: a service of the ftp bundle, which the FTP server tells on the
 * thread of the session's command. It must return at once; it may not throw.
 */
public interface ActivityListener {
    void finished(Activity activity);
}
