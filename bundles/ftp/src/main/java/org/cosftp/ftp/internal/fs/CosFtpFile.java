package org.cosftp.ftp.internal.fs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import org.apache.ftpserver.ftplet.FtpFile;
import org.cosftp.config.Access;
import org.cosftp.storage.ListEntry;
import org.cosftp.storage.Listing;
import org.cosftp.storage.ObjectInfo;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A path of a session's view: an object, a directory (a {@code dir/} marker object, or any key under
 * {@code dir/}), or nothing yet. What the store says about it is fetched once, when first asked.
 *
 * <p>Its length is FtpServer's {@code FtpFile} interface, two dozen methods, each answered from what the store
 * said of the path; directory renames, listings and client times are classes of their own.
 */
public final class CosFtpFile implements FtpFile {
    private static final Logger LOG = LoggerFactory.getLogger(CosFtpFile.class);

    private final CosFileSystemView view;
    private final String path;
    private Optional<ObjectInfo> object;
    private Boolean directory;
    private Instant listedTime;
    /** The entry of the listing this file came from; {@code null} if it was not listed. */
    private ListEntry listed;

    CosFtpFile(CosFileSystemView view, String path) {
        this.view = view;
        this.path = path;
    }

    private CosFtpFile(CosFileSystemView view, String path, ListEntry entry) {
        this(view, path);
        if (entry.directory()) {
            directory = true;
            object = Optional.empty();
        } else {
            directory = false;
            object = Optional.of(new ObjectInfo(entry.key(), entry.size(), entry.lastModified(), entry.etag(),
                    Map.of()));
        }
        listedTime = entry.lastModified();
        listed = entry;
    }

    private ObjectStorage storage() {
        return view.storage();
    }

    private void known(ObjectInfo info) {
        object = Optional.of(info);
        directory = false;
    }

    /**
     * Takes the client time of this listed object from the {@link ClientTimeCache}, if the object is the one the
     * time was learned from (same entity tag and modification time): the listing said all but the metadata.
     *
     * @return whether it did; if not, {@link #lookUpClientTime()} asks the store
     */
    boolean clientTimeRemembered() {
        if (listed == null) {
            return false;
        }
        ClientTimeCache.Lookup known = clientTimes().lookup(view.service(), listed.key(), listed.etag(),
                listed.lastModified());
        if (known == null) {
            return false;
        }
        known(new ObjectInfo(listed.key(), listed.size(), listed.lastModified(), listed.etag(),
                ClientTime.metadata(known.clientTime())));
        return true;
    }

    /** Asks the store for this object's metadata, which holds a client time, and remembers it. */
    void lookUpClientTime() throws StorageException {
        Optional<ObjectInfo> info = storage().stat(key());
        info.ifPresent(this::known);
        info.ifPresent(found -> clientTimes().remember(view.service(), found));
    }

    private ClientTimeCache clientTimes() {
        return view.clientTimes();
    }

    public String key() {
        return VirtualPath.key(view.home(), path);
    }

    String prefix() {
        return VirtualPath.directoryPrefix(view.home(), path);
    }

    private Optional<ObjectInfo> object() {
        if (object == null) {
            object = path.equals("/") ? Optional.empty() : stat(key());
            // every stat of a file is worth remembering: the next listing then needs none
            object.ifPresentOrElse(info -> clientTimes().remember(view.service(), info),
                    () -> clientTimes().forget(view.service(), key()));
        }
        return object;
    }

