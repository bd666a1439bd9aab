package org.cosftp.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/** Runs Karaf shell commands in the Karaf under test, as an operator at its console would. */
final class ShellSupport {
    private ShellSupport() {
    }

    /** Runs a command as an operator with the admin role, and returns what it prints or returns. */
    static String run(SessionFactory sessions, String command, String input) throws Exception {
        var output = new ByteArrayOutputStream();
        var out = new PrintStream(output, true, StandardCharsets.UTF_8);
        Session session = sessions.create(input(input), out, out);
        try {
            Object result = asOperator(() -> session.execute(command));
            return result != null ? result.toString() : output.toString(StandardCharsets.UTF_8);
        } finally {
            session.close();
        }
    }

    /** Runs a command on a console session, whose terminal reads {@code input} as typed keys. */
    static Object executeOnConsole(SessionFactory sessions, String command, String input,
            ByteArrayOutputStream output) throws Exception {
        var out = new PrintStream(output, true, StandardCharsets.UTF_8);
        Session session = sessions.create(input(input), out, out, null, StandardCharsets.UTF_8.name(), null);
        try {
            return asOperator(() -> session.execute(command));
        } finally {
            session.close();
        }
    }

    private static InputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Object asOperator(PrivilegedExceptionAction<Object> action) throws Exception {
        var operator = new Subject();
        operator.getPrincipals().add(new UserPrincipal("operator"));
        operator.getPrincipals().add(new RolePrincipal("admin"));
        try {
            return Subject.doAs(operator, action);
        } catch (PrivilegedActionException e) {
            throw e.getException();
        }
    }
}
