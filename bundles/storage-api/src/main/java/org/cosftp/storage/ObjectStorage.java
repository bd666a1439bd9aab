package org.cosftp.storage;

import java.io.InputStream;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One bucket of objects, addressed by key, as the FTP service sees it.
 *
 * <p>Keys are full object keys (no leading slash). All methods are safe to call from many threads. Failures
 * are reported as {@link StorageException} or one of its subtypes, whose messages an operator can act on and
 * never contain a credential.
 */
@ProviderType
public interface ObjectStorage {

    /**
     * The name users and configuration refer to this storage by ({@code default} for
     * {@code org.cosftp.storage-default.cfg}).
     */
    String name();

    /**
     * Looks up one object.
     *
     * @return the object, or empty if no object has this exact key
     */
    Optional<ObjectInfo> stat(String key) throws StorageException;

    /**
     * Lists the objects whose keys start with {@code prefix}, in key order, fetching pages lazily as the
     * iterator advances: no listing is ever held in memory whole, and none is cut short.
     *
     * <p>Unless {@code recursive}, keys are grouped at the next {@code /} after the prefix into one
     * {@linkplain ListEntry#directory() directory entry} each. The iterator throws
     * {@link java.io.UncheckedIOException} wrapping a {@link StorageException} if a page cannot be fetched.
     * The listing keeps the configuration it started with to its end, even if the storage is reconfigured
     * meanwhile; a caller that stops before the end {@linkplain Listing#close() closes} it.
     */
    Listing list(String prefix, boolean recursive);

    /** Whether any object's key starts with {@code prefix}: one small request, whatever the number of keys. */
    boolean anyKeyStartsWith(String prefix) throws StorageException;

    /**
     * Opens an object for reading from {@code offset} to its end. A stream broken by the network is resumed
     * where it stopped, as long as the object did not change meanwhile.
     *
     * @throws ObjectNotFoundException if there is no such object
     * @throws OffsetMismatchException if {@code offset} lies past the object's end
     */
    InputStream read(String key, long offset) throws StorageException;

    /**
     * Starts writing an object. The bytes written become the object only when the writer is
     * {@linkplain ObjectWriter#commit() committed}; until then any object of that key is unchanged, and after
     * {@linkplain ObjectWriter#close() close} without a commit, {@linkplain ObjectWriter#abort() abort} or a
     * failure nothing of the new bytes remains.
     *
     * @param metadata user metadata stored with the object
     */
    ObjectWriter write(String key, Map<String, String> metadata) throws StorageException;

    /**
     * Starts appending to an object: once the writer is committed, the object holds its old bytes followed by
     * the new ones. A missing object is treated as empty.
     *
     * @param expectedSize the size the object must have now, the offset the new bytes go to
     * @throws OffsetMismatchException if the object's size is not {@code expectedSize}
     */
    ObjectWriter append(String key, long expectedSize) throws StorageException;

    /**
     * Copies an object inside the bucket, with its user metadata, without moving the bytes through this
     * process.
     *
     * @throws ObjectNotFoundException if there is no object at {@code sourceKey}
     */
    void copy(String sourceKey, String targetKey) throws StorageException;

    /**
     * Copies an object as {@link #copy} does, but only the version with entity tag {@code etag}: if the object
     * has changed (or is gone), nothing is written.
     *
     * @param etag the entity tag the object must still have, as {@link ObjectInfo#etag()} and
     *        {@link ListEntry#etag()} give it
     * @return whether the object was copied
     */
    boolean copyIfUnchanged(String sourceKey, String etag, String targetKey) throws StorageException;

    /**
     * Replaces the user metadata of an object, keeping its bytes.
     *
     * @throws ObjectNotFoundException if there is no such object
     */
    void setMetadata(String key, Map<String, String> metadata) throws StorageException;

    /** Deletes an object; deleting a missing object is not an error. */
    void delete(String key) throws StorageException;

    /**
     * Deletes an object only if it still has entity tag {@code etag}: a version written since is kept. An
     * object stored through this storage cannot become visible between the check and the delete; a writer
     * outside this process can, within the time of one request.
     *
     * @return whether the object was deleted; {@code false} if it has changed or is gone
     */
    boolean deleteIfUnchanged(String key, String etag) throws StorageException;

    /** Deletes many objects, in as few requests as the store allows; missing objects are not an error. */
    void deleteAll(Collection<String> keys) throws StorageException;

    /** The largest object {@link #write} and {@link #append} accept, in bytes. */
    long maxObjectSize();

    /**
     * Holds this storage in its present configuration for an operation of several requests, so that each of
     * them goes to the same client and settings: a reconfiguration meanwhile neither fails the operation nor
     * splits it between two buckets. A storage that is never reconfigured holds nothing, and gives itself.
     *
     * @throws StorageException if the storage is shutting down
     */
    default StorageHold hold() throws StorageException {
        ObjectStorage self = this;
        return new StorageHold() {
            @Override
            public ObjectStorage storage() {
                return self;
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }

    /**
     * Where this storage points and how it fares now. Storages that keep no account of their requests report
     * only their name, as their location.
     */
    default StorageStatus status() {
        return new StorageStatus("storage '" + name() + "'", Optional.empty(), Optional.empty(), 0, 0, 0);
    }

    /**
     * Asks the store whether the bucket is there and the storage's credentials open it: one request, which
     * {@link #status()} counts as any other. Storages with nothing to ask succeed at once.
     *
     * @throws StorageException if the store did not answer, or refused
     */
    default void check() throws StorageException {
        // nothing to ask
    }
}
