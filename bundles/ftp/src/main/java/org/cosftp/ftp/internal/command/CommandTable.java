package org.cosftp.ftp.internal.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.IntSupplier;

import org.apache.ftpserver.command.Command;
import org.apache.ftpserver.command.CommandFactory;
import org.apache.ftpserver.command.CommandFactoryFactory;
import org.apache.ftpserver.command.impl.ABOR;
import org.apache.ftpserver.command.impl.ACCT;
import org.apache.ftpserver.command.impl.AUTH;
import org.apache.ftpserver.command.impl.EPRT;
import org.apache.ftpserver.command.impl.EPSV;
import org.apache.ftpserver.command.impl.HELP;
import org.apache.ftpserver.command.impl.NOOP;
import org.apache.ftpserver.command.impl.OPTS;
import org.apache.ftpserver.command.impl.PASV;
import org.apache.ftpserver.command.impl.PBSZ;
import org.apache.ftpserver.command.impl.PORT;
import org.apache.ftpserver.command.impl.PROT;
import org.apache.ftpserver.command.impl.PWD;
import org.apache.ftpserver.command.impl.QUIT;
import org.apache.ftpserver.command.impl.REST;
import org.apache.ftpserver.command.impl.STRU;
import org.apache.ftpserver.command.impl.SYST;
import org.apache.ftpserver.command.impl.TYPE;
import org.apache.ftpserver.command.impl.USER;
import org.cosftp.ftp.internal.FairWorkers;
import org.cosftp.ftp.internal.StorageFailureReply;

/**
 * Every command cos-ftp answers, in one table: FtpServer's own where they touch no file, cos-ftp's where they
 * do, each answering a storage failure with 451 ({@link StorageFailureReply}). Of FtpServer's default commands
 * these are left out, so that they get 502: MD5 and MMD5 (a whole object read on the control connection),
 * LANG (replies in other languages for some commands only), REIN (a second login on a connection whose failed
 * logins are counted), and SITE with its subcommands (SITE WHO and SITE STAT show every session to an
 * account named "admin").
 */
public final class CommandTable {
    private CommandTable() {
    }

    /**
     * @param lookups the threads that listings share to look files up
     * @param handshakes where protected passive connections are handshaken ahead of their command
     * @param uploadCommitDelayMillis how long an upload waits at its end for a sign that the client went away
     * @param running where every command is counted while it runs
     */
    public static CommandFactory create(PasswordCommand password, FairWorkers lookups, ExecutorService handshakes,
            IntSupplier uploadCommitDelayMillis, RunningCommands running) {
        var commands = new LinkedHashMap<String, Command>();
        // the session: log in, TLS, settings
        commands.put("USER", new USER());
        commands.put("PASS", password);
        commands.put("ACCT", new ACCT());
        commands.put("QUIT", new QUIT());
        commands.put("AUTH", new AUTH());
        commands.put("PBSZ", new PBSZ());
        commands.put("PROT", new PROT());
        commands.put("FEAT", new FeatureCommand());
        commands.put("OPTS", new OPTS());
        commands.put("HELP", new HELP());
        commands.put("NOOP", new NOOP());
        commands.put("SYST", new SYST());
        commands.put("STAT", new StatusCommand());
        // data connections and how they carry bytes
        commands.put("PASV", DataPortCommand.passive(new PASV(), handshakes));
        commands.put("EPSV", DataPortCommand.passive(new EPSV(), handshakes));
        commands.put("PORT", DataPortCommand.active(new PORT()));
        commands.put("EPRT", DataPortCommand.active(new EPRT()));
        commands.put("TYPE", new TYPE());
        commands.put("MODE", new TransferModeCommand());
        commands.put("STRU", new STRU());
        commands.put("REST", new REST());
        commands.put("ABOR", new ABOR());
        // transfers and listings
        commands.put("RETR", new DownloadCommand(running));
        commands.put("STOR", UploadCommand.store(uploadCommitDelayMillis, lookups, running));
        commands.put("APPE", UploadCommand.append(uploadCommitDelayMillis, running));
        commands.put("STOU", UploadCommand.storeUnique(uploadCommitDelayMillis, running));
        commands.put("LIST", ListingCommand.list(lookups));
        commands.put("NLST", ListingCommand.nameList());
        commands.put("MLSD", ListingCommand.machineList(lookups));
        // files and directories
        commands.put("PWD", new PWD());
        commands.put("CWD", ChangeDirectoryCommand.named());
        commands.put("CDUP", ChangeDirectoryCommand.parent());
        // FtpServer takes the X off RFC 775's XCWD, XMKD, XPWD and XRMD; of XCUP it leaves CUP
        commands.put("CUP", ChangeDirectoryCommand.parent());
        commands.put("MKD", new MakeDirectoryCommand());
        commands.put("RMD", new RemoveDirectoryCommand());
        commands.put("DELE", new DeleteCommand());
        commands.put("RNFR", RenameCommand.from());
        commands.put("RNTO", RenameCommand.to());
        commands.put("SIZE", FileStatusCommand.size());
        commands.put("MDTM", FileStatusCommand.modificationTime());
        commands.put("MLST", FileStatusCommand.machineListSingle());
        commands.put("MFMT", new ModifyTimeCommand());

        var guarded = new LinkedHashMap<String, Command>();
        for (Map.Entry<String, Command> command : commands.entrySet()) {
            guarded.put(command.getKey(), running.track(new StorageFailureReply(command.getValue())));
        }
        var factory = new CommandFactoryFactory();
        factory.setUseDefaultCommands(false);
        factory.setCommandMap(guarded);
        return factory.createCommandFactory();
    }
}
