package org.cosftp.shell.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.cosftp.config.PasswordHasher;
import org.cosftp.shell.internal.importer.OriginalConfigImport;

/**
 * {@code cosftp:import-conf}: the original COS FTP tool's {@code conf/vsftpd.conf} as cos-ftp's cfg files in
 * {@code etc/}, which apply at once, with a report of every key. A file it replaces is kept as
 * {@code <name>.bak}; each file is written whole, then moved into place, so that Karaf never reads half of one.
 */
@Command(scope = "cosftp", name = "import-conf", description = "Turns the original COS FTP tool's vsftpd.conf "
        + "into cos-ftp's users, storage and server files in etc/, and reports what became of every key.")
@Service
public final class ImportConfCommand implements Action {

    @Reference
    private PasswordHasher hasher;

    @Argument(name = "file", description = "The tool's conf/vsftpd.conf.", required = true)
    @Completion(FileCompleter.class)
    private String file;

    @Option(name = "--secrets-inline", description = "Writes the secret keys into the storage files as they are, "
            + "rather than as $[env:COS_SECRET_KEY_<STORAGE>] placeholders.")
    private boolean secretsInline;

    @Option(name = "--dry-run", description = "Reports and shows the files, and writes nothing.")
    private boolean dryRun;

    @Option(name = "--host", description = "The address to listen on; the tool listened on every address, "
            + "0.0.0.0, which is the default.")
    private String host;

    @Option(name = "--to", description = "The folder to write to; Karaf's etc/ if not given.")
    private String to;

    @Override
    public Object execute() throws IOException {
        OriginalConfigImport.Result result;
        try {
            result = OriginalConfigImport.convert(Files.readString(Path.of(file), StandardCharsets.UTF_8),
                    password -> hasher.hash(password, PasswordHasher.DEFAULT_ITERATIONS), secretsInline, host);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println(file + " cannot be imported (" + e.getMessage() + "); nothing was written.");
            return null;
        }
        System.out.println("From " + file + ":");
        result.report().forEach(line -> System.out.println("  " + line));
        Path folder = Path.of(to != null ? to : System.getProperty("karaf.etc", "etc"));
        if (dryRun) {
            result.files().forEach((name, text) -> System.out.println("\n" + folder.resolve(name) + ":\n" + text));
            System.out.println("Nothing was written (--dry-run).");
            return null;
        }
        for (Map.Entry<String, String> made : result.files().entrySet()) {
            Path target = folder.resolve(made.getKey());
            if (Files.exists(target)) {
                Files.copy(target, folder.resolve(made.getKey() + ".bak"), StandardCopyOption.REPLACE_EXISTING);
                System.out.println("Kept the old " + made.getKey() + " as " + made.getKey() + ".bak");
            }
            // a name File Install does not watch, moved into place whole
            Path written = folder.resolve("." + made.getKey() + ".import");
            Files.writeString(written, made.getValue(), StandardCharsets.UTF_8);
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println("Wrote " + String.join(", ", result.files().keySet()) + " to " + folder
                + "; they apply at once.");
        return null;
    }
}
