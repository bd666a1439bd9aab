package org.cosftp.ftp.internal.fs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.cosftp.ftp.internal.FairWorkers;
import org.cosftp.storage.ListEntry;
import org.cosftp.storage.Listing;
import org.cosftp.storage.ObjectInfo;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.ObjectWriter;
import org.cosftp.storage.StorageException;
import org.junit.Test;

/** Renaming a directory while clients write into it, and when the storage fails part-way. */
public class DirectoryRenameTest {
    private final Versions storage = new Versions();
    private final FairWorkers workers = new FairWorkers("rename-test", 16);

    private void fill(int files) {
        storage.put("a/", "marker");
        storage.put("a/sub/", "marker");
        for (int i = 0; i < files; i++) {
            storage.put((i % 2 == 0 ? "a/f" : "a/sub/f") + String.format("%05d", i), "v1-" + i);
        }
    }

    @Test
    public void everyKeyMovesAcrossPagesAndNothingStaysBehind() throws Exception {
        fill(2_500);
        long kept = new DirectoryRename(storage, workers, "a/", "b/", "/a", "/b").run();
        assertThat(kept, is(0L));
        assertThat(storage.keysUnder("a/"), is(empty()));
        assertThat(storage.keysUnder("b/").size(), is(2_502));
        assertThat(storage.get("b/sub/f00001"), is("v1-1"));
    }

    @Test
    public void aFileReplacedAfterItsCopyStaysUnderTheOldNameWithItsNewBytes() throws Exception {
        fill(50);
        storage.beforeDelete = key -> {
            if (key.equals("a/f00010")) {
                storage.put(key, "v2-10");
            }
        };
        long kept = new DirectoryRename(storage, workers, "a/", "b/", "/a", "/b").run();
        assertThat(kept, is(1L));
        assertThat(storage.get("a/f00010"), is("v2-10"));
        assertThat(storage.get("b/f00010"), is("v1-10"));
        assertThat(storage.keysUnder("a/"), is(List.of("a/f00010")));
    }

    @Test
    public void aFileReplacedBeforeItsCopyIsLeftUnderTheOldName() throws Exception {
        fill(50);
        storage.beforeCopy = key -> {
            if (key.equals("a/sub/f00011")) {
                storage.put(key, "v2-11");
            }
        };
        storage.beforeDelete = key -> storage.put("a/0new-" + key.substring(2).replace('/', '-'), "new");
        long kept = new DirectoryRename(storage, workers, "a/", "b/", "/a", "/b").run();
        assertThat(storage.get("a/sub/f00011"), is("v2-11"));
        assertThat(storage.get("b/sub/f00011"), is((String) null));
        assertThat("files stored during the rename are all kept", storage.keysUnder("a/0new-").size(), is(49));
        assertThat(kept, is(1L));
    }

    @Test
    public void aCopyThatFailsPartWayLeavesEveryFileUnderOneNameAndSaysWhich() {
        fill(2_500);
        var before = new ArrayList<>(storage.keysUnder("a/"));
        storage.failCopiesAfter = 1_200;
        var failure = assertThrows(DirectoryRename.PartlyRenamedException.class,
                () -> new DirectoryRename(storage, workers, "a/", "b/", "/a", "/b").run());

        assertThat(failure.reply(), containsString("999 files were moved to /b; every other file is still in /a"));
        assertThat(failure.getMessage(), containsString("injected copy failure"));
        assertThat("the reply names no key", failure.reply(), not(containsString("injected")));
        assertEveryFileUnderOneName(before);
    }

    @Test
    public void aDeleteThatFailsPartWayLeavesEveryFileUnderOneName() {
        fill(300);
        var before = new ArrayList<>(storage.keysUnder("a/"));
        storage.failDeletesAfter = 100;
        var failure = assertThrows(DirectoryRename.PartlyRenamedException.class,
                () -> new DirectoryRename(storage, workers, "a/", "b/", "/a", "/b").run());
        assertThat(failure.reply(), containsString("files were moved to /b; every other file is still in /a"));
        assertEveryFileUnderOneName(before);
    }

