package org.cosftp.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.cosftp.ftp.FtpServerOperations;

/** {@code cosftp:unban}: lifts a ban and forgets the address's failed logins, so its next ban is a first one. */
@Command(scope = "cosftp", name = "unban", description = "Lifts the ban of a client address and forgets its failed "
        + "logins.")
@Service
public final class UnbanCommand implements Action {

    @Reference
    private FtpServerOperations server;

    @Argument(name = "address", description = "The banned IP address, as cosftp:bans shows it.", required = true)
    @Completion(BannedAddressCompleter.class)
    private String address;

    @Override
    public Object execute() {
        try {
            System.out.println(server.unban(address) ? "Lifted the ban of " + address + "."
                    : address + " is not banned.");
        } catch (IllegalArgumentException notAnAddress) {
            System.err.println(notAnAddress.getMessage());
        }
        return null;
    }
}
