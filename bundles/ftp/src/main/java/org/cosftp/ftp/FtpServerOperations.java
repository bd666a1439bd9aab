package org.cosftp.ftp;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The running FTP server, as its operators see and steer it. */
@ProviderType
public interface FtpServerOperations {
    /** The listeners new connections reach, the control port first; empty while the server does not listen. */
    List<FtpListener> listeners();

    /** The sessions of every listener, oldest first; those of replaced listeners that still drain included. */
    List<FtpSession> sessions();

    /**
     * Closes a session with a 421 reply. A running upload is discarded, as on ABOR: nothing of it becomes an
     * object.
     *
     * @return whether there was such a session
     */
    boolean kick(long sessionId);

    /**
     * Closes every session of an account, as {@link #kick} does.
     *
     * @return how many sessions were closed
     */
    int kickUser(String user);

    /** The addresses banned now for failed logins, the longest left first. */
    List<AddressBan> bans();

    /**
     * Lifts the ban of an address and forgets its failed logins.
     *
     * @param address an IP address literal
     * @return whether it was banned
     * @throws IllegalArgumentException if {@code address} is not an IP address literal
     */
    boolean unban(String address);
}
