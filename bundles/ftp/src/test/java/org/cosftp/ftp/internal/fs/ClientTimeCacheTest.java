package org.cosftp.ftp.internal.fs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Map;

import org.cosftp.storage.ObjectInfo;
import org.cosftp.storage.ObjectStorage;
import org.junit.Test;

/** Client times remembered per object, used only while the object is unchanged, and bounded. */
public class ClientTimeCacheTest {
    private static final Instant WRITTEN = Instant.parse("2024-05-06T07:08:09Z");
    private static final Instant CLIENT_TIME = Instant.parse("2020-01-02T03:04:05Z");

    private final ObjectStorage storage = storage();
    private final ClientTimeCache cache = new ClientTimeCache(3);

    /** A storage that only has an identity: the cache must never call it. */
    private static ObjectStorage storage() {
        return (ObjectStorage) Proxy.newProxyInstance(ObjectStorage.class.getClassLoader(),
                new Class<?>[] {ObjectStorage.class}, (proxy, method, args) -> {
                    throw new AssertionError("the cache called " + method.getName());
                });
    }

    private static ObjectInfo object(String key, String etag, Instant lastModified, Map<String, String> metadata) {
        return new ObjectInfo(key, 1, lastModified, etag, metadata);
    }

    private static ObjectInfo timed(String key) {
        return object(key, "tag-" + key, WRITTEN, Map.of(ClientTime.MTIME, "20200102030405"));
    }

    @Test
    public void anUnchangedObjectGivesItsClientTime() {
        cache.remember(storage, timed("a"));
        ClientTimeCache.Lookup known = cache.lookup(storage, "a", "tag-a", WRITTEN);
        assertThat(known, is(notNullValue()));
        assertThat(known.clientTime(), is(CLIENT_TIME));
    }

    @Test
    public void anObjectWithoutAClientTimeIsKnownToHaveNone() {
        cache.remember(storage, object("plain", "tag", WRITTEN, Map.of()));
        ClientTimeCache.Lookup known = cache.lookup(storage, "plain", "tag", WRITTEN);
        assertThat(known, is(notNullValue()));
        assertThat(known.clientTime(), is(nullValue()));
    }

    @Test
    public void aNewTagOrTimeMakesTheEntryStaleAndItIsDropped() {
        cache.remember(storage, timed("a"));
        assertThat("rewritten elsewhere: other bytes", cache.lookup(storage, "a", "other-tag", WRITTEN),
                is(nullValue()));
        assertThat("a stale entry is dropped", cache.size(), is(0));

        cache.remember(storage, timed("a"));
        assertThat("metadata changed elsewhere: same bytes, later time",
                cache.lookup(storage, "a", "tag-a", WRITTEN.plusSeconds(1)), is(nullValue()));
        assertThat(cache.size(), is(0));
    }

    @Test
    public void aListingWithoutTagOrTimeNeverMatches() {
        cache.remember(storage, timed("a"));
        assertThat(cache.lookup(storage, "a", null, WRITTEN), is(nullValue()));
        assertThat(cache.lookup(storage, "a", "tag-a", null), is(nullValue()));
    }

    @Test
    public void whatIsNotIdentifiedIsNotRemembered() {
        cache.remember(storage, object("untagged", null, WRITTEN, Map.of()));
        cache.remember(storage, object("undated", "tag", null, Map.of()));
        assertThat(cache.size(), is(0));
    }

    @Test
    public void storagesAreToldApart() {
        cache.remember(storage, timed("a"));
        assertThat(cache.lookup(storage(), "a", "tag-a", WRITTEN), is(nullValue()));
        assertThat(cache.lookup(storage, "a", "tag-a", WRITTEN), is(notNullValue()));
    }

    @Test
    public void theLeastRecentlyUsedEntryGoesBeyondTheBound() {
        cache.remember(storage, timed("a"));
        cache.remember(storage, timed("b"));
        cache.remember(storage, timed("c"));
        assertThat(cache.lookup(storage, "a", "tag-a", WRITTEN), is(notNullValue()));
        cache.remember(storage, timed("d"));

        assertThat(cache.size(), is(3));
        assertThat("b was used least recently", cache.lookup(storage, "b", "tag-b", WRITTEN), is(nullValue()));
        assertThat(cache.lookup(storage, "a", "tag-a", WRITTEN), is(notNullValue()));
        assertThat(cache.lookup(storage, "c", "tag-c", WRITTEN), is(notNullValue()));
        assertThat(cache.lookup(storage, "d", "tag-d", WRITTEN), is(notNullValue()));
    }

    @Test
    public void forgottenObjectsAndDirectoriesAreGone() {
        cache.remember(storage, timed("dir/a"));
        cache.remember(storage, timed("dir/b"));
        cache.remember(storage, timed("other"));
        cache.forget(storage, "other");
        assertThat(cache.lookup(storage, "other", "tag-other", WRITTEN), is(nullValue()));
        cache.forgetUnder(storage(), "dir/");
        assertThat("another storage's directory", cache.size(), is(2));
        cache.forgetUnder(storage, "dir/");
        assertThat(cache.size(), is(0));
    }
}
