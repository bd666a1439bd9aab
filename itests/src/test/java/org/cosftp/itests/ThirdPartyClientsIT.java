package org.cosftp.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.apache.commons.net.ftp.FTPClient;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Clients nobody here wrote, each doing its own job against the distribution as shipped (its passive range
 * aside), over plain FTP and FTPS: rclone, lftp, ncftp, wget, curl, Python's ftputil and aioftp, and Node's
 * basic-ftp. Each moves the same tree (Chinese names in nested directories, spaces, {@code +} and {@code &}, an
 * empty file, a file of three parts, a dozen small files) up and back; every byte is compared, in the store
 * and on the way back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ThirdPartyClientsIT extends CosFtpTestSupport {
    private static final String IMPLICIT_PORT = "cosftp.itest.implicit.port";
    private static final String CLIENTS = "cosftp.itest.clients";
    private static final String NODE_MODULES = "cosftp.itest.nodeModules";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** Debian's Python, for which Debian's python3-ftputil and python3-aioftp are installed. */
    private static final String PYTHON = "/usr/bin/python3";
    private static final byte[] THREE_PARTS = FtpSupport.random(11 * 1024 * 1024 + 7, 131);

    private static Path tree;

    @Configuration
    public Option[] configuration() {
        String implicitPort = Integer.toString(freePort());
        return distribution(systemProperty(IMPLICIT_PORT).value(implicitPort),
                systemProperty(CLIENTS).value(System.getProperty(CLIENTS)),
                systemProperty(NODE_MODULES).value(System.getProperty(NODE_MODULES)),
                editConfigurationFilePut("etc/org.cosftp.server.cfg", "tls.implicitPort", implicitPort));
    }

    private static int implicitPort() {
        return Integer.getInteger(IMPLICIT_PORT);
    }

    @Before
    public void localTree() throws Exception {
        await("the implicit FTPS listener", Duration.ofSeconds(60), () -> isListening(implicitPort()));
        if (tree == null) {
            Path root = Files.createTempDirectory("clients").resolve("tree");
            write(root, "readme.txt", "read me\n".getBytes(StandardCharsets.UTF_8));
            write(root, "empty.txt", new byte[0]);
            write(root, "big parts.bin", THREE_PARTS);
            write(root, "a+b & c.txt", "plus and ampersand".getBytes(StandardCharsets.UTF_8));
            write(root, "中文目录/子目录/文件 一.txt", "一二三".getBytes(StandardCharsets.UTF_8));
            write(root, "中文目录/子目录/深/数据.bin", FtpSupport.random(100_000, 132));
            write(root, "with space/inner file.txt", "inner".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 12; i++) {
                write(root, "many/small-" + i + ".txt", FtpSupport.random(1000 + i, 140 + i));
            }
            tree = root;
        }
    }

    private static void write(Path root, String name, byte[] data) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, data);
    }

    /** A copy of the tree, in a folder named {@code tree}, of the files that {@code keep} says. */
    private static Path copyOfTree(Predicate<byte[]> keep) throws IOException {
        Path copy = scratch().resolve("tree");
        for (Map.Entry<String, byte[]> file : files(tree).entrySet()) {
            if (keep.test(file.getValue())) {
                write(copy, file.getKey(), file.getValue());
            }
        }
        return copy;
    }

    /** Every file under {@code root}, by its relative path, with its bytes. */
    private static Map<String, byte[]> files(Path root) throws IOException {
        var files = new TreeMap<String, byte[]>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(root.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    /** The same files, byte for byte. */
    private static void assertSameFiles(String what, Path expected, Path actual) throws IOException {
        Map<String, byte[]> want = files(expected);
        Map<String, byte[]> got = files(actual);
        assertEquals(what + ": the files", want.keySet(), got.keySet());
        want.forEach((name, data) -> assertArrayEquals(what + ": " + name, data, got.get(name)));
    }

    /** What the store holds under {@code remote} is {@code expected}, byte for byte. */
    private static void assertStored(String what, Path expected, String remote) throws IOException {
        Path stored = bucketFolder(BUCKET).resolve(remote.substring(1));
        for (Map.Entry<String, byte[]> file : files(expected).entrySet()) {
            Path object = stored.resolve(file.getKey());
            assertTrue(what + ": " + file.getKey() + " is not in the store", Files.isRegularFile(object));
            assertArrayEquals(what + ": " + file.getKey() + " in the store", file.getValue(),
                    Files.readAllBytes(object));
        }
    }

    private static Path scratch() throws IOException {
        return Files.createTempDirectory("back");
    }

    private static void succeeds(String what, ExternalClient.Result result) {
        assertEquals(what + ": " + result, 0, result.exitCode());
    }

    // rclone

    @Test
    public void rclone() throws Exception {
        ExternalClient.Result obscured = ExternalClient.run(TIMEOUT, "rclone", "obscure", "demo");
        succeeds("rclone obscure", obscured);
        for (String mode : List.of("plain", "explicit", "implicit")) {
            var flags = new ArrayList<>(List.of("--config", "/dev/null", "--ftp-host", "127.0.0.1",
                    "--ftp-user", "demo", "--ftp-pass", obscured.output().trim(), "--ftp-concurrency", "12",
                    "--transfers", "8", "--checkers", "4", "--retries", "1", "--low-level-retries", "2"));
            flags.addAll(switch (mode) {
                case "plain" -> List.of("--ftp-port", Integer.toString(ftpPort()));
                case "explicit" -> List.of("--ftp-port", Integer.toString(ftpPort()), "--ftp-explicit-tls",
                        "--ftp-no-check-certificate");
                default -> List.of("--ftp-port", Integer.toString(implicitPort()), "--ftp-tls",
                        "--ftp-no-check-certificate");
            });
            String base = "/rclone-" + mode;
            String remote = ":ftp:" + base + "/tree";
            String what = "rclone " + mode;
            succeeds(what + " copy", rclone(flags, "copy", tree.toString(), remote));
            assertStored(what, tree, base + "/tree");
            succeeds(what + " check", rclone(flags, "check", "--download", tree.toString(), remote));
            ExternalClient.Result listed = rclone(flags, "lsjson", "-R", "--files-only", remote);
            succeeds(what + " lsjson -R", listed);
            // Go writes & in JSON as an escape
            String json = listed.output().replace("\\u0026", "&");
            for (String name : files(tree).keySet()) {
                assertTrue(what + " lsjson -R lists " + name + ": " + json, json.contains("\"Path\":\"" + name + "\""));
            }

            // sync after local changes: one file changed, one added, one deleted
            Path changed = copyOfTree(data -> true);
            Files.writeString(changed.resolve("readme.txt"), "read me, changed\n");
            Files.writeString(changed.resolve("中文目录/新文件.txt"), "new");
            Files.delete(changed.resolve("a+b & c.txt"));
            succeeds(what + " sync", rclone(flags, "sync", changed.toString(), remote));
            succeeds(what + " check after sync", rclone(flags, "check", "--download", changed.toString(), remote));
            assertFalse(what + ": sync deleted the file", Files.exists(bucketFolder(BUCKET)
                    .resolve(base.substring(1) + "/tree/a+b & c.txt")));

            succeeds(what + " moveto", rclone(flags, "moveto", remote + "/readme.txt", ":ftp:" + base + "/moved/readme.txt"));
            Files.move(changed.resolve("readme.txt"), changed.resolveSibling("readme.txt"));
            Path back = scratch();
            succeeds(what + " copy back", rclone(flags, "copy", remote, back.toString()));
            assertSameFiles(what, changed, back);
            assertEquals("read me, changed\n", Files.readString(bucketFolder(BUCKET)
                    .resolve(base.substring(1) + "/moved/readme.txt")));

            succeeds(what + " purge", rclone(flags, "purge", ":ftp:" + base));
            assertEquals(what + ": purge left files", 0, files(bucketFolder(BUCKET)).keySet().stream()
                    .filter(name -> name.startsWith(base.substring(1) + "/")).count());
        }
    }

    private static ExternalClient.Result rclone(List<String> flags, String... arguments) throws Exception {
        var command = new ArrayList<String>();
        command.add("rclone");
        command.addAll(List.of(arguments));
        command.addAll(flags);
        return ExternalClient.run(TIMEOUT, command.toArray(new String[0]));
    }

    // lftp

    @Test
    public void lftp() throws Exception {
        Path half = Files.createTempFile("half", ".bin");
        Files.write(half, java.util.Arrays.copyOf(THREE_PARTS, 6 * 1024 * 1024));
        for (String mode : List.of("plain", "explicit", "implicit")) {
            String base = "/lftp-" + mode;
            Path back = scratch().resolve("tree");
            Path segmented = scratch().resolve("segmented.bin");
            String settings = switch (mode) {
                case "plain" -> "set ftp:ssl-allow no; open -u demo,demo -p " + ftpPort() + " 127.0.0.1";
                case "explicit" -> "set ssl:verify-certificate no; set ftp:ssl-force true; "
                        + "set ftp:ssl-protect-data true; open -u demo,demo -p " + ftpPort() + " 127.0.0.1";
                default -> "set ssl:verify-certificate no; set ftp:ssl-protect-data true; "
                        + "open -u demo,demo ftps://127.0.0.1:" + implicitPort();
            };
            String script = String.join("; ", "set cmd:fail-exit yes", "set net:max-retries 2",
                    "set net:timeout 30", settings,
                    "mirror -R --parallel=4 --no-perms " + quoted(tree) + " " + base + "/tree",
                    "mirror --parallel=4 " + base + "/tree " + quoted(back),
                    "pget -n 4 '" + base + "/tree/big parts.bin' -o " + quoted(segmented),
                    "put " + quoted(half) + " -o " + base + "/resumed.bin",
                    "put -c " + quoted(tree.resolve("big parts.bin")) + " -o " + base + "/resumed.bin",
                    "bye");
            String what = "lftp " + mode;
            succeeds(what, ExternalClient.run(TIMEOUT, "lftp", "-c", script));
            assertStored(what, tree, base + "/tree");
            assertSameFiles(what + " mirror back", tree, back);
            assertArrayEquals(what + " pget -n 4", THREE_PARTS, Files.readAllBytes(segmented));
            assertArrayEquals(what + " put -c", THREE_PARTS,
                    Files.readAllBytes(bucketFolder(BUCKET).resolve(base.substring(1) + "/resumed.bin")));
        }
    }

    private static String quoted(Path path) {
        return "'" + path + "'";
    }

    // ncftp (no TLS)

    @Test
    public void ncftp() throws Exception {
        String[] login = {"-u", "demo", "-p", "demo", "-P", Integer.toString(ftpPort())};
        succeeds("ncftpput -R", ExternalClient.run(TIMEOUT, concat(new String[] {"ncftpput"}, login,
                new String[] {"-m", "-R", "127.0.0.1", "/ncftp", tree.toString()})));
        assertStored("ncftpput -R", tree, "/ncftp/tree");
        Path back = scratch();
        succeeds("ncftpget -R", ExternalClient.run(TIMEOUT, concat(new String[] {"ncftpget"}, login,
                new String[] {"-R", "127.0.0.1", back.toString(), "/ncftp/tree"})));
        assertSameFiles("ncftpget -R", tree, back.resolve("tree"));
    }

    private static String[] concat(String[]... parts) {
        return Stream.of(parts).flatMap(Stream::of).toArray(String[]::new);
    }

    // wget

    @Test
    public void wget() throws Exception {
        upload(tree, "/wget/tree");
        for (String scheme : List.of("ftp", "ftps")) {
            Path back = scratch();
            // -m keeps the .listing files it reads; --remove-listing takes them away again
            var command = new ArrayList<>(List.of("wget", "-m", "--remove-listing", "-nH", "-nv", "--cut-dirs=1",
                    "-P", back.toString()));
            if (scheme.equals("ftps")) {
                // explicit FTPS, resuming the control connection's TLS session on data connections
                command.addAll(List.of("--no-check-certificate", "--ftps-resume-ssl"));
            }
            command.add(scheme + "://demo:demo@127.0.0.1:" + ftpPort() + "/wget/tree/");
            succeeds("wget -m " + scheme, ExternalClient.run(TIMEOUT, command.toArray(new String[0])));
            assertSameFiles("wget -m " + scheme, tree, back.resolve("tree"));
        }
    }

    /** Uploads a tree with Commons Net, for clients that only download. */
    private static void upload(Path local, String remote) throws IOException {
        FTPClient ftp = FtpSupport.login("demo", "demo");
        try {
            for (Map.Entry<String, byte[]> file : files(local).entrySet()) {
                assertTrue(ftp.getReplyString(), FtpSupport.put(ftp, remote + "/" + file.getKey(), file.getValue()));
            }
        } finally {
            FtpSupport.quit(ftp);
        }
    }

    // curl

    @Test
    public void curl() throws Exception {
        for (String mode : List.of("plain", "explicit", "implicit")) {
            String url = (mode.equals("implicit") ? "ftps://demo:demo@127.0.0.1:" + implicitPort()
                    : "ftp://demo:demo@127.0.0.1:" + ftpPort()) + "/curl-" + mode + "/tree/";
            List<String> tls = mode.equals("plain") ? List.of() : List.of("-k", "--ssl-reqd");
            Path back = scratch();
            for (String name : files(tree).keySet()) {
                String encoded = url + encodePath(name);
                succeeds("curl " + mode + " upload " + name, curl(tls, "--ftp-create-dirs", "-T",
                        tree.resolve(name).toString(), encoded));
                Files.createDirectories(back.resolve(name).getParent());
                succeeds("curl " + mode + " download " + name, curl(tls, "-o", back.resolve(name).toString(), encoded));
            }
            assertStored("curl " + mode, tree, "/curl-" + mode + "/tree");
            assertSameFiles("curl " + mode, tree, back);
        }
    }

    private static ExternalClient.Result curl(List<String> tls, String... arguments) throws Exception {
        var command = new ArrayList<>(List.of("curl", "-sS", "--fail"));
        command.addAll(tls);
        command.addAll(List.of(arguments));
        return ExternalClient.run(TIMEOUT, command.toArray(new String[0]));
    }

    /** A relative path as a URL path: each segment percent-encoded, as curl wants it. */
    private static String encodePath(String name) {
        var encoded = new ArrayList<String>();
        for (String segment : name.split("/")) {
            encoded.add(java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return String.join("/", encoded);
    }

    // Python: ftputil and aioftp

    @Test
    public void ftputil() throws Exception {
        requirePythonModule("ftputil");
        for (String mode : List.of("plain", "explicit")) {
            Path back = scratch();
            String remote = "/ftputil-" + mode + "/tree";
            succeeds("ftputil " + mode, ExternalClient.run(TIMEOUT, PYTHON, script("ftputil_job.py"),
                    Integer.toString(ftpPort()), "demo", "demo", mode, tree.toString(), remote, back.toString()));
            assertSameFiles("ftputil " + mode, tree, back);
            assertFalse("ftputil rmtree", Files.exists(bucketFolder(BUCKET).resolve(remote.substring(1))));
        }
    }

    @Test
    public void aioftp() throws Exception {
        requirePythonModule("aioftp");
        for (String mode : List.of("plain", "implicit")) {
            Path back = scratch();
            String remote = "/aioftp-" + mode + "/deep/tree";
            int port = mode.equals("plain") ? ftpPort() : implicitPort();
            succeeds("aioftp " + mode, ExternalClient.run(TIMEOUT, PYTHON, script("aioftp_job.py"),
                    Integer.toString(port), "demo", "demo", mode, tree.toString(), remote, back.toString()));
            assertStored("aioftp " + mode, tree, remote);
            assertSameFiles("aioftp " + mode, tree, back);
        }
    }

    private static void requirePythonModule(String module) throws Exception {
        ExternalClient.require("Debian's python3-" + module,
                ExternalClient.run(TIMEOUT, PYTHON, "-c", "import " + module).exitCode() == 0);
    }

    private static String script(String name) {
        return Path.of(System.getProperty(CLIENTS), name).toString();
    }

    // Node: basic-ftp

    /**
     * basic-ftp over plain FTP, explicit FTPS capped at TLS 1.2 and at TLS 1.3, and implicit FTPS. Over TLS,
     * basic-ftp (6.2.3, and 6.2.6 alike) starts an upload before its data connection's handshake is done when it
     * resumes a TLS session; an empty file then ends the connection mid-handshake, and vsftpd 3.0.3 refuses it
     * as cos-ftp does. Its TLS trees leave the empty file out; the plain one has it.
     */
    @Test
    public void basicFtp() throws Exception {
        Path modules = Path.of(System.getProperty(NODE_MODULES));
        ExternalClient.require("the npm package basic-ftp (in " + modules + ")",
                Files.isDirectory(modules.resolve("basic-ftp")));
        Path withoutEmpty = copyOfTree(data -> data.length > 0);
        for (String mode : List.of("plain", "tls12", "tls13", "implicit")) {
            Path local = mode.equals("plain") ? tree : withoutEmpty;
            Path back = scratch();
            String remote = "/basic-ftp-" + mode + "/tree";
            int port = mode.equals("implicit") ? implicitPort() : ftpPort();
            succeeds("basic-ftp " + mode, ExternalClient.run(TIMEOUT, Map.of("NODE_PATH", modules.toString()),
                    "node", script("basic_ftp_job.js"), Integer.toString(port), "demo", "demo", mode,
                    local.toString(), remote, back.toString()));
            assertStored("basic-ftp " + mode, local, remote);
            assertSameFiles("basic-ftp " + mode, local, back);
        }
    }
}
