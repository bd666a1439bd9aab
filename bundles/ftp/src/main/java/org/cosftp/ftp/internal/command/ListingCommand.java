package org.cosftp.ftp.internal.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.ftpserver.command.impl.listing.FileFormater;
import org.apache.ftpserver.command.impl.listing.LISTFileFormater;
import org.apache.ftpserver.command.impl.listing.ListArgument;
import org.apache.ftpserver.command.impl.listing.ListArgumentParser;
import org.apache.ftpserver.command.impl.listing.MLSTFileFormater;
import org.apache.ftpserver.command.impl.listing.NLSTFileFormater;
import org.apache.ftpserver.command.impl.listing.RegexFileFilter;
import org.apache.ftpserver.ftplet.DataConnection;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.cosftp.ftp.internal.FairWorkers;
import org.cosftp.ftp.internal.FtpServerInternals;
import org.cosftp.ftp.internal.StorageFailureReply;
import org.cosftp.ftp.internal.fs.CosFtpFile;
import org.cosftp.ftp.internal.fs.FileListing;
import org.cosftp.ftp.internal.fs.ListingWithClientTimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LIST, NLST and MLSD, streamed: entries go to the client as the store's pages arrive, in key order, so a
 * directory of any size costs one page of memory. (FtpServer's own commands build the whole reply first.)
 * LIST and MLSD show the time a client set with MFMT, which costs a metadata lookup per file unless the
 * gateway already knows the unchanged object (see {@link ListingWithClientTimes}).
 */
final class ListingCommand extends DataCommand {
    private static final Logger LOG = LoggerFactory.getLogger(ListingCommand.class);

    private enum Kind { LIST, NLST, MLSD }

    private final Kind kind;
    private final FairWorkers lookups;

    private ListingCommand(Kind kind, FairWorkers lookups) {
        this.kind = kind;
        this.lookups = lookups;
    }

    /** LIST; file times are looked up on {@code lookups}. */
    static ListingCommand list(FairWorkers lookups) {
        return new ListingCommand(Kind.LIST, lookups);
    }

    static ListingCommand nameList() {
        return new ListingCommand(Kind.NLST, null);
    }

    /** MLSD; file times are looked up on {@code lookups}. */
    static ListingCommand machineList(FairWorkers lookups) {
        return new ListingCommand(Kind.MLSD, lookups);
    }

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request)
            throws IOException, FtpException {
        try {
            session.resetState();
            ListArgument argument = kind == Kind.MLSD ? new ListArgument(request.getArgument(), null, new char[0])
                    : ListArgumentParser.parse(request.getArgument());
            CosFtpFile target = file(session, argument.getFile(), false);
            if (target == null) {
                return;
            }
            if (!target.doesExist()) {
                noSuchFile(session, target.getAbsolutePath());
                return;
            }
            if (kind == Kind.MLSD && !target.isDirectory()) {
                notADirectory(session, target.getAbsolutePath());
                return;
            }
            if (refusedWithoutDataConnection(session)) {
                return;
            }
            reply(session, FtpReply.REPLY_150_FILE_STATUS_OKAY, "Here comes the directory listing.");
            DataConnection data = openDataConnection(session);
            if (data == null) {
                return;
            }
            FileListing entries = target.isFile() ? FileListing.of(List.of(target))
                    : lookups == null ? target.children()
                    : new ListingWithClientTimes(target.children(), lookups.lane(ListingWithClientTimes.WINDOW));
            var lines = new Lines(entries, formatter(session, argument),
                    argument.getPattern() == null ? null : new RegexFileFilter(argument.getPattern()));
            try (lines) {
                data.transferToClient(session.getFtpletSession(), lines);
                reply(session, FtpReply.REPLY_226_CLOSING_DATA_CONNECTION, "Directory send OK.");
            } catch (IOException e) {
                // FtpServer closes the data connection when the store fails, and closing what it wrote to may then
                // throw in its place: the store's failure is the one to tell
                StoreFailure failure = e instanceof StoreFailure f ? f : lines.failure();
                if (failure != null) {
                    LOG.warn("listing {} failed: {}", target.getAbsolutePath(), failure.getMessage());
                    reply(session, FtpReply.REPLY_451_REQUESTED_ACTION_ABORTED,
                            StorageFailureReply.told(failure) + "; listing aborted.");
                } else if (e instanceof SocketException) {
                    reply(session, FtpReply.REPLY_426_CONNECTION_CLOSED_TRANSFER_ABORTED, "Data connection closed.");
                } else {
                    reply(session, FtpReply.REPLY_551_REQUESTED_ACTION_ABORTED_PAGE_TYPE_UNKNOWN, "Listing failed.");
                }
            }
        } finally {
            DataPortCommand.used(session);
        }
    }

    private FileFormater formatter(FtpIoSession session, ListArgument argument) {
        return switch (kind) {
            case LIST -> new LISTFileFormater();
            case NLST -> argument.hasOption('l') ? new LISTFileFormater() : new NLSTFileFormater();
            case MLSD -> new MLSTFileFormater((String[]) session.getAttribute(FtpServerInternals.MLST_TYPES));
        };
    }

    /** The formatted entries as bytes, produced as they are read. */
    private static final class Lines extends InputStream {
        private final FileListing entries;
        private final FileFormater formatter;
        private final RegexFileFilter filter;
        private byte[] line = new byte[0];
        private int position;
        private StoreFailure failure;

        Lines(FileListing entries, FileFormater formatter, RegexFileFilter filter) {
            this.entries = entries;
            this.formatter = formatter;
            this.filter = filter;
        }

        private boolean fill() throws StoreFailure {
            try {
                while (position == line.length) {
                    if (!entries.hasNext()) {
                        return false;
                    }
                    CosFtpFile file = entries.next();
                    if (filter == null || filter.accept(file)) {
                        line = formatter.format(file).getBytes(StandardCharsets.UTF_8);
                        position = 0;
                    }
                }
                return true;
            } catch (UncheckedIOException e) {
                failure = new StoreFailure(e.getCause());
                throw failure;
            }
        }

        /** The store's failure that ended the listing, if one did. */
        StoreFailure failure() {
            return failure;
        }

        @Override
        public int read() throws IOException {
            return fill() ? line[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(length, line.length - position);
            System.arraycopy(line, position, buffer, offset, n);
            position += n;
            return n;
        }

        /** Ends the listing, however far it got: a client gone mid-listing leaves nothing held in the storage. */
        @Override
        public void close() {
            entries.close();
        }
    }
}
