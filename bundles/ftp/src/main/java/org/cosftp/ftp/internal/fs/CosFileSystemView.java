package org.cosftp.ftp.internal.fs;

import java.util.Optional;
import java.util.function.Supplier;

import org.apache.ftpserver.ftplet.FileSystemView;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpFile;
import org.cosftp.config.Access;
import org.cosftp.config.UserAccount;
import org.cosftp.ftp.internal.FairWorkers;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.StorageException;
import org.cosftp.storage.StorageHold;

/**
 * One session's view of its storage: the home prefix as {@code /}, and a working directory. While a command
 * runs, the view {@linkplain #hold() holds} the storage in one configuration, so that all the command's
 * requests go to the same client, whatever configuration change happens meanwhile.
 */
public final class CosFileSystemView implements FileSystemView {
    private final ObjectStorage storage;
    /** The storage held for the running command; null between commands. */
    private volatile ObjectStorage held;
    private final String home;
    private final Supplier<Optional<UserAccount>> account;
    private final ClientTimeCache clientTimes;
    private final FairWorkers renames;
    // volatile: an operator's listing of the sessions reads it from another thread
    private volatile String workingDirectory = "/";

    CosFileSystemView(ObjectStorage storage, String home, Supplier<Optional<UserAccount>> account,
            ClientTimeCache clientTimes, FairWorkers renames) {
        this.storage = storage;
        this.home = home;
        this.account = account;
        this.clientTimes = clientTimes;
        this.renames = renames;
    }

    /** The storage the running command works on: the one it holds, or the service between commands. */
    ObjectStorage storage() {
        ObjectStorage command = held;
        return command != null ? command : storage;
    }

    /** The storage service itself, which keeps its identity through reconfigurations. */
    ObjectStorage service() {
        return storage;
    }

    /**
     * Holds the storage in its present configuration for one command (commands of a session run one at a
     * time); closing the hold lets it go.
     */
    public StorageHold hold() throws StorageException {
        StorageHold hold = storage.hold();
        held = hold.storage();
        return new StorageHold() {
            @Override
            public ObjectStorage storage() {
                return hold.storage();
            }

            @Override
            public void close() {
                held = null;
                hold.close();
            }
        };
    }

    /** What the gateway learned of objects' client times, shared by all sessions. */
    ClientTimeCache clientTimes() {
        return clientTimes;
    }

    /** The threads that directory renames share, one lane each. */
    FairWorkers renames() {
        return renames;
    }

    String home() {
        return home;
    }

    /** The account's access as configured now; none if the account is gone or disabled. */
    Access access() {
        return account.get().filter(UserAccount::enabled).map(UserAccount::access).orElse(null);
    }

    boolean mayDelete() {
        return account.get().filter(UserAccount::enabled).map(UserAccount::delete).orElse(false);
    }

    @Override
    public FtpFile getHomeDirectory() {
        return new CosFtpFile(this, "/");
    }

    @Override
    public FtpFile getWorkingDirectory() {
        return new CosFtpFile(this, workingDirectory);
    }

    @Override
    public boolean changeWorkingDirectory(String dir) throws FtpException {
        CosFtpFile target = file(dir);
        if (!target.isDirectory()) {
            return false;
        }
        workingDirectory = target.getAbsolutePath();
        return true;
    }

    /** The absolute path {@code argument} names from the working directory, as a command resolves it. */
    public String resolve(String argument) {
        return VirtualPath.resolve(workingDirectory, argument);
    }

    /** Makes {@code directory}, which the caller found to be one, the working directory. */
    public void enter(CosFtpFile directory) {
        workingDirectory = directory.getAbsolutePath();
    }

    @Override
    public FtpFile getFile(String file) throws FtpException {
        return file(file);
    }

    public CosFtpFile file(String argument) throws FtpException {
        if (argument != null && VirtualPath.breaksLines(argument)) {
            throw new FtpException("name not allowed: it holds a NUL, CR or LF character");
        }
        String path = VirtualPath.resolve(workingDirectory, argument);
        if (VirtualPath.tooLong(VirtualPath.directoryPrefix(home, path))) {
            throw new FtpException("path too long: keys are limited to " + VirtualPath.MAX_KEY_BYTES + " bytes");
        }
        return new CosFtpFile(this, path);
    }

    @Override
    public boolean isRandomAccessible() {
        return true;
    }

    @Override
    public void dispose() {
        // nothing is held per session
    }
}
