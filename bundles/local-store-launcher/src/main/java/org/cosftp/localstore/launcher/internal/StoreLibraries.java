package org.cosftp.localstore.launcher.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The local store's libraries, {@code lib/*.jar} of a folder. Feature {@code cos-ftp-local-store} delivers them
 * as one zip beside it, from Maven, on any Karaf: they are unpacked at the first start, and again when the
 * feature brings a different zip. The unpacking goes to a folder of its own that is moved into place whole, so
 * that {@code lib} is never seen half-written.
 */
final class StoreLibraries {
    static final String ARCHIVE = "cos-ftp-local-store-dist.zip";
    /** Which zip {@code lib} was unpacked from: its size and time, so that a new one is told apart. */
    private static final String UNPACKED_FROM = "lib.unpacked-from";

    private StoreLibraries() {
    }

    /**
     * The folder of the store's jars under {@code folder}, unpacked first from the zip there if need be; empty
     * if there is neither.
     *
     * @throws IOException if the zip cannot be unpacked, or holds anything but {@code lib/} files
     */
    static Optional<Path> in(Path folder) throws IOException {
        Path lib = folder.resolve("lib");
        Path archive = folder.resolve(ARCHIVE);
        if (!Files.isRegularFile(archive)) {
            return Files.isDirectory(lib) ? Optional.of(lib) : Optional.empty();
        }
        String identity = Files.size(archive) + " bytes, modified " + Files.getLastModifiedTime(archive).toMillis();
        Path marker = folder.resolve(UNPACKED_FROM);
        if (Files.isDirectory(lib) && Files.isRegularFile(marker) && Files.readString(marker).equals(identity)) {
            return Optional.of(lib);
        }
        Path staging = Files.createTempDirectory(folder, ".lib-");
        try {
            unzip(archive, staging);
            if (Files.isDirectory(lib)) {
                Path old = Files.createTempDirectory(folder, ".lib-old-");
                Files.move(lib, old.resolve("lib"), StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            }
            Files.move(staging.resolve("lib"), lib, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(marker, identity);
        } finally {
            deleteTree(staging);
        }
        return Optional.of(lib);
    }

    private static void unzip(Path archive, Path into) throws IOException {
        try (var zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null;) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into.resolve("lib"))) {
                    throw new IOException(archive + " holds '" + entry.getName() + "', outside lib/");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
        if (!Files.isDirectory(into.resolve("lib"))) {
            throw new IOException(archive + " holds no lib/");
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
