package org.cosftp.ftp.internal.fs;

import java.util.List;
import java.util.function.Supplier;

import org.apache.ftpserver.ftplet.FileSystemFactory;
import org.apache.ftpserver.ftplet.FileSystemView;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.User;
import org.cosftp.config.UserAccount;
import org.cosftp.config.UserDirectory;
import org.cosftp.ftp.internal.FairWorkers;
import org.cosftp.ftp.internal.user.CosFtpUser;
import org.cosftp.storage.ObjectStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Gives each session a view of its account's storage, rooted at the account's home prefix. */
public final class CosFileSystemFactory implements FileSystemFactory {
    private static final Logger LOG = LoggerFactory.getLogger(CosFileSystemFactory.class);

    private final Supplier<List<ObjectStorage>> storages;
    private final Supplier<UserDirectory> directory;
    private final ClientTimeCache clientTimes;
    private final FairWorkers renames;

    /** @param renames the threads directory renames share */
    public CosFileSystemFactory(Supplier<List<ObjectStorage>> storages, Supplier<UserDirectory> directory,
            ClientTimeCache clientTimes, FairWorkers renames) {
        this.storages = storages;
        this.directory = directory;
        this.clientTimes = clientTimes;
        this.renames = renames;
    }

    @Override
    public FileSystemView createFileSystemView(User user) throws FtpException {
        UserAccount account = ((CosFtpUser) user).account();
        ObjectStorage storage = storages.get().stream().filter(s -> s.name().equals(account.storage()))
                .findFirst().orElse(null);
        if (storage == null) {
            String why = "storage '" + account.storage() + "' of user '" + account.name()
                    + "' is not available: check etc/org.cosftp.storage-" + account.storage() + ".cfg";
            LOG.warn("login refused: {}", why);
            throw new FtpException(why);
        }
        return new CosFileSystemView(storage, account.home(), () -> directory.get().find(account.name()),
                clientTimes, renames);
    }
}
