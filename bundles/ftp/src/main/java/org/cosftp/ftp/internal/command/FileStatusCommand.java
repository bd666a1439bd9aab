package org.cosftp.ftp.internal.command;

import java.io.IOException;

import org.apache.ftpserver.command.impl.listing.MLSTFileFormater;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.ftpserver.util.DateUtils;
import org.cosftp.ftp.internal.FtpServerInternals;
import org.cosftp.ftp.internal.fs.CosFtpFile;

/** SIZE and MDTM of a file (RFC 3659: 550 for a directory too), and MLST of a file or directory. */
final class FileStatusCommand extends PathCommand {
    private enum Kind { SIZE, MDTM, MLST }

    private final Kind kind;

    private FileStatusCommand(Kind kind) {
        this.kind = kind;
    }

    static FileStatusCommand size() {
        return new FileStatusCommand(Kind.SIZE);
    }

    static FileStatusCommand modificationTime() {
        return new FileStatusCommand(Kind.MDTM);
    }

    static FileStatusCommand machineListSingle() {
        return new FileStatusCommand(Kind.MLST);
    }

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request) throws IOException {
        session.resetState();
        // MLST without an argument is the working directory (RFC 3659, 7.1)
        CosFtpFile file = kind == Kind.MLST && !request.hasArgument()
                ? file(session, ".", false) : file(session, request, false);
        if (file == null) {
            return;
        }
        String path = file.getAbsolutePath();
        if (kind == Kind.MLST) {
            if (!file.doesExist()) {
                noSuchFile(session, path);
                return;
            }
            // the formatter's MLSD line ends in the file's name; MLST shows its path (RFC 3659, 7.3)
            String entry = new MLSTFileFormater((String[]) session.getAttribute(FtpServerInternals.MLST_TYPES)).format(file);
            String facts = entry.substring(0, entry.indexOf(' ') + 1);
            reply(session, FtpReply.REPLY_250_REQUESTED_FILE_ACTION_OKAY,
                    "Listing " + path + "\n " + facts + path + "\nEnd");
            return;
        }
        if (refusedUnlessFile(session, file)) {
            return;
        }
        reply(session, FtpReply.REPLY_213_FILE_STATUS, kind == Kind.SIZE ? Long.toString(file.getSize())
                : DateUtils.getFtpDate(file.getLastModified()));
    }
}
