package org.cosftp.storage.cos.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.COSObject;
import com.qcloud.cos.model.GetObjectRequest;
import org.cosftp.storage.OffsetMismatchException;
import org.cosftp.storage.StorageException;
import org.cosftp.storage.StoreRequestIdentified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes of one object from an offset on. When the connection breaks in the middle, reading goes on from
 * where it stopped with a ranged request that holds only while the object keeps its entity tag, so that a
 * resumed stream never mixes two versions of an object.
 */
final class ResumingInputStream extends InputStream implements StoreRequestIdentified {
    private static final Logger LOG = LoggerFactory.getLogger(ResumingInputStream.class);

    private final LeasedClient client;
    /** Taken for the stream by the storage, closed with it. */
    private final LeasedClient.Lease lease;
    private final String key;
    private final int maxResumes;
    private COSObject object;
    private InputStream in;
    private String etag;
    private long position;
    private int resumes;
    private boolean closed;
    private boolean ended;
    /** COS's id of the GET that sent the first bytes. */
    private volatile String requestId;

    ResumingInputStream(LeasedClient client, LeasedClient.Lease lease, String key, long offset)
            throws StorageException {
        this.client = client;
        this.lease = lease;
        this.key = key;
        this.position = offset;
        this.maxResumes = client.settings().maxErrorRetry();
        open();
    }

    private void open() throws StorageException {
        object = get(position, etag);
        if (object == null) {
            in = InputStream.nullInputStream();
            return;
        }
        if (etag == null) {
            etag = object.getObjectMetadata().getETag();
            requestId = object.getObjectMetadata().getRequestId();
        }
        in = object.getObjectContent();
    }

    /**
     * Opens the bytes from {@code offset}; with an {@code etag}, only if the object still has it. Returns
     * {@code null} if {@code offset} is the object's size: there is nothing left to read.
     */
    private COSObject get(long offset, String etag) throws StorageException {
        String bucket = client.settings().bucket();
        var request = new GetObjectRequest(bucket, key);
        if (offset > 0) {
            request.setRange(offset, -1);
        }
        if (etag != null) {
            request.setMatchingETagConstraints(new ArrayList<>(List.of(Etags.quoted(etag))));
        }
        COSObject got = client.call(CosApi.GET_OBJECT, "read", key, cos -> {
            try {
                return cos.getObject(request);
            } catch (CosServiceException e) {
                if (offset > 0 && e.getStatusCode() == 416) {
                    return null;
                }
                throw e;
            }
        });
        if (got != null) {
            return got;
        }
        // an object that is gone fails here as not found
        long size = client.head(key).getContentLength();
        if (offset == size) {
            return null;
        }
        throw new OffsetMismatchException("cannot read '" + key + "' from offset " + offset
                + ": the object has only " + size + " bytes");
    }

    @Override
    public String storeRequestId() {
        return requestId == null ? "" : requestId;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("stream of '" + key + "' is closed");
        }
        while (true) {
            try {
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                    position += n;
                } else if (n < 0) {
                    ended = true;
                }
                return n;
            } catch (SocketTimeoutException e) {
                // the store fell silent for the whole bound: asking it again would only wait as long once more
                throw client.errors().timedOut("read at byte " + position + " of", key);
            } catch (IOException e) {
                if (resumes++ >= maxResumes) {
                    throw new IOException(client.errors().clean("reading '" + key + "' on " + client.settings()
                            + " failed at byte " + position + " after " + maxResumes + " resumes: " + e), e);
                }
                LOG.debug("resuming '{}' at byte {} after {}", key, position, e.toString());
                closeCurrent();
                open();
            }
        }
    }

    private void closeCurrent() {
        try {
            if (object != null) {
                if (!ended) {
                    // draining the rest of a large object only to reuse its connection costs more than a new one
                    object.getObjectContent().abort();
                }
                object.close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing a broken stream of '{}': {}", key, e.toString());
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeCurrent();
            lease.close();
        }
    }
}
