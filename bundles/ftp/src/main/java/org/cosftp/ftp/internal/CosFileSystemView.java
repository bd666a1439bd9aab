package org.cosftp.ftp.internal;

import java.util.Optional;
import java.util.function.Supplier;

import org.apache.ftpserver.ftplet.FileSystemView;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpFile;
import org.cosftp.config.Access;
import org.cosftp.config.UserAccount;
import org.cosftp.storage.ObjectStorage;

/** One session's view of its storage: the home prefix as {@code /}, and a working directory. */
final class CosFileSystemView implements FileSystemView {
    private final ObjectStorage storage;
    private final String home;
    private final Supplier<Optional<UserAccount>> account;
    private final ClientTimeCache clientTimes;
    private final FairWorkers renames;
    private String workingDirectory = "/";

    CosFileSystemView(ObjectStorage storage, String home, Supplier<Optional<UserAccount>> account,
            ClientTimeCache clientTimes, FairWorkers renames) {
        this.storage = storage;
        this.home = home;
        this.account = account;
        this.clientTimes = clientTimes;
        this.renames = renames;
    }

    ObjectStorage storage() {
        return storage;
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

    /** Makes {@code directory}, which the caller found to be one, the working directory. */
    void enter(CosFtpFile directory) {
        workingDirectory = directory.getAbsolutePath();
    }

    @Override
    public FtpFile getFile(String file) throws FtpException {
        return file(file);
    }

    CosFtpFile file(String argument) throws FtpException {
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
