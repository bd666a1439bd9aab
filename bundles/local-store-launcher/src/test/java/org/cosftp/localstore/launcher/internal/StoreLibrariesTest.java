package org.cosftp.localstore.launcher.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The store's jars unpacked from the zip the feature delivers: once, again for a new zip, never outside lib/. */
public class StoreLibrariesTest {
    @Rule
    public final TemporaryFolder temporary = new TemporaryFolder();

    private Path folder() {
        return temporary.getRoot().toPath();
    }

    private void zip(Map<String, String> entries, long modifiedMillis) throws IOException {
        Path archive = folder().resolve(StoreLibraries.ARCHIVE);
        try (var zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        Files.setLastModifiedTime(archive, FileTime.fromMillis(modifiedMillis));
    }

    /** What the folder holds besides the zip: path and content of each file, the marker left out. */
    private Map<String, String> unpacked() throws IOException {
        var files = new TreeMap<String, String>();
        try (Stream<Path> paths = Files.walk(folder())) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                String name = folder().relativize(path).toString();
                if (!name.equals(StoreLibraries.ARCHIVE) && !name.equals("lib.unpacked-from")) {
                    files.put(name, Files.readString(path));
                }
            }
        }
        return files;
    }

    @Test
    public void theZipIsUnpackedIntoLibOnceAndAgainWhenANewOneCame() throws IOException {
        zip(Map.of("lib/", "", "lib/store.jar", "one", "lib/s3proxy.jar", "two"), 1_000_000);
        assertThat(StoreLibraries.in(folder()), is(Optional.of(folder().resolve("lib"))));
        assertThat(unpacked(), is(Map.of("lib/store.jar", "one", "lib/s3proxy.jar", "two")));

        Files.writeString(folder().resolve("lib/store.jar"), "kept");
        StoreLibraries.in(folder());
        assertThat("the same zip is not unpacked again", unpacked().get("lib/store.jar"), is("kept"));

        zip(Map.of("lib/store.jar", "newer"), 2_000_000);
        StoreLibraries.in(folder());
        assertThat("a new zip replaces the old jars, none left over", unpacked(), is(Map.of("lib/store.jar", "newer")));
    }

    @Test
    public void libWithoutAZipIsUsedAsItIsAndNeitherIsNone() throws IOException {
        assertThat(StoreLibraries.in(folder()), is(Optional.empty()));
        Files.createDirectories(folder().resolve("lib"));
        assertThat(StoreLibraries.in(folder()), is(Optional.of(folder().resolve("lib"))));
    }

    @Test
    public void anEntryOutsideLibIsRefusedAndNothingIsUnpacked() throws IOException {
        for (String hostile : List.of("../escaped.jar", "lib/../../escaped.jar", "elsewhere.jar")) {
            zip(Map.of("lib/store.jar", "one", hostile, "x"), 3_000_000);
            var refused = assertThrows(IOException.class, () -> StoreLibraries.in(folder()));
            assertThat(refused.getMessage(), containsString("outside lib/"));
            assertThat(hostile, unpacked(), is(Map.of()));
            assertThat(Files.exists(folder().getParent().resolve("escaped.jar")), is(false));
        }
    }
}
