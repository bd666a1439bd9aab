package org.cosftp.metrics.internal.jmx;

/** {@code org.cosftp:type=Server}: what the FTP server holds now. */
public interface ServerMXBean {
    int getListeners();

    int getSessions();

    int getSessionsLoggedIn();

    int getSessionsTls();

    int getBansActive();
}
