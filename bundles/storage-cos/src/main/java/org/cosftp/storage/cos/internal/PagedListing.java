package org.cosftp.storage.cos.internal;

import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

import com.qcloud.cos.model.ListObjectsRequest;
import com.qcloud.cos.model.ObjectListing;
import org.cosftp.storage.ListEntry;
import org.cosftp.storage.Listing;
import org.cosftp.storage.StorageException;

/**
 * Pages through a listing, fetching the next page while the caller goes through the current one: a large
 * directory lists at the pace of the store, not of the store and the client's data connection one after the
 * other. At most two pages are held. It holds a lease from its start until its last page has been read, a page
 * fails or it is closed, so that it finishes on the client it started on.
 */
final class PagedListing implements Listing {
    private static final int PAGE_SIZE = 1000;

    private final LeasedClient client;
    /** Taken for the listing by the storage, closed here once the client is no longer needed. */
    private final LeasedClient.Lease lease;
    private final String prefix;
    private final String delimiter;
    private final Deque<ListEntry> page = new ArrayDeque<>();
    /** Where the next page starts; null before the first page. */
    private String marker;
    private boolean more = true;
    /** The next page, being fetched; null if none is (no more pages, or the storage stopped taking work). */
    private CompletableFuture<Page> ahead;

    PagedListing(LeasedClient client, LeasedClient.Lease lease, String prefix, String delimiter) {
        this.client = client;
        this.lease = lease;
        this.prefix = prefix;
        this.delimiter = delimiter;
    }

    @Override
    public boolean hasNext() {
        try {
            while (page.isEmpty() && more) {
                Page fetched = ahead != null ? join(ahead) : fetch(marker);
                page.addAll(fetched.entries());
                marker = fetched.nextMarker();
                more = marker != null;
                ahead = more ? fetchAhead(marker) : null;
            }
        } catch (RuntimeException e) {
            more = false;
            close();
            throw e;
        }
        if (!more) {
            // the last page is in memory: the client is no longer needed for the rest
            letGo();
        }
        return !page.isEmpty();
    }

    @Override
    public void close() {
        more = false;
        page.clear();
        if (ahead != null) {
            ahead.cancel(false);
            ahead = null;
        }
        letGo();
    }

    private void letGo() {
        lease.close();
    }

    private CompletableFuture<Page> fetchAhead(String from) {
        try {
            return CompletableFuture.supplyAsync(() -> fetch(from), client::execute);
        } catch (RejectedExecutionException reconfigured) {
            return null; // fetched when needed, which tells the caller why it cannot be
        }
    }

    @Override
    public ListEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.removeFirst();
    }

    private Page join(CompletableFuture<Page> fetching) {
        try {
            return fetching.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private Page fetch(String marker) {
        var request = new ListObjectsRequest(client.settings().bucket(), prefix, marker, delimiter, PAGE_SIZE);
        ObjectListing listing;
        try {
            listing = client.call(CosApi.LIST_OBJECTS, "list", prefix, cos -> cos.listObjects(request));
        } catch (StorageException e) {
            throw new UncheckedIOException(e);
        }
        var entries = new ArrayList<ListEntry>(listing.getObjectSummaries().size()
                + listing.getCommonPrefixes().size());
        listing.getObjectSummaries().forEach(summary -> entries.add(ListEntry.object(summary.getKey(),
                summary.getSize(),
                summary.getLastModified() == null ? null : summary.getLastModified().toInstant(),
                Etags.unquoted(summary.getETag()))));
        listing.getCommonPrefixes().forEach(directory -> entries.add(ListEntry.directory(directory)));
        entries.sort((a, b) -> compareCodePoints(a.key(), b.key()));
        if (!listing.isTruncated()) {
            return new Page(entries, null);
        }
        String next = listing.getNextMarker() != null ? listing.getNextMarker()
                : entries.isEmpty() ? null : entries.get(entries.size() - 1).key();
        if (next == null) {
            throw new UncheckedIOException(new StorageException(
                    "COS returned a truncated listing of '" + prefix + "' without a next marker"));
        }
        return new Page(entries, next);
    }

    /** One page of a listing, and where the next one starts (null after the last). */
    private record Page(List<ListEntry> entries, String nextMarker) {
    }

    /** Orders keys as COS does: by Unicode code point, which is the order of their UTF-8 bytes. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** A listing that fails as a page that cannot be fetched does. */
    static Listing failed(StorageException e) {
        return Listing.of(new Iterator<>() {
            @Override
            public boolean hasNext() {
                throw new UncheckedIOException(e);
            }

            @Override
            public ListEntry next() {
                throw new UncheckedIOException(e);
            }
        });
    }
}
