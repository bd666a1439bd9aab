package org.cosftp.shell.internal;

import java.io.IOException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.cosftp.config.PasswordHasher;

/** {@code cosftp:hash-password}: prints the hash of a password, ready to be a value of the users file. */
@Command(scope = "cosftp", name = "hash-password",
        description = "Prints a hash of a password for user.<name>.password in etc/org.cosftp.users.cfg.")
@Service
public final class HashPasswordCommand implements Action {

    // censored: the shell shows and keeps it in its history as stars
    @Argument(name = "password", censor = true, mask = '*', description = "The password. Better left out: it is "
            + "then asked for twice without being shown.")
    private String password;

    @Option(name = "--iterations", description = "PBKDF2 iterations, " + PasswordHasher.MIN_ITERATIONS + " to "
            + PasswordHasher.MAX_ITERATIONS + "; each login costs one check of this many.")
    private int iterations = PasswordHasher.DEFAULT_ITERATIONS;

    @Reference
    private Session session;

    @Reference
    private PasswordHasher hasher;

    @Override
    public Object execute() throws IOException {
        String chosen = password != null ? password : ask();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("an empty password cannot be hashed");
        }
        return hasher.hash(chosen, iterations);
    }

    private String ask() throws IOException {
        String first = session.readLine("Password: ", '*');
        String second = session.readLine("Password again: ", '*');
        if (first == null || !first.equals(second)) {
            throw new IllegalArgumentException("the two passwords differ; nothing was hashed");
        }
        return first;
    }
}
