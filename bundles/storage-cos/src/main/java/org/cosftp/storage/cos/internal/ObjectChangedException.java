package org.cosftp.storage.cos.internal;

import org.cosftp.storage.StorageException;

/** An object was replaced while it was being copied, and the copy was refused by its entity tag condition. */
final class ObjectChangedException extends StorageException {
    private static final long serialVersionUID = 1L;

    ObjectChangedException(String message) {
        super(message);
    }
}
