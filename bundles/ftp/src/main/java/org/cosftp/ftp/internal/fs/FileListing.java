package org.cosftp.ftp.internal.fs;

import java.util.Iterator;
import java.util.List;

/**
 * The files of a listing, fetched as the iterator advances; closed by a caller that stops before the end (a
 * client gone mid-listing), so that what the storage holds for the listing is given back.
 */
public interface FileListing extends Iterator<CosFtpFile>, AutoCloseable {

    @Override
    void close();

    /** A listing of files already known, which holds nothing. */
    static FileListing of(List<CosFtpFile> files) {
        Iterator<CosFtpFile> it = files.iterator();
        return new FileListing() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public CosFtpFile next() {
                return it.next();
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
