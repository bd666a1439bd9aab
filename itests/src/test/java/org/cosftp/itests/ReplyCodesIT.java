package org.cosftp.itests;

import static org.cosftp.itests.FtpSupport.login;
import static org.cosftp.itests.FtpSupport.put;
import static org.cosftp.itests.FtpSupport.quit;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPConnectionClosedException;
import org.apache.commons.net.ftp.FTPReply;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The README's table of reply codes, cell by cell: every command that names a path, under every condition
 * that refuses it, gets the code RFC 959 and 3659 and the mature servers give (550, 553, 451, 501, …), and
 * FEAT names exactly what works. rclone, aioftp and others decide on these codes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReplyCodesIT extends CosFtpTestSupport {
    private static final String README = "cosftp.readme";
    /** 900 bytes of UTF-8: more than a COS key may have. */
    private static final String TOO_LONG = "/codes/" + "长".repeat(300);

    @Configuration
    public Option[] configuration() {
        return distribution(systemProperty(README).value(System.getProperty(README)),
                account("reader", "access", "r"), account("writer", "access", "w"),
                account("keeper", "delete", "false"), account("broken", "storage", "broken"),
                account("nostore", "storage", "missing"),
                brokenStorage("broken"));
    }

    /** One cell: a condition, the account that meets it, the commands sent, the last one's expected code. */
    private record Cell(String condition, String account, int code, boolean passive, String... commands) {
        @Override
        public String toString() {
            return condition + " / " + account + ": " + String.join(" + ", commands) + " -> " + code;
        }
    }

    private static final List<Cell> CELLS = new ArrayList<>();

    private static void cell(String condition, String account, int code, String... commands) {
        CELLS.add(new Cell(condition, account, code, false, commands));
    }

    /** A cell whose command needs a data connection: PASV is sent before it. */
    private static void dataCell(String condition, String account, int code, String... commands) {
        CELLS.add(new Cell(condition, account, code, true, commands));
    }

    static {
        String missing = "no such file or directory";
        for (String command : List.of("SIZE", "MDTM", "MLST", "DELE", "RMD", "CWD", "RNFR", "STAT")) {
            cell(missing, "demo", 550, command + " /codes/nope");
        }
        cell(missing, "demo", 550, "MFMT 20200102030405 /codes/nope");
        for (String command : List.of("RETR", "LIST", "NLST", "MLSD")) {
            dataCell(missing, "demo", 550, command + " /codes/nope");
        }

        String file = "a file where a directory is needed";
        cell(file, "demo", 550, "CWD /codes/file.txt");
        cell(file, "demo", 550, "RMD /codes/file.txt");
        cell(file, "demo", 550, "MKD /codes/file.txt/sub");
        cell(file, "demo", 550, "RNFR /codes/empty", "RNTO /codes/file.txt/sub");
        dataCell(file, "demo", 550, "MLSD /codes/file.txt");

        String directory = "a directory where a file is needed";
        for (String command : List.of("SIZE", "MDTM", "DELE")) {
            cell(directory, "demo", 550, command + " /codes/dir");
        }
        cell(directory, "demo", 550, "MFMT 20200102030405 /codes/dir");
        cell(directory, "demo", 550, "RNFR /codes/file.txt", "RNTO /codes/dir");
        dataCell(directory, "demo", 550, "RETR /codes/dir");
        dataCell(directory, "demo", 553, "STOR /codes/dir");
        dataCell(directory, "demo", 553, "APPE /codes/dir");

        String exists = "the name exists";
        cell(exists, "demo", 550, "MKD /codes/dir");
        cell(exists, "demo", 550, "RNFR /codes/empty", "RNTO /codes/other");
        cell("directory not empty", "demo", 550, "RMD /codes/dir");
        cell("a directory into itself", "demo", 553, "RNFR /codes/dir", "RNTO /codes/dir/inner");

        String denied = "permission denied";
        for (String command : List.of("MKD /codes/new", "DELE /codes/file.txt", "RMD /codes/empty",
                "RNFR /codes/file.txt", "MFMT 20200102030405 /codes/file.txt")) {
            cell(denied + " (read only)", "reader", 550, command);
        }
        for (String command : List.of("STOR /codes/new.txt", "APPE /codes/file.txt", "STOU")) {
            dataCell(denied + " (read only)", "reader", 550, command);
        }
        for (String command : List.of("MLST /codes/file.txt", "SIZE /codes/file.txt", "MDTM /codes/file.txt",
                "STAT /codes")) {
            cell(denied + " (upload only)", "writer", 550, command);
        }
        for (String command : List.of("RETR /codes/file.txt", "LIST /codes", "NLST /codes", "MLSD /codes")) {
            dataCell(denied + " (upload only)", "writer", 550, command);
        }
        for (String command : List.of("DELE /codes/file.txt", "RMD /codes/empty", "RNFR /codes/file.txt")) {
            cell(denied + " (no delete)", "keeper", 550, command);
        }
        dataCell(denied + " (no delete)", "keeper", 550, "STOR /codes/file.txt");

        String refused = "a name that cannot be a key";
        cell(refused, "demo", 553, "MKD " + TOO_LONG);
        cell(refused, "demo", 553, "RNFR /codes/file.txt", "RNTO " + TOO_LONG);
        for (String command : List.of("STOR", "APPE", "STOU")) {
            dataCell(refused, "demo", 553, command + " " + TOO_LONG);
        }
        for (String command : List.of("SIZE", "DELE", "CWD")) {
            cell(refused + " (reading it)", "demo", 550, command + " " + TOO_LONG);
        }
        dataCell(refused + " (reading it)", "demo", 550, "RETR " + TOO_LONG);

        String failed = "the storage failed";
        for (String command : List.of("SIZE /x", "MDTM /x", "MLST /x", "MFMT 20200102030405 /x", "DELE /x",
                "MKD /x", "RMD /x", "CWD /x", "RNFR /x", "STAT /x")) {
            cell(failed, "broken", 451, command);
        }
        for (String command : List.of("RETR /x", "STOR /x", "APPE /x", "STOU", "LIST /", "NLST /", "MLSD /")) {
            dataCell(failed, "broken", 451, command);
        }

        String syntax = "no argument";
        for (String command : List.of("RETR", "STOR", "APPE", "DELE", "MKD", "RMD", "SIZE", "MDTM", "RNFR")) {
            cell(syntax, "demo", 501, command);
        }
        cell(syntax, "demo", 501, "MFMT tomorrow /codes/file.txt");
        cell(syntax, "demo", 501, "RNFR /codes/file.txt", "RNTO");

        cell("RNTO without RNFR", "demo", 503, "RNTO /codes/new.txt");
        // each of PASV, EPSV, PORT and EPRT is good for one data command
        for (String command : List.of("RETR /codes/file.txt", "STOR /codes/new.txt", "APPE /codes/new.txt", "STOU",
                "LIST /codes", "NLST /codes", "MLSD /codes")) {
            cell("no PASV or PORT just before", "demo", 425, command);
        }

        String restart = "a restart offset that does not fit";
        dataCell(restart, "demo", 554, "REST 100", "RETR /codes/file.txt");
        dataCell(restart, "demo", 554, "REST 5", "STOR /codes/file.txt");

        String offered = "not offered";
        for (String command : List.of("SITE CHMOD 644 /codes/file.txt", "MD5 /codes/file.txt",
                "MMD5 /codes/file.txt", "LANG zh-tw", "REIN")) {
            cell(offered, "demo", 502, command);
        }
        cell(offered, "demo", 504, "MODE Z");
    }

    @Before
    public void files() throws IOException {
        FTPClient ftp = login("demo", "demo");
        try {
            for (String directory : List.of("/codes", "/codes/empty", "/codes/other")) {
                ftp.makeDirectory(directory);
            }
            assertTrue(put(ftp, "/codes/file.txt", new byte[] {1}));
            assertTrue(put(ftp, "/codes/dir/inner.txt", new byte[] {2}));
        } finally {
            quit(ftp);
        }
    }

    @Test
    public void everyCellOfTheTable() throws Exception {
        var failures = new ArrayList<String>();
        var sessions = new LinkedHashMap<String, FTPClient>();
        try {
            for (Cell cell : CELLS) {
                FTPClient ftp = sessions.computeIfAbsent(cell.account(), ReplyCodesIT::loginAs);
                try {
                    String refused = check(ftp, cell);
                    if (refused != null) {
                        failures.add(refused);
                    }
                    assertTrue("the session goes on after " + cell, ftp.sendNoOp());
                } catch (IOException e) {
                    failures.add(cell + ": " + e);
                    FtpSupport.quit(sessions.remove(cell.account()));
                }
            }
        } finally {
            sessions.values().forEach(FtpSupport::quit);
        }
        assertEquals("cells with another code:\n" + String.join("\n", failures), 0, failures.size());
        assertTrue("nothing was created by a refused command",
                !Files.exists(bucketFolder(BUCKET).resolve("codes/new"))
                        && !Files.exists(bucketFolder(BUCKET).resolve("codes/new.txt")));
    }

    /** Sends a cell's commands; what went otherwise than the cell says, or {@code null}. */
    private static String check(FTPClient ftp, Cell cell) throws IOException {
        for (int i = 0; i < cell.commands().length; i++) {
            boolean last = i == cell.commands().length - 1;
            if (!last && cell.passive() && cell.commands()[i].startsWith("REST ")) {
                // sent after PASV, as clients do: PASV forgets a restart offset
                ftp.setRestartOffset(Long.parseLong(cell.commands()[i].substring(5)));
                continue;
            }
            int code = last && cell.passive() ? ((DataProbe) ftp).transfer(cell.commands()[i])
                    : ftp.sendCommand(cell.commands()[i]);
            String reply = ftp.getReplyString().trim();
            if (last) {
                return code == cell.code() ? null : cell + ": got " + reply;
            }
            if (!FTPReply.isPositiveCompletion(code) && !FTPReply.isPositiveIntermediate(code)) {
                return cell + ": the command before it got " + reply;
            }
        }
        throw new IllegalArgumentException("a cell without commands");
    }

    @Test
    public void aLoginWhoseStorageIsMissingIsATransientRefusal() throws IOException {
        FTPClient ftp = FtpSupport.connect();
        try {
            assertEquals(331, ftp.sendCommand("USER nostore"));
            ftp.sendCommand("PASS nostore-pw");
            fail("the login was answered " + ftp.getReplyString());
        } catch (FTPConnectionClosedException closed) {
            assertEquals("421, try again later; not 530, a wrong password", 421, ftp.getReplyCode());
        } finally {
            ftp.disconnect();
        }
    }

    /** A client that sends a data command as clients do: a data connection, opened if the server agrees. */
    private static final class DataProbe extends FTPClient {
        int transfer(String commandLine) throws IOException {
            String[] parts = commandLine.split(" ", 2);
            Socket data = _openDataConnection_(parts[0], parts.length > 1 ? parts[1] : null);
            if (data == null) {
                return getReplyCode();
            }
            try (data) {
                // a download or listing is read to its end; an upload sends nothing
                if (!parts[0].matches("STOR|APPE|STOU")) {
                    data.getInputStream().transferTo(OutputStream.nullOutputStream());
                }
            }
            completePendingCommand();
            return getReplyCode();
        }
    }

    private static FTPClient loginAs(String account) {
        try {
            return login(new DataProbe(), account, account.equals("demo") ? "demo" : account + "-pw");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The README's table is this test's, row by row: what it promises is what is checked above. */
    @Test
    public void theReadmeShowsThisTable() throws IOException {
        var rows = new LinkedHashMap<String, Map<Integer, List<String>>>();
        for (Cell cell : CELLS) {
            String command = cell.commands()[cell.commands().length - 1].split(" ")[0];
            List<String> commands = rows.computeIfAbsent(cell.condition(), c -> new LinkedHashMap<>())
                    .computeIfAbsent(cell.code(), c -> new ArrayList<>());
            if (!commands.contains(command)) {
                commands.add(command);
            }
        }
        var table = new StringBuilder("| condition | code | commands |\n|---|---|---|\n");
        rows.forEach((condition, codes) -> codes.forEach((code, commands) -> table.append("| ").append(condition)
                .append(" | ").append(code).append(" | ").append(String.join(", ", commands)).append(" |\n")));
        String readme = Files.readString(Path.of(System.getProperty(README)));
        assertTrue("the README's table of reply codes is not this one:\n" + table, readme.contains(table));
    }
}
