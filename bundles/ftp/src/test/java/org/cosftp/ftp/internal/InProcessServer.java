package org.cosftp.ftp.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.cosftp.config.Access;
import org.cosftp.config.LoginGuardSettings;
import org.cosftp.config.ServerSettings;
import org.cosftp.config.TlsSettings;
import org.cosftp.config.UserAccount;
import org.cosftp.config.UserDirectory;
import org.cosftp.storage.ObjectStorage;
import org.cosftp.storage.cos.internal.LocalStore;
import org.junit.rules.ExternalResource;

/**
 * cos-ftp's FTP server in the test's JVM, without Karaf: {@link FtpServerComponent} wired by hand to the COS
 * storage on the local store. It listens on a port of loopback the system picks (port 0), bound once, and its
 * passive connections on any free port. Accounts: {@code writer} (rw, may overwrite and delete) and {@code
 * keeper} (rw, may not), passwords {@code <name>-pw}, both on the storage's bucket root.
 */
final class InProcessServer extends ExternalResource {
    /**
     * How long an upload waits after its data for the control connection to close (a killed client): longer than
     * the shipped 50 ms, so that a test can let the control connection close a while after the data, as a
     * killed client's system does, and still be well within it on a busy machine.
     */
    static final int COMMIT_DELAY_MILLIS = 300;
    private static final Map<String, UserAccount> ACCOUNTS = Map.of(
            "writer", new UserAccount("writer", "writer-pw", "test", "", Access.READ_WRITE, true, true),
            "keeper", new UserAccount("keeper", "keeper-pw", "test", "", Access.READ_WRITE, false, true));

    private final LocalStore store;
    private ObjectStorage storage;
    private FtpServerComponent server;

    InProcessServer(LocalStore store) {
        this.store = store;
    }

    @Override
    protected void before() {
        storage = store.objectStorage();
        server = new FtpServerComponent();
        server.storages = List.of(storage);
        server.bindUsers(new Accounts());
        var settings = new ServerSettings("127.0.0.1", 0, "0", "", 16, 60, false, COMMIT_DELAY_MILLIS, 1, 5,
                new TlsSettings(false, false, 0, "", ""),
                new LoginGuardSettings(64, 64, 30, 0, 0, 600, 600, 86_400, List.of()));
        server.bindServerConfiguration(() -> Optional.of(settings));
        server.activate();
        if (server.listeners().isEmpty()) {
            throw new IllegalStateException("the in-process FTP server did not start (see the log)");
        }
    }

    @Override
    protected void after() {
        server.deactivate();
    }

    /** The storage the accounts work on, to look at what a user would see in the bucket. */
    ObjectStorage storage() {
        return storage;
    }

    /** Waits for the commands of every session to end, so that what they stored or discarded is final. */
    void awaitNoCommand() throws InterruptedException {
        if (!server.awaitNoCommand(10_000)) {
            throw new AssertionError("a command still runs after 10 s");
        }
    }

    /** A client logged in as {@code user}, in binary mode, passive. */
    FTPClient login(String user) throws IOException {
        var ftp = new FTPClient();
        ftp.setDefaultTimeout(10_000);
        ftp.connect("127.0.0.1", server.listeners().get(0).port());
        ftp.setSoTimeout(10_000);
        if (!ftp.login(user, user + "-pw")) {
            throw new IOException("login of " + user + ": " + ftp.getReplyString());
        }
        ftp.setFileType(FTP.BINARY_FILE_TYPE);
        ftp.enterLocalPassiveMode();
        return ftp;
    }

    /** Plaintext accounts: the users file's own rules (hashes, the cache) are the config bundle's tests. */
    private static final class Accounts implements UserDirectory {
        @Override
        public Optional<UserAccount> authenticate(String name, String password) {
            return find(name).filter(account -> account.password().equals(password));
        }

        @Override
        public Optional<UserAccount> find(String name) {
            return Optional.ofNullable(ACCOUNTS.get(name));
        }

        @Override
        public Set<String> names() {
            return ACCOUNTS.keySet();
        }
    }
}
