package org.cosftp.itests;

import static org.cosftp.itests.FtpSupport.get;
import static org.cosftp.itests.FtpSupport.login;
import static org.cosftp.itests.FtpSupport.put;
import static org.cosftp.itests.FtpSupport.quit;
import static org.cosftp.itests.FtpSupport.random;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.inject.Inject;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.cosftp.storage.ObjectInfo;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.ObjectWriter;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The FTP commands of the original tool and every row of the FTP-over-COS table, with a real client. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FtpIT extends CosFtpTestSupport {
    /** 2020-01-02 03:04:05 UTC, the time the tests set with MFMT. */
    private static final long CLIENT_TIME = 1577934245000L;

    @Inject
    @Filter("(service.pid=org.cosftp.storage~default)")
    private ObjectStorage storage;

    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] configuration() {
        return distribution(account("reader", "access", "r"), account("writer", "access", "w"),
                account("alice", "home", "/alice"), account("keeper", "delete", "false"),
                account("small", "storage", "small"), account("counter", "storage", "counted"),
                // a second storage, with the smallest largest-file limit
                localStorage("small", OTHER_BUCKET, "maxFileSizeGiB", "1"));
    }

    private static Path object(String key) {
        return bucketFolder(BUCKET).resolve(key);
    }

    /**
     * cos-ftp greets FTP clients on the configured port alone: FtpServer's own default listener (port 21 of every
     * address) is never bound.
     */
    @Test
    public void theGatewayListensOnlyOnItsConfiguredPort() throws Exception {
        assertFalse("nothing of this JVM listens on port 21: " + ListeningSockets.ports(),
                ListeningSockets.ports().contains(21));
        assertEquals(java.util.Set.of(ftpPort()), ListeningSockets.greetingAsFtp());
    }

    @Test
    public void theCommandsOfTheOriginalTool() throws Exception {
        FTPClient ftp = login("demo", "demo");
        try {
            assertTrue(ftp.makeDirectory("tool"));                                    // mkdir
            assertTrue(ftp.changeWorkingDirectory("tool"));                           // cd
            assertEquals("/tool", ftp.printWorkingDirectory());
            byte[] one = random(1_000_000, 1);
            assertTrue(put(ftp, "one.bin", one));                                     // put
            for (int i = 0; i < 3; i++) {                                             // mput
                assertTrue(put(ftp, "many-" + i + ".txt", ("file " + i).getBytes()));
            }
            assertArrayEquals(one, Files.readAllBytes(object("tool/one.bin")));
            assertEquals("many-2.txt", Files.readString(object("tool/many-2.txt")).isEmpty() ? "" : "many-2.txt");

            List<String> names = Arrays.stream(ftp.listFiles()).map(FTPFile::getName).toList();   // ls
            assertEquals(List.of("many-0.txt", "many-1.txt", "many-2.txt", "one.bin"), names);
            assertEquals("213 1000000", ftp.sendCommand("SIZE one.bin") == 213 ? ftp.getReplyString().trim() : "");
            assertArrayEquals(one, get(ftp, "one.bin"));                              // get
            assertTrue(ftp.rename("one.bin", "renamed.bin"));                         // rename
            assertFalse(Files.exists(object("tool/one.bin")));
            assertArrayEquals(one, Files.readAllBytes(object("tool/renamed.bin")));
            assertTrue(ftp.deleteFile("renamed.bin"));                                // delete
            assertFalse(Files.exists(object("tool/renamed.bin")));
            assertTrue(ftp.changeToParentDirectory());
            assertEquals("/", ftp.printWorkingDirectory());
        } finally {
            assertEquals(221, ftp.sendCommand("QUIT"));                               // bye, quit
            ftp.disconnect();
        }
    }

    @Test
    public void theLogHasALinePerTransferAndNotTheProtocol() throws Exception {
        FTPClient ftp = login("demo", "demo");
        try {
            assertTrue(put(ftp, "/logged.txt", "logged".getBytes()));
            assertArrayEquals("logged".getBytes(), get(ftp, "/logged.txt"));
        } finally {
            quit(ftp);
        }
        await("the transfers to be logged", Duration.ofSeconds(10),
                () -> log().contains("uploaded /logged.txt (6 bytes) for demo")
                        && log().contains("downloaded /logged.txt (6 bytes) for demo"));
        assertFalse("commands and replies are logged only at DEBUG",
                log().contains("RECEIVED: STOR /logged.txt") || log().contains("SENT: 226"));
    }

    @Test
    public void emptyFilesAndChineseNamesInNestedDirectories() throws Exception {
        FTPClient ftp = login("demo", "demo");
        try {
            assertTrue(ftp.makeDirectory("/中文"));
            assertTrue(ftp.makeDirectory("/中文/子目录"));
            assertTrue(put(ftp, "/中文/子目录/空 文件.txt", new byte[0]));
            byte[] data = "你好".getBytes("UTF-8");
            assertTrue(put(ftp, "/中文/子目录/文件+1.txt", data));
            assertEquals(0, Files.size(object("中文/子目录/空 文件.txt")));
            assertArrayEquals(data, get(ftp, "/中文/子目录/文件+1.txt"));
            assertArrayEquals(new byte[0], get(ftp, "/中文/子目录/空 文件.txt"));
            assertTrue(ftp.changeWorkingDirectory("/中文/子目录"));
            assertEquals(List.of("文件+1.txt", "空 文件.txt"), Arrays.asList(ftp.listNames()));
        } finally {
            quit(ftp);
        }
    }

    @Test
    public void appendAndResumedUploadsAndDownloads() throws Exception {
        FTPClient ftp = login("demo", "demo");
        try {
            byte[] first = random(300_000, 2);
            byte[] second = random(200_000, 3);
            assertTrue(put(ftp, "/resume.bin", first));
            assertTrue(ftp.appendFile("/resume.bin", new ByteArrayInputStream(second)));
            byte[] both = concat(first, second);
            assertArrayEquals(both, Files.readAllBytes(object("resume.bin")));

            // REST + STOR: resume at the current size
            byte[] third = random(100_000, 4);
            ftp.setRestartOffset(both.length);
            assertTrue(ftp.storeFile("/resume.bin", new ByteArrayInputStream(third)));
            byte[] all = concat(both, third);
            assertArrayEquals(all, Files.readAllBytes(object("resume.bin")));

            // REST + STOR at another offset is refused and changes nothing
            ftp.setRestartOffset(10);
            assertFalse(ftp.storeFile("/resume.bin", new ByteArrayInputStream(third)));
            assertEquals(554, ftp.getReplyCode());
            assertArrayEquals(all, Files.readAllBytes(object("resume.bin")));

            // REST + RETR
            ftp.setRestartOffset(500_000);
            assertArrayEquals(Arrays.copyOfRange(all, 500_000, all.length), get(ftp, "/resume.bin"));
            ftp.setRestartOffset(0);
        } finally {
            quit(ftp);
        }
    }

    @Test
    public void directoriesAreMarkersOrPrefixes() throws Exception {
        try (ObjectWriter writer = storage.write("implied/deep/file.txt", Map.of())) {
            writer.write(1);
            writer.commit();
        }
        FTPClient ftp = login("demo", "demo");
        try {
            assertTrue(ftp.changeWorkingDirectory("/implied/deep"));
            FTPFile[] root = ftp.listFiles("/implied");
            assertEquals(1, root.length);
            assertTrue(root[0].isDirectory());
            assertTrue("directory times are real", root[0].getTimestamp().get(java.util.Calendar.YEAR) > 2000);

            assertFalse("RMD refuses a directory that is not empty", ftp.removeDirectory("/implied/deep"));
            assertEquals(550, ftp.getReplyCode());
            assertTrue(ftp.deleteFile("/implied/deep/file.txt"));
            assertTrue("the directory stays after its last file", ftp.changeWorkingDirectory("/implied/deep"));
            assertTrue(Files.exists(object("implied/deep/")));
            assertTrue(ftp.changeWorkingDirectory("/"));
            assertTrue(ftp.removeDirectory("/implied/deep"));
            assertFalse(ftp.changeWorkingDirectory("/implied/deep"));
        } finally {
            quit(ftp);
        }
    }

    @Test
    public void aFileCannotTakeADirectorysName() throws Exception {
        try (ObjectWriter writer = storage.write("taken/implied/file.txt", Map.of())) {
            writer.write(1);
            writer.commit();
        }
        FTPClient ftp = login("demo", "demo");
        try {
            assertTrue(ftp.makeDirectory("/taken/marker"));
            assertFalse("an implied directory's name", put(ftp, "/taken/implied", new byte[] {2}));
            assertEquals(553, ftp.getReplyCode());
            assertTrue(ftp.getReplyString(), ftp.getReplyString().contains("Is a directory"));
            assertFalse("a marker directory's name", put(ftp, "/taken/marker", random(100_000, 21)));
            assertEquals(553, ftp.getReplyCode());
            // refused once its data is in (the check ran meanwhile): no multipart upload is left open for it
            assertFalse("a large file", put(ftp, "/taken/implied", random(20 * 1024 * 1024, 22)));
            assertEquals(553, ftp.getReplyCode());
            assertFalse(openMultipartUploads(BUCKET));

            // the store keeps keys as files: a directory's name is a folder there, and must not become a file
            assertFalse(Files.isRegularFile(object("taken/implied")));
            assertFalse(Files.isRegularFile(object("taken/marker")));
            assertArrayEquals(new byte[] {1}, Files.readAllBytes(object("taken/implied/file.txt")));
            FTPFile[] taken = ftp.listFiles("/taken");
            assertEquals(2, taken.length);
            assertTrue(taken[0].isDirectory() && taken[1].isDirectory());
            assertTrue("the session goes on", put(ftp, "/taken/implied/next.txt", new byte[] {3}));
        } finally {
            quit(ftp);
        }
    }

    @Test
    public void directoriesAreRenamedWithEverythingInThem() throws Exception {
        FTPClient ftp = login("demo", "demo");
        try {
            assertTrue(ftp.makeDirectory("/before"));
            assertTrue(ftp.makeDirectory("/before/sub"));
            for (int i = 0; i < 25; i++) {
                assertTrue(put(ftp, "/before/sub/f" + i, new byte[] {(byte) i}));
            }
            assertTrue(ftp.makeDirectory("/taken"));
            assertFalse("renaming onto an existing directory is refused", ftp.rename("/before", "/taken"));

            assertTrue(ftp.rename("/before", "/after"));
            assertEquals(25, ftp.listNames("/after/sub").length);
            assertFalse(ftp.changeWorkingDirectory("/before"));
            assertFalse("the old name is listed", Arrays.asList(ftp.listNames("/")).contains("before"));
            assertFalse("the store keeps a folder of the old name", Files.exists(object("before")));
            assertFalse(Files.exists(object("before/sub/f3")));
            assertArrayEquals(new byte[] {3}, Files.readAllBytes(object("after/sub/f3")));
        } finally {
            quit(ftp);
        }
    }

    @Test
    public void aDirectoryRenamedWhileAnotherClientStoresIntoItLosesNothing() throws Exception {
        var seeded = new java.util.LinkedHashMap<String, byte[]>();
        for (int i = 0; i < 300; i++) {
            seeded.put(String.format("f%03d.bin", i), random(100 + i, i));
        }
        seeded.put("overwritten.bin", "version 0".getBytes(StandardCharsets.UTF_8));
        seeded.entrySet().parallelStream().forEach(file -> {
            try (ObjectWriter writer = storage.write("busy/" + file.getKey(), Map.of())) {
                writer.write(file.getValue());
                writer.commit();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        var stored = new java.util.concurrent.ConcurrentHashMap<String, byte[]>();
        var lastVersion = new java.util.concurrent.atomic.AtomicReference<>(seeded.get("overwritten.bin"));
        var renaming = new java.util.concurrent.atomic.AtomicBoolean();
        var renamed = new java.util.concurrent.atomic.AtomicBoolean();
        var storedDuringTheRename = new java.util.concurrent.atomic.AtomicInteger();
        var writer = java.util.concurrent.CompletableFuture.runAsync(() -> {
            FTPClient second = null;
            try {
                second = login("demo", "demo");
                for (int i = 0; !renamed.get(); i++) {
                    boolean during = renaming.get();
                    if (i % 3 == 2) {
                        byte[] version = ("version " + i).getBytes(StandardCharsets.UTF_8);
                        if (put(second, "/busy/overwritten.bin", version)) {
                            lastVersion.set(version);
                        }
                    } else {
                        byte[] data = random(200 + i, 1000 + i);
                        if (put(second, "/busy/new-" + i + ".bin", data)) {
                            stored.put("new-" + i + ".bin", data);
                        }
                    }
                    if (during && renaming.get() && !renamed.get()) {
                        storedDuringTheRename.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                if (second != null) {
                    quit(second);
                }
            }
        });

        FTPClient ftp = login("demo", "demo");
        try {
            await("the second client storing", Duration.ofSeconds(30), () -> stored.size() >= 3);
            renaming.set(true);
            boolean done = ftp.rename("/busy", "/moved");
            renamed.set(true);
            assertTrue(ftp.getReplyString(), done);
            writer.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue("files were stored while the directory was renamed", storedDuringTheRename.get() > 0);

            seeded.remove("overwritten.bin");
            seeded.putAll(stored);
            for (var file : seeded.entrySet()) {
                assertArrayEquals(file.getKey() + " is under the old or the new name", file.getValue(),
                        oldOrNew(ftp, file.getKey()));
            }
            assertArrayEquals("the last version stored of the file overwritten is kept", lastVersion.get(),
                    oldOrNew(ftp, "overwritten.bin"));
            assertEquals("the first files are all under the new name", 300,
                    Arrays.stream(ftp.listNames("/moved")).filter(name -> name.matches("f\\d{3}\\.bin")).count());
        } finally {
            renamed.set(true);
            quit(ftp);
        }
    }

    /** A file of the busy directory, from its old name if it is there (the newer), else from its new name. */
    private static byte[] oldOrNew(FTPClient ftp, String name) throws IOException {
        return ftp.listNames("/busy/" + name) != null && ftp.listNames("/busy/" + name).length > 0
                ? get(ftp, "/busy/" + name) : get(ftp, "/moved/" + name);
    }

    @Test
    public void sizesAndTimes() throws Exception {
        FTPClient ftp = login("demo", "demo");
        try {
            assertTrue(put(ftp, "/timed.txt", new byte[1234]));
            assertEquals(213, ftp.sendCommand("SIZE /timed.txt"));
            assertEquals("213 1234", ftp.getReplyString().trim());
            assertTrue(ftp.setModificationTime("/timed.txt", "20200102030405"));
            assertTrue(ftp.getReplyString(), ftp.getModificationTime("/timed.txt").startsWith("20200102030405"));
            FTPFile listed = Arrays.stream(ftp.mlistDir("/")).filter(f -> f.getName().equals("timed.txt"))
                    .findFirst().orElseThrow();
            assertEquals("MLSD shows the client's time", 1577934245000L, listed.getTimestamp().getTimeInMillis());
            FTPFile long_ = Arrays.stream(ftp.listFiles("/")).filter(f -> f.getName().equals("timed.txt"))
                    .findFirst().orElseThrow();
            assertEquals("LIST shows the client's time", 2020, long_.getTimestamp().get(java.util.Calendar.YEAR));
            assertEquals(550, ftp.sendCommand("SIZE /no-such-file"));
        } finally {
            quit(ftp);
        }
    }

    @Test
    public void listingsLookUpAFileOnlyUntilTheGatewayKnowsIt() throws Exception {
        for (int i = 0; i < 20; i++) {
            write("remembered/f" + i, ("file " + i).getBytes(StandardCharsets.UTF_8));
        }
        var counted = new CountingStorage("counted", storage);
        var registration = registerCounted(counted);
        try {
            FTPClient ftp = login("counter", "counter-pw");
            try {
                assertEquals(20, ftp.mlistDir("/remembered").length);
                assertEquals("the first listing looks up each file written elsewhere", 20,
                        counted.takeLookupsUnder("remembered/").size());
                assertEquals(20, ftp.mlistDir("/remembered").length);
                assertEquals("a second MLSD looks up no file", List.of(), counted.takeLookupsUnder("remembered/"));
                assertEquals(20, ftp.listFiles("/remembered").length);
                assertEquals("nor does LIST", List.of(), counted.takeLookupsUnder("remembered/"));
            } finally {
                quit(ftp);
            }
        } finally {
            registration.unregister();
        }
    }

    @Test
    public void aDownloadIsOneRequestAndAFailedOneSaysWhy() throws Exception {
        byte[] data = random(700_000, 11);
        write("fetched/one.bin", data);
        write("fetched/folder/inside.txt", "x".getBytes(StandardCharsets.UTF_8));
        var counted = new CountingStorage("counted", storage);
        var registration = registerCounted(counted);
        try {
            FTPClient ftp = login("counter", "counter-pw");
            try {
                counted.takeLookupsUnder("");
                assertArrayEquals(data, get(ftp, "/fetched/one.bin"));
                assertEquals("RETR reads without a lookup first", List.of(), counted.takeLookupsUnder("fetched/"));

                assertFalse(ftp.retrieveFile("/fetched/missing.bin", OutputStream.nullOutputStream()));
                assertEquals(550, ftp.getReplyCode());
                assertTrue(ftp.getReplyString(), ftp.getReplyString().contains("no such file"));
                assertFalse(ftp.retrieveFile("/fetched/folder", OutputStream.nullOutputStream()));
                assertEquals(550, ftp.getReplyCode());
                assertTrue(ftp.getReplyString(), ftp.getReplyString().contains("not a plain file"));
                ftp.setRestartOffset(data.length + 1);
                assertFalse(ftp.retrieveFile("/fetched/one.bin", OutputStream.nullOutputStream()));
                assertEquals("a restart offset past the end", 554, ftp.getReplyCode());
                ftp.setRestartOffset(data.length);
                assertArrayEquals("a restart offset at the end", new byte[0], get(ftp, "/fetched/one.bin"));
                ftp.setRestartOffset(0);
                assertArrayEquals("the session goes on", data, get(ftp, "/fetched/one.bin"));
            } finally {
                quit(ftp);
            }
        } finally {
            registration.unregister();
        }
    }

    @Test
    public void anAbortedDownloadLeavesTheSessionUsable() throws Exception {
        byte[] small = random(5_000, 12);
        write("abort-read/small.bin", small);
        try (ObjectWriter writer = storage.write("abort-read/large.bin", Map.of())) {
            byte[] chunk = random(1024 * 1024, 13);
            for (int i = 0; i < 64; i++) {
                writer.write(chunk);
            }
            writer.commit();
        }
        FTPClient ftp = login("demo", "demo");
        try {
            FtpSupport.binary(ftp);
            var in = ftp.retrieveFileStream("/abort-read/large.bin");
            assertNotNull(ftp.getReplyString(), in);
            assertEquals(1024 * 1024, in.readNBytes(1024 * 1024).length);
            ftp.abort();
            assertEquals("the download is answered as aborted", 426, ftp.getReplyCode());
            assertEquals("then the ABOR", 226, ftp.getReply());
            in.close();
            assertArrayEquals(small, get(ftp, "/abort-read/small.bin"));
        } finally {
            quit(ftp);
        }
        await("the aborted download to be logged", Duration.ofSeconds(10),
                () -> log().contains("download of /abort-read/large.bin aborted: the data connection broke"));
    }

    @Test
    public void asciiDownloadsEndLinesWithCrLf() throws Exception {
        write("text/lines.txt", "one\ntwo\n".getBytes(StandardCharsets.UTF_8));
        var ftp = new FTPClient() {
            /** The bytes as they cross the data connection, with no conversion by the client. */
            byte[] raw(String path) throws IOException {
                try (var data = _openDataConnection_("RETR", path)) {
                    assertNotNull(getReplyString(), data);
                    return data.getInputStream().readAllBytes();
                } finally {
                    assertTrue(getReplyString(), completePendingCommand());
                }
            }
        };
        FtpSupport.login(ftp, "demo", "demo");
        try {
            assertTrue(ftp.setFileType(org.apache.commons.net.ftp.FTP.ASCII_FILE_TYPE));
            assertEquals("one\r\ntwo\r\n", new String(ftp.raw("/text/lines.txt"), StandardCharsets.UTF_8));
            FtpSupport.binary(ftp);
            assertEquals("one\ntwo\n", new String(ftp.raw("/text/lines.txt"), StandardCharsets.UTF_8));
        } finally {
            quit(ftp);
        }
    }

    /** Serves {@code counted} as the storage of the account {@code counter}, once that account can log in. */
    private ServiceRegistration<ObjectStorage> registerCounted(CountingStorage counted) throws Exception {
        var registration = bundleContext.registerService(ObjectStorage.class, counted, null);
        await("a login on the counted storage", Duration.ofSeconds(30),
                () -> FtpSupport.canLogIn("counter", "counter-pw"));
        return registration;
    }

    @Test
    public void clientTimesShowInListingsUntilAnotherClientRewritesTheFile() throws Exception {
        write("retimed/same.txt", "same bytes".getBytes(StandardCharsets.UTF_8));
        write("retimed/other.txt", "old bytes".getBytes(StandardCharsets.UTF_8));
        var counted = new CountingStorage("counted", storage);
        var registration = registerCounted(counted);
        try {
            FTPClient ftp = login("counter", "counter-pw");
            try {
                assertTrue(ftp.setModificationTime("/retimed/same.txt", "20200102030405"));
                assertTrue(ftp.setModificationTime("/retimed/other.txt", "20200102030405"));
                counted.takeLookupsUnder("");
                assertEquals(CLIENT_TIME, mlsdTime(ftp, "/retimed", "same.txt"));
                assertEquals(CLIENT_TIME, mlsdTime(ftp, "/retimed", "other.txt"));
                assertEquals("LIST shows the client's time", 2020, listYear(ftp, "/retimed", "same.txt"));
                assertEquals("the times were learned with MFMT", List.of(), counted.takeLookupsUnder("retimed/"));

                // another client writes the same bytes again: only the modification time tells the objects apart
                ObjectInfo timed = storage.stat("retimed/same.txt").orElseThrow();
                await("the clock to pass the second of the MFMT", Duration.ofSeconds(5),
                        () -> Instant.now().getEpochSecond() > timed.lastModified().getEpochSecond());
                write("retimed/same.txt", "same bytes".getBytes(StandardCharsets.UTF_8));
                ObjectInfo rewritten = storage.stat("retimed/same.txt").orElseThrow();
                assertEquals("same bytes, same tag", timed.etag(), rewritten.etag());
                // and other bytes to the other
                write("retimed/other.txt", "new bytes".getBytes(StandardCharsets.UTF_8));
                ObjectInfo replaced = storage.stat("retimed/other.txt").orElseThrow();

                assertEquals("the new object's time", rewritten.lastModified().toEpochMilli(),
                        mlsdTime(ftp, "/retimed", "same.txt"));
                assertEquals(replaced.lastModified().toEpochMilli(), mlsdTime(ftp, "/retimed", "other.txt"));
                assertEquals("both changed files were looked up again", 2,
                        counted.takeLookupsUnder("retimed/").size());
                assertNotEquals(2020, listYear(ftp, "/retimed", "same.txt"));
                assertEquals("and their new state remembered", List.of(), counted.takeLookupsUnder("retimed/"));
            } finally {
                quit(ftp);
            }
        } finally {
            registration.unregister();
        }
    }

    /** Writes an object as another client would: straight to the bucket, not through FTP. */
    private void write(String key, byte[] data) throws IOException {
        try (ObjectWriter writer = storage.write(key, Map.of())) {
            writer.write(data);
            writer.commit();
        }
    }

    private static long mlsdTime(FTPClient ftp, String directory, String name) throws IOException {
        return Arrays.stream(ftp.mlistDir(directory)).filter(f -> f.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in MLSD " + directory)).getTimestamp()
                .getTimeInMillis();
    }

    private static int listYear(FTPClient ftp, String directory, String name) throws IOException {
        return Arrays.stream(ftp.listFiles(directory)).filter(f -> f.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in LIST " + directory)).getTimestamp()
                .get(java.util.Calendar.YEAR);
    }

    @Test
    public void fiveThousandObjectsAreListedWhole() throws Exception {
        IntStream.range(0, 5_000).parallel().forEach(i -> {
            try (ObjectWriter writer = storage.write(String.format("big-dir/f%05d", i), Map.of())) {
                writer.write(i);
                writer.commit();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        var expected = IntStream.range(0, 5_000).mapToObj(i -> String.format("f%05d", i))
                .collect(Collectors.toCollection(TreeSet::new));
        FTPClient ftp = login("demo", "demo");
        try {
            assertEquals(expected, names(ftp.listFiles("/big-dir")));
            assertEquals(expected, new TreeSet<>(Arrays.asList(ftp.listNames("/big-dir"))));
            assertEquals(expected, names(ftp.mlistDir("/big-dir")));
            List<String> order = Arrays.stream(ftp.mlistDir("/big-dir")).map(FTPFile::getName).toList();
            assertEquals("sorted by name", List.copyOf(expected), order);
        } finally {
            quit(ftp);
        }
    }

    @Test
    public void listingsAreInNameOrderAndLeaveOutUnsafeNames() throws Exception {
        for (String key : List.of("sorted/b.txt", "sorted/a/x", "sorted/c/y", "sorted/aa.txt",
                "sorted/forged\r\n-rw-r--r-- 1 cos cos 1 Jan 1 00:00 evil", "sorted/line\nbreak")) {
            try (ObjectWriter writer = storage.write(key, Map.of())) {
                writer.write(1);
                writer.commit();
            }
        }
        FTPClient ftp = login("demo", "demo");
        try {
            assertEquals(List.of("a", "aa.txt", "b.txt", "c"),
                    Arrays.stream(ftp.listFiles("/sorted")).map(FTPFile::getName).toList());
            assertEquals(List.of("a", "aa.txt", "b.txt", "c"), Arrays.asList(ftp.listNames("/sorted")));
            assertEquals(List.of("a", "aa.txt", "b.txt", "c"),
                    Arrays.stream(ftp.mlistDir("/sorted")).map(FTPFile::getName).toList());
        } finally {
            quit(ftp);
        }
    }

    private static TreeSet<String> names(FTPFile[] files) {
        return Arrays.stream(files).map(FTPFile::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    public void aReadOnlyUserCannotChangeAnything() throws Exception {
        try (ObjectWriter writer = storage.write("shared/readme.txt", Map.of())) {
            writer.write("read me".getBytes());
            writer.commit();
        }
        FTPClient ftp = login("reader", "reader-pw");
        try {
            assertArrayEquals("read me".getBytes(), get(ftp, "/shared/readme.txt"));
            assertEquals(1, ftp.listFiles("/shared").length);
            assertFalse(put(ftp, "/shared/new.txt", new byte[] {1}));
            assertEquals(550, ftp.getReplyCode());
            assertFalse(ftp.deleteFile("/shared/readme.txt"));
            assertFalse(ftp.makeDirectory("/shared/dir"));
            assertEquals(550, ftp.sendCommand("RNFR /shared/readme.txt"));
            assertFalse(Files.exists(object("shared/new.txt")));
            assertTrue(Files.exists(object("shared/readme.txt")));
        } finally {
            quit(ftp);
        }
    }

    @Test
    public void anUploadOnlyUserCanUploadButNotDownloadOrList() throws Exception {
        FTPClient ftp = login("writer", "writer-pw");
        try {
            assertTrue(put(ftp, "/dropbox.bin", new byte[] {7, 7}));
            assertTrue(Files.exists(object("dropbox.bin")));
            FtpSupport.binary(ftp);
            assertFalse(ftp.retrieveFile("/dropbox.bin", OutputStream.nullOutputStream()));
            assertEquals(550, ftp.getReplyCode());
            assertEquals(550, ftp.sendCommand("LIST /"));
            assertEquals(550, ftp.sendCommand("NLST /"));
            assertEquals(550, ftp.sendCommand("MLSD /"));
        } finally {
            quit(ftp);
        }
    }

    @Test
    public void anAccountWithoutDeleteCannotOverwrite() throws Exception {
        FTPClient ftp = login("keeper", "keeper-pw");
        try {
            assertTrue(put(ftp, "/kept.txt", new byte[] {1}));
            assertFalse(put(ftp, "/kept.txt", new byte[] {2}));
            assertFalse(ftp.deleteFile("/kept.txt"));
            assertArrayEquals(new byte[] {1}, Files.readAllBytes(object("kept.txt")));
        } finally {
            quit(ftp);
        }
    }

    @Test
    public void aHomeIsAJailThatCannotBeLeft() throws Exception {
        try (ObjectWriter writer = storage.write("canary.txt", Map.of())) {
            writer.write("secret".getBytes());
            writer.commit();
        }
        FTPClient ftp = login("alice", "alice-pw");
        try {
            assertTrue(put(ftp, "/mine.txt", new byte[] {1}));
            assertTrue(Files.exists(object("alice/mine.txt")));
            assertEquals(List.of("mine.txt"), Arrays.asList(ftp.listNames("/")));
            for (String escape : List.of("../canary.txt", "/../canary.txt", "..\\canary.txt", "/a/../../canary.txt",
                    "//canary.txt", "./../../canary.txt")) {
                FtpSupport.binary(ftp);
                assertFalse(escape, ftp.retrieveFile(escape, OutputStream.nullOutputStream()));
            }
            assertTrue(ftp.changeWorkingDirectory("../../.."));
            assertEquals("/", ftp.printWorkingDirectory());
            assertEquals(List.of("mine.txt"), Arrays.asList(ftp.listNames()));
            assertTrue(put(ftp, "../../escaped.txt", new byte[] {2}));
            assertTrue("a climbing path lands inside the home", Files.exists(object("alice/escaped.txt")));
            assertFalse(Files.exists(object("escaped.txt")));
        } finally {
            quit(ftp);
        }
    }

    @Test
    public void aDroppedDataConnectionStoresNothingAndKeepsTheOldObject() throws Exception {
        byte[] old = random(10_000, 5);
        var ftp = new FtpSupport.CrashingClient();
        FtpSupport.login(ftp, "demo", "demo");
        assertTrue(put(ftp, "/dropped.bin", old));
        FtpSupport.binary(ftp);
        OutputStream out = ftp.storeFileStream("/dropped.bin");
        assertNotNull(ftp.getReplyString(), out);
        byte[] chunk = random(1024 * 1024, 6);
        for (int i = 0; i < 20; i++) {           // 20 of 50 MiB, then the client crashes
            out.write(chunk);
        }
        out.flush();
        ftp.crash();
        await("the upload to be discarded", java.time.Duration.ofSeconds(30),
                () -> !openMultipartUploads(BUCKET) && log().contains("upload of /dropped.bin discarded"));
        assertArrayEquals(old, Files.readAllBytes(object("dropped.bin")));
    }

    @Test
    public void anAbortedUploadStoresNothing() throws Exception {
        FTPClient ftp = login("demo", "demo");
        try {
            FtpSupport.binary(ftp);
            OutputStream out = ftp.storeFileStream("/aborted.bin");
            byte[] chunk = random(1024 * 1024, 7);
            for (int i = 0; i < 12; i++) {
                out.write(chunk);
            }
            out.flush();
            ftp.abort();
            assertEquals("the upload is answered as aborted", 426, ftp.getReplyCode());
        } finally {
            quit(ftp);
        }
        await("the upload to be discarded", java.time.Duration.ofSeconds(30),
                () -> !openMultipartUploads(BUCKET) && log().contains("upload of /aborted.bin discarded"));
        assertFalse(Files.exists(object("aborted.bin")));
    }

    @Test
    public void activeModeWorks() throws Exception {
        FTPClient ftp = login("demo", "demo");
        try {
            ftp.enterLocalActiveMode();
            ftp.setActivePortRange(0, 0);
            byte[] data = random(100_000, 8);
            assertTrue(ftp.getReplyString(), put(ftp, "/active.bin", data));
            assertArrayEquals(data, get(ftp, "/active.bin"));
            assertTrue(ftp.listNames("/").length > 0);
        } finally {
            quit(ftp);
        }
    }

    @Test
    public void keysLongerThanCosAllowsAreRefused() throws Exception {
        FTPClient ftp = login("demo", "demo");
        try {
            String name = "/" + "长".repeat(300) + ".txt";   // 900 bytes of UTF-8
            assertFalse(put(ftp, name, new byte[] {1}));
            assertEquals(553, ftp.getReplyCode());
            assertEquals(553, ftp.sendCommand("MKD " + name));
            assertTrue(put(ftp, "/short.txt", new byte[] {1}));
            assertEquals(350, ftp.sendCommand("RNFR /short.txt"));
            assertEquals(553, ftp.sendCommand("RNTO " + name));
        } finally {
            quit(ftp);
        }
    }

    @Test
    public void anUploadBeyondTheLargestFileIsRefusedAndDiscarded() throws Exception {
        FTPClient ftp = login("small", "small-pw");
        try {
            FtpSupport.binary(ftp);
            long size = (1L << 30) + (1 << 20);
            var zeros = new java.io.InputStream() {
                private long left = size;

                @Override
                public int read() {
                    return left-- > 0 ? 0 : -1;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = (int) Math.min(length, left);
                    java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
                    left -= n;
                    return n;
                }
            };
            assertFalse(ftp.storeFile("/huge.bin", zeros));
            assertEquals(552, ftp.getReplyCode());
        } catch (IOException brokenByTheServer) {
            // the server may close the data connection while the client still sends; the reply is checked below
        } finally {
            ftp.disconnect();
        }
        await("no trace of the upload", java.time.Duration.ofSeconds(30),
                () -> !openMultipartUploads(OTHER_BUCKET) && !Files.exists(bucketFolder(OTHER_BUCKET).resolve("huge.bin")));
        assertTrue(log().contains("upload of /huge.bin discarded: larger than the largest file accepted"));
    }

    @Test
    public void anonymousAndWrongPasswordsAreRefused() throws Exception {
        FTPClient anonymous = FtpSupport.connect();
        try {
            assertFalse(anonymous.login("anonymous", "guest@example.com"));
            assertEquals(530, anonymous.getReplyCode());
        } finally {
            anonymous.disconnect();
        }
        FTPClient ftp = FtpSupport.connect();
        try {
            assertFalse(ftp.login("demo", "wrong"));
            assertEquals(530, ftp.getReplyCode());
            assertTrue(ftp.login("demo", "demo"));
        } finally {
            quit(ftp);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
