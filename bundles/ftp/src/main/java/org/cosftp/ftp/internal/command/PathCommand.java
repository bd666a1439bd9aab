package org.cosftp.ftp.internal.command;

import org.apache.ftpserver.command.AbstractCommand;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.cosftp.ftp.internal.StorageFailureReply;
import org.cosftp.ftp.internal.fs.CosFileSystemView;
import org.cosftp.ftp.internal.fs.CosFtpFile;
import org.cosftp.ftp.internal.fs.VirtualPath;

/**
 * A command on a path, and the replies that every such command gives alike, as RFC 959 and 3659 and the mature
 * servers give them (ProFTPD's texts): 550 for a path that does not exist, a file where a directory is needed
 * and the other way round, and permission denied; 553 for a new name that cannot be a key; 501 only for a
 * missing argument. Storage failures are answered 451 by {@link StorageFailureReply}.
 */
public abstract class PathCommand extends AbstractCommand {

    public static void reply(FtpIoSession session, int code, String message) {
        session.write(new DefaultFtpReply(code, message));
    }

    static void noSuchFile(FtpIoSession session, String path) {
        reply(session, FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN, path + ": No such file or directory");
    }

    static void notADirectory(FtpIoSession session, String path) {
        reply(session, FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN, path + ": Not a directory");
    }

    static void notAFile(FtpIoSession session, String path) {
        reply(session, FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN, path + ": Not a plain file");
    }

    static void exists(FtpIoSession session, String path) {
        reply(session, FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN, path + ": File exists");
    }

    /** Refuses with 550 unless {@code directory} is a directory: it is a file, or there is nothing. */
    static boolean refusedUnlessDirectory(FtpIoSession session, CosFtpFile directory) {
        if (directory.isDirectory()) {
            return false;
        }
        if (directory.isFile()) {
            notADirectory(session, directory.getAbsolutePath());
        } else {
            noSuchFile(session, directory.getAbsolutePath());
        }
        return true;
    }

    /** Refuses with 550 unless {@code file} is a plain file: it is a directory, or there is nothing. */
    static boolean refusedUnlessFile(FtpIoSession session, CosFtpFile file) {
        if (file.isFile()) {
            return false;
        }
        if (file.isDirectory()) {
            notAFile(session, file.getAbsolutePath());
        } else {
            noSuchFile(session, file.getAbsolutePath());
        }
        return true;
    }

    static void permissionDenied(FtpIoSession session, String path) {
        reply(session, FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN, path + ": Permission denied");
    }

    /**
     * Whether {@code file}'s parent is a file, refused with 550 as a disk refuses a name under a file. (COS
     * would store such a key, and the name would then be a file and a directory at once.)
     */
    static boolean underAFile(FtpIoSession session, CosFtpFile file) {
        CosFtpFile parent = file(session, VirtualPath.parent(file.getAbsolutePath()), false);
        if (parent != null && !parent.getAbsolutePath().equals("/") && parent.isFile()) {
            notADirectory(session, parent.getAbsolutePath());
            return true;
        }
        return parent == null;
    }

    /**
     * The path the command names, or {@code null} once the command is answered: 501 without an argument; a
     * name that cannot be a key (too long, NUL, CR or LF) is 553 where the command would create it, else 550,
     * as no such object can exist.
     */
    static CosFtpFile file(FtpIoSession session, FtpRequest request, boolean newName) {
        String argument = request.getArgument();
        if (argument == null || argument.isEmpty()) {
            reply(session, FtpReply.REPLY_501_SYNTAX_ERROR_IN_PARAMETERS_OR_ARGUMENTS,
                    "Syntax: " + request.getCommand() + " <path>");
            return null;
        }
        return file(session, argument, newName);
    }

    static CosFtpFile file(FtpIoSession session, String argument, boolean newName) {
        try {
            return ((CosFileSystemView) session.getFileSystemView()).file(argument);
        } catch (FtpException e) {
            reply(session, newName ? FtpReply.REPLY_553_REQUESTED_ACTION_NOT_TAKEN_FILE_NAME_NOT_ALLOWED
                    : FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN, argument + ": " + e.getMessage());
            return null;
        }
    }
}