    private Optional<ObjectInfo> stat(String key) {
        try {
            return storage().stat(key);
        } catch (StorageException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String getAbsolutePath() {
        return path;
    }

    @Override
    public String getName() {
        return VirtualPath.name(path);
    }

    @Override
    public boolean isHidden() {
        return false;
    }

    @Override
    public boolean isDirectory() {
        if (directory == null) {
            try {
                directory = path.equals("/") || (object().isEmpty() && storage().anyKeyStartsWith(prefix()));
            } catch (StorageException e) {
                throw new UncheckedIOException(e);
            }
        }
        return directory;
    }

    /**
     * Whether this path is a directory, asking the store as little as an upload needs: one listing of the keys
     * under it, and the object's own metadata only when there are such keys (a name that is both an object and a
     * prefix is a file).
     */
    public boolean isDirectoryByOneListing() {
        if (directory == null && object == null) {
            try {
                if (!path.equals("/") && !storage().anyKeyStartsWith(prefix())) {
                    directory = false;
                }
            } catch (StorageException e) {
                throw new UncheckedIOException(e);
            }
        }
        return isDirectory();
    }

    /**
     * Whether this path is a directory, found out on {@code executor} while the caller goes on: the requests of
     * {@link #isDirectoryByOneListing()}, made without changing this file, which the caller keeps using meanwhile.
     * An upload receives its bytes meanwhile and awaits the answer only before it commits.
     */
    public CompletableFuture<Boolean> isDirectoryMeanwhile(Executor executor) {
        if (path.equals("/")) {
            return CompletableFuture.completedFuture(true);
        }
        ObjectStorage storage = storage();
        String key = key();
        String prefix = prefix();
        return CompletableFuture.supplyAsync(() -> {
            try {
                // a name that is both an object and a prefix is a file
                return storage.anyKeyStartsWith(prefix) && storage.stat(key).isEmpty();
            } catch (StorageException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    @Override
    public boolean isFile() {
        return object().isPresent();
    }

    @Override
    public boolean doesExist() {
        return isFile() || isDirectory();
    }

    @Override
    public boolean isReadable() {
        Access access = view.access();
        return access != null && access.canRead();
    }

    @Override
    public boolean isWritable() {
        Access access = view.access();
        return access != null && access.canWrite() && !path.equals("/");
    }

    @Override
    public boolean isRemovable() {
        return isWritable() && view.mayDelete();
    }

    @Override
    public String getOwnerName() {
        return "cos";
    }

    @Override
    public String getGroupName() {
        return "cos";
    }

    @Override
    public int getLinkCount() {
        return isDirectory() ? 2 : 1;
    }

    @Override
    public long getLastModified() {
        Optional<ObjectInfo> info = isFile() ? object() : Optional.empty();
        if (info.isPresent()) {
            Instant clientTime = ClientTime.of(info.get().metadata());
            if (clientTime != null) {
                return clientTime.toEpochMilli();
            }
            if (info.get().lastModified() != null) {
                return info.get().lastModified().toEpochMilli();
            }
        }
        if (listedTime != null) {
            return listedTime.toEpochMilli();
        }
        Optional<ObjectInfo> marker = path.equals("/") ? Optional.empty() : stat(prefix());
        return marker.map(ObjectInfo::lastModified).orElse(Instant.now()).toEpochMilli();
    }

    @Override
    public boolean setLastModified(long time) {
        if (!isFile()) {
            return false;
        }
        try {
            setClientTime(time);
            return true;
        } catch (StorageException e) {
            LOG.warn("MFMT on '{}' failed: {}", key(), e.getMessage());
            return false;
        }
    }

    /** Keeps a client's modification time of this file (MFMT) as the object's metadata. */
    public void setClientTime(long time) throws StorageException {
        storage().setMetadata(key(), ClientTime.metadata(Instant.ofEpochMilli(time)));
        clientTimes().forget(view.service(), key());
        // the copy in place gave the object a new modification time: learn it, so that listings show the
        // client's time without a lookup of their own
        object = null;
        try {
            object();
        } catch (UncheckedIOException e) {
            LOG.debug("'{}' not looked up after MFMT: {}", key(), e.getCause().getMessage());
            object = null;
        }
    }

    @Override
    public long getSize() {
        return object().map(ObjectInfo::size).orElse(0L);
    }

    @Override
    public Object getPhysicalFile() {
        return key();
    }

    @Override
    public boolean mkdir() {
        try {
            makeDirectory();
            return true;
        } catch (StorageException e) {
            LOG.warn("MKD '{}' failed: {}", prefix(), e.getMessage());
            return false;
        }
    }

    /** Writes this directory's marker object. */
    public void makeDirectory() throws StorageException {
        writeMarker(prefix());
    }

    private void writeMarker(String markerKey) throws StorageException {
        try (var writer = storage().write(markerKey, Map.of())) {
            writer.commit();
        } catch (IOException e) {
            throw e instanceof StorageException se ? se : new StorageException(e.getMessage(), e);
        }
    }

    @Override
    public boolean delete() {
        try {
            if (isFile()) {
                deleteFile();
            } else if (isDirectory() && !hasChildren()) {
                deleteDirectory();
            } else {
                return false;
            }
            return true;
        } catch (StorageException | UncheckedIOException e) {
            LOG.warn("deleting '{}' failed: {}", path, e.getMessage());
            return false;
        }
    }

    /** Deletes this file's object; its directory stays. */
    public void deleteFile() throws StorageException {
        storage().delete(key());
        clientTimes().forget(view.service(), key());
        keepParentVisible();
    }

    /** Deletes this empty directory's marker; its parent stays. */
    public void deleteDirectory() throws StorageException {
        storage().delete(prefix());
        keepParentVisible();
    }

    /** Whether anything but the directory's own marker lies under it. */
    public boolean hasChildren() {
        try (Listing entries = storage().list(prefix(), true)) {
            while (entries.hasNext()) {
                if (!entries.next().key().equals(prefix())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A directory whose last entry goes away stays, as on a disk: it gets a marker object. */
    private void keepParentVisible() throws StorageException {
        String parent = VirtualPath.parent(path);
        if (parent.equals("/")) {
            return;
        }
        String parentPrefix = VirtualPath.directoryPrefix(view.home(), parent);
        if (!storage().anyKeyStartsWith(parentPrefix)) {
            writeMarker(parentPrefix);
        }
    }

    @Override
    public boolean move(FtpFile destination) {
        var target = (CosFtpFile) destination;
        if (!isFile() && (!isDirectory() || path.equals("/") || target.doesExist()
                || contains(target))) {
            return false;
        }
        try {
            renameTo(target);
            return true;
        } catch (StorageException | UncheckedIOException e) {
            LOG.warn("renaming '{}' to '{}' failed: {}", path, target.path, e.getMessage());
            return false;
        }
    }

    /**
     * Renames this file, or this directory with everything under it, to {@code target}; the caller has checked
     * that this exists and that a directory's target does not, and is not inside it. Only the version seen is
     * moved: what is stored under the old name meanwhile stays there.
     *
     * @return how many files were stored or replaced under the old name meanwhile, and stay there
     * @throws DirectoryRename.PartlyRenamedException if a directory rename stopped part-way
     */
    public long renameTo(CosFtpFile target) throws StorageException {
        long kept;
        if (isFile()) {
            String etag = object().orElseThrow().etag();
            if (etag == null) {
                storage().copy(key(), target.key());
            } else if (!storage().copyIfUnchanged(key(), etag, target.key())) {
                throw new StorageException("'" + key() + "' was replaced or removed while being renamed; nothing "
                        + "was renamed");
            }
            clientTimes().forget(view.service(), target.key());
            if (etag == null) {
                storage().delete(key());
                kept = 0;
            } else {
                kept = storage().deleteIfUnchanged(key(), etag) ? 0 : 1;
            }
            clientTimes().forget(view.service(), key());
        } else {
            try {
                kept = new DirectoryRename(storage(), view.renames(), prefix(), target.prefix(), path, target.path)
                        .run();
            } finally {
                clientTimes().forgetUnder(view.service(), prefix());
                clientTimes().forgetUnder(view.service(), target.prefix());
            }
        }
        keepParentVisible();
        return kept;
    }

    /** Whether {@code other} is this directory or lies under it. */
    public boolean contains(CosFtpFile other) {
        return other.prefix().startsWith(prefix());
    }

    @Override
    public List<? extends FtpFile> listFiles() {
        var files = new ArrayList<CosFtpFile>();
        try (FileListing children = children()) {
            children.forEachRemaining(files::add);
        }
        return files;
    }

    /**
     * The entries of this directory in key order, fetched from the store page by page as the iterator
     * advances. Entries that cannot be shown safely are left out. A caller that stops early closes it.
     */
    public FileListing children() {
        String prefix = prefix();
        String base = path.equals("/") ? "/" : path + "/";
        Listing entries = storage().list(prefix, false);
        return new FileListing() {
            private CosFtpFile next;

            @Override
            public boolean hasNext() {
                while (next == null && entries.hasNext()) {
                    ListEntry entry = entries.next();
                    if (entry.key().equals(prefix)) {
                        continue;
                    }
                    String name = entry.key().substring(prefix.length());
                    if (entry.directory()) {
                        name = name.substring(0, name.length() - 1);
                    }
                    if (VirtualPath.showable(name)) {
                        next = new CosFtpFile(view, base + name, entry);
                    }
                }
                return next != null;
            }

            @Override
            public CosFtpFile next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                CosFtpFile file = next;
                next = null;
                return file;
            }

            @Override
            public void close() {
                entries.close();
            }
        };
    }

    @Override
    public OutputStream createOutputStream(long offset) throws IOException {
        // the new object's tag and time are not known without a lookup, so what was known of the old one goes
        return new UploadStream(offset == 0 ? storage().write(key(), Map.of()) : storage().append(key(), offset),
                () -> clientTimes().forget(view.service(), key()));
    }

    @Override
    public InputStream createInputStream(long offset) throws IOException {
        return read(offset);
    }

    /**
     * The object's bytes from {@code offset}, unbuffered, for a reader that takes them in large blocks: one
     * request, which is also how a missing object is found out.
     */
    public InputStream read(long offset) throws StorageException {
        return storage().read(key(), offset);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CosFtpFile file && file.path.equals(path) && file.view == view;
    }
}
