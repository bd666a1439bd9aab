package org.cosftp.shell.internal;

import java.util.TreeSet;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.cosftp.config.PasswordHasher;
import org.cosftp.config.UserAccount;
import org.cosftp.config.UserDirectory;

/**
 * {@code cosftp:users}: the FTP accounts in force, as the users file gave them, with whether each password is a
 * hash or plaintext; never a password or a hash.
 */
@Command(scope = "cosftp", name = "users", description = "Lists the FTP accounts of etc/org.cosftp.users.cfg in force.")
@Service
public final class UsersCommand implements Action {

    @Reference
    private UserDirectory users;

    @Reference
    private PasswordHasher hasher;

    @Override
    public Object execute() {
        var table = new ShellTable();
        table.column("User");
        table.column("Storage");
        table.column("Home");
        table.column("Access");
        table.column("Delete");
        table.column("Enabled");
        table.column("Password");
        for (String name : new TreeSet<>(users.names())) {
            users.find(name).ifPresent(account -> row(table, account));
        }
        table.print(System.out);
        return null;
    }

    private void row(ShellTable table, UserAccount account) {
        table.addRow().addContent(account.name(), account.storage(), "/" + account.home(), account.access().code(),
                account.delete() ? "yes" : "no", account.enabled() ? "yes" : "no",
                hasher.isHash(account.password()) ? "hashed" : "plaintext");
    }
}