    private void assertEveryFileUnderOneName(List<String> before) {
        for (String key : before) {
            String moved = "b/" + key.substring(2);
            String bytes = storage.get(key) != null ? storage.get(key) : storage.get(moved);
            assertThat(key + " is under the old or the new name", bytes, is(storage.original(key)));
        }
    }

    /** A storage in memory whose entity tags change with every write, with hooks and faults for the tests. */
    private static final class Versions implements ObjectStorage {
        private final ConcurrentSkipListMap<String, String> objects = new ConcurrentSkipListMap<>();
        private final Map<String, String> originals = new ConcurrentSkipListMap<>();
        private final AtomicInteger writes = new AtomicInteger();
        private final ConcurrentSkipListMap<String, String> etags = new ConcurrentSkipListMap<>();
        private final AtomicInteger copies = new AtomicInteger();
        private final AtomicInteger deletes = new AtomicInteger();
        volatile Consumer<String> beforeCopy = key -> { };
        volatile Consumer<String> beforeDelete = key -> { };
        volatile int failCopiesAfter = Integer.MAX_VALUE;
        volatile int failDeletesAfter = Integer.MAX_VALUE;

        synchronized void put(String key, String bytes) {
            objects.put(key, bytes);
            etags.put(key, "e" + writes.incrementAndGet());
            originals.putIfAbsent(key, bytes);
        }

        String get(String key) {
            return objects.get(key);
        }

        String original(String key) {
            return originals.get(key);
        }

        List<String> keysUnder(String prefix) {
            return objects.keySet().stream().filter(key -> key.startsWith(prefix)).toList();
        }

        @Override
        public String name() {
            return "versions";
        }

        @Override
        public synchronized Optional<ObjectInfo> stat(String key) {
            String bytes = objects.get(key);
            return bytes == null ? Optional.empty()
                    : Optional.of(new ObjectInfo(key, bytes.length(), Instant.EPOCH, etags.get(key), Map.of()));
        }

        @Override
        public Listing list(String prefix, boolean recursive) {
            // a snapshot a page long would do as well: keys added later may or may not be seen, as with COS
            return Listing.of(objects.tailMap(prefix).entrySet().stream().takeWhile(e -> e.getKey().startsWith(prefix))
                    .map(e -> ListEntry.object(e.getKey(), e.getValue().length(), Instant.EPOCH,
                            etags.get(e.getKey())))
                    .iterator());
        }

        @Override
        public boolean anyKeyStartsWith(String prefix) {
            return !keysUnder(prefix).isEmpty();
        }

        @Override
        public InputStream read(String key, long offset) {
            return new ByteArrayInputStream(objects.get(key).getBytes());
        }

        @Override
        public ObjectWriter write(String key, Map<String, String> metadata) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectWriter append(String key, long expectedSize) {
            throw new UnsupportedOperationException();
        }

        @Override
        public synchronized void copy(String sourceKey, String targetKey) {
            put(targetKey, objects.get(sourceKey));
        }

        @Override
        public boolean copyIfUnchanged(String sourceKey, String etag, String targetKey) throws StorageException {
            beforeCopy.accept(sourceKey);
            if (copies.incrementAndGet() > failCopiesAfter) {
                throw new StorageException("injected copy failure of '" + sourceKey + "'");
            }
            synchronized (this) {
                if (!etag.equals(etags.get(sourceKey))) {
                    return false;
                }
                objects.put(targetKey, objects.get(sourceKey));
                etags.put(targetKey, etag);
                return true;
            }
        }

        @Override
        public void setMetadata(String key, Map<String, String> metadata) {
            throw new UnsupportedOperationException();
        }

        @Override
        public synchronized void delete(String key) {
            objects.remove(key);
            etags.remove(key);
        }

        @Override
        public boolean deleteIfUnchanged(String key, String etag) throws StorageException {
            beforeDelete.accept(key);
            if (deletes.incrementAndGet() > failDeletesAfter) {
                throw new StorageException("injected delete failure of '" + key + "'");
            }
            synchronized (this) {
                if (!etag.equals(etags.get(key))) {
                    return false;
                }
                objects.remove(key);
                etags.remove(key);
                return true;
            }
        }

        @Override
        public void deleteAll(Collection<String> keys) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long maxObjectSize() {
            return Long.MAX_VALUE;
        }
    }
}
