package org.cosftp.ftp.internal.command;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.cosftp.ftp.internal.fs.CosFtpFile;

/** The names STOU picks: free in the bucket, and never given to two uploads running at once. */
final class UniqueNames {
    /** The keys of the STOU uploads in progress. */
    private final Set<String> reserved = ConcurrentHashMap.newKeySet();

    /**
     * A name that no object, directory or other STOU upload has, reserved until {@link #release}: the name the
     * client suggested, else that name with {@code .1} to {@code .9}, else with a random suffix; without a
     * suggestion, {@code stou-<random>}. A suggested directory gets the name inside it. {@code null}, with the
     * reply sent, if the suggestion is not a name this user may have.
     */
    CosFtpFile reserve(FtpIoSession session, FtpRequest request) {
        String base = "stou";
        boolean suggested = false;
        if (request.hasArgument()) {
            CosFtpFile named = PathCommand.file(session, request, true);
            if (named == null) {
                return null;
            }
            if (named.isDirectory()) {
                base = named.getAbsolutePath() + "/stou";
            } else {
                base = named.getAbsolutePath();
                suggested = true;
            }
        }
        var random = ThreadLocalRandom.current();
        for (int attempt = 0; ; attempt++) {
            String candidate = suggested && attempt == 0 ? base
                    : suggested && attempt < 10 ? base + "." + attempt
                    : base + "-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            CosFtpFile file = PathCommand.file(session, candidate, true);
            if (file == null) {
                return null;
            }
            if (reserved.add(file.key())) {
                boolean free = false;
                try {
                    free = !file.doesExist();
                } finally {
                    if (!free) {
                        reserved.remove(file.key());
                    }
                }
                if (free) {
                    return file;
                }
            }
        }
    }

    /** The upload of {@code file} has ended: its name may be picked again if it was not stored. */
    void release(CosFtpFile file) {
        reserved.remove(file.key());
    }
}
