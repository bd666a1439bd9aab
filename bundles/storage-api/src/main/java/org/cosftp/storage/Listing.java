package org.cosftp.storage;

import java.util.Iterator;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The entries of a listing, fetched as the iterator advances. Whatever a listing holds in the store's client
 * is given back when the last entry has been read, when a page fails, or on {@link #close()}, whichever comes
 * first: a caller that stops early (a client gone mid-listing) closes it.
 */
@ProviderType
public interface Listing extends Iterator<ListEntry>, AutoCloseable {

    /** Stops the listing; further entries are not fetched. Closing twice does nothing. */
    @Override
    void close();

    /** A listing of entries that hold nothing, such as an iterator over a list in memory. */
    static Listing of(Iterator<ListEntry> entries) {
        return new Listing() {
            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public ListEntry next() {
                return entries.next();
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
