package org.cosftp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.commons.net.ftp.FTPClient;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/** A stock Karaf 4.4.10: the operator adds our features repository and installs cos-ftp from the shell. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FeatureInstallIT extends CosFtpTestSupport {
    private static final String VERSION = "cosftp.itest.version";
    private static final String SAVE_TRIALS = "cosftp.itest.stockSaveTrials";

    @Inject
    private SessionFactory sessions;

    @Inject
    private ConfigurationAdmin configurations;

    /** Whether the feature was installed, by the first test of the class. */
    private static boolean installed;

    @Configuration
    public Option[] configuration() {
        // our artifacts as the build left them, in the Maven layout of the assembly's system folder
        String repository = fileUrl(System.getProperty("cosftp.distribution.system"));
        var options = new ArrayList<Option>(List.of(
                karafDistributionConfiguration().frameworkUrl(maven("org.apache.karaf", "apache-karaf",
                        System.getProperty("karaf.version")).type("tar.gz")).name("Apache Karaf")
                        .unpackDirectory(new File("target/exam-stock")).useDeployFolder(false),
                systemProperty(VERSION).value(System.getProperty("cosftp.version")),
                systemProperty(SAVE_TRIALS).value(System.getProperty(SAVE_TRIALS, "0")),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories",
                        "file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots,"
                                + repository + "@id=cosftp.repository@snapshots"),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
                        Integer.toString(freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort",
                        Integer.toString(freePort())),
                editConfigurationFilePut("etc/org.cosftp.server.cfg", "host", "127.0.0.1"),
                editConfigurationFilePut("etc/org.cosftp.users.cfg", "user.ops.password", "ops-pw"),
                editConfigurationFilePut("etc/org.cosftp.storage-default.cfg", "bucket", "stock-1250000000"),
                editConfigurationFilePut("etc/org.cosftp.storage-default.cfg", "region", "ap-guangzhou"),
                editConfigurationFilePut("etc/org.cosftp.storage-default.cfg", "secretId", "stock-id"),
                editConfigurationFilePut("etc/org.cosftp.storage-default.cfg", "secretKey", SECRET_KEY),
                editConfigurationFilePut("etc/org.cosftp.storage-default.cfg", "endpoint", "localhost:1"),
                editConfigurationFilePut("etc/org.cosftp.storage-default.cfg", "protocol", "http")));
        options.addAll(common());
        return options.toArray(new Option[0]);
    }

    @Override
    protected boolean servesFtpFromBoot() {
        return false;
    }

    /** Runs a shell command; commands that are not registered yet (Karaf is still refreshing) are awaited. */
    private String run(String command) throws Exception {
        String[] output = new String[1];
        await(command, Duration.ofSeconds(60), () -> {
            output[0] = execute(command);
            return true;
        });
        return output[0];
    }

    /** Runs as an operator with the admin role, which Karaf's command ACLs ask for feature:install. */
    private String execute(String command) throws Exception {
        var output = new ByteArrayOutputStream();
        var out = new PrintStream(output, true, StandardCharsets.UTF_8);
        Session session = sessions.create(System.in, out, out);
        var operator = new Subject();
        operator.getPrincipals().add(new UserPrincipal("operator"));
        operator.getPrincipals().add(new RolePrincipal("admin"));
        Object result = Subject.doAs(operator, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
        if (result != null) {
            out.println(result);
        }
        return output.toString(StandardCharsets.UTF_8);
    }

    /** The operator's two commands, once for the class. */
    @Before
    public void repoAddAndFeatureInstall() throws Exception {
        if (!installed) {
            String version = System.getProperty(VERSION);
            run("feature:repo-add mvn:org.cosftp/cos-ftp-features/" + version + "/xml/features");
            run("feature:install cos-ftp");
            installed = true;
        }
        await("an FTP login on the installed feature", Duration.ofSeconds(60), () -> {
            FTPClient ftp = FtpSupport.connect();
            try {
                return ftp.login("ops", "ops-pw") && "/".equals(ftp.printWorkingDirectory());
            } finally {
                ftp.disconnect();
            }
        });
    }

    @Test
    public void theFeatureServesFtpAndItsCommands() throws Exception {
        String installed = run("feature:list -i");
        assertTrue(installed, installed.contains("cos-ftp "));
        String bundles = run("bundle:list -s");
        for (String bundle : List.of("org.cosftp.config", "org.cosftp.ftp", "org.cosftp.storage-api",
                "org.cosftp.storage-cos", "org.cosftp.shell", "com.qcloud.cos_api")) {
            assertTrue(bundle + " is active", bundles.lines().anyMatch(line -> line.contains(bundle)
                    && line.contains("Active")));
        }
        assertEquals(-1, run("bundle:list -s").indexOf("Failure"));
        // cos-ftp's lines of Karaf's logging apply, and reach the file beside Karaf's own (by the write-back)
        await("the SDK's logger off", Duration.ofSeconds(30),
                () -> run("log:get com.qcloud.cos.http.DefaultCosHttpClient").contains("OFF"));
        Path loggingFile = Path.of(System.getProperty("karaf.etc"), "org.ops4j.pax.logging.cfg");
        List<String> lines = List.of("log4j2.rootLogger.level", "log4j2.appender.rolling.fileName",
                "log4j2.logger.cosftpCosHttpClient.level", "log4j2.rootLogger.includeLocation");
        try {
            await("cos-ftp's lines and Karaf's in etc/org.ops4j.pax.logging.cfg", Duration.ofSeconds(30),
                    () -> lines.stream().allMatch(Files.readString(loggingFile)::contains));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ":\n" + Files.readString(loggingFile), e);
        }
        String hash = run("cosftp:hash-password --iterations 1000 ops-pw");
        assertTrue(hash, hash.startsWith("$pbkdf2-sha256$1000$"));
        try {
            await("the log to say that saves are kept from the write-back", Duration.ofSeconds(30),
                    () -> log().contains(SAVE_KEEPER_NOTICE));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; what the config bundle logged:\n" + log().lines()
                    .filter(line -> line.contains("org.cosftp.config") || line.contains("SaveKeeper"))
                    .collect(Collectors.joining("\n")), e);
        }
    }

    /**
     * A stock Karaf writes each applied configuration back to its file, and undid the saves made while it did so
     * (before cos-ftp kept them, all ten saves of the server file below, for instance). The first save of each
     * run lands as soon as the content before applied, the others 1 ms apart, so that the write-back comes in the
     * middle of them. A save that the write-back replaces before cos-ftp reads it is still lost (README,
     * Configuration), so these timings run outside CI: {@code -Dcosftp.itest.stockSaveTrials=N}.
     */
    @Test
    public void tenSavesOfTheUsersFileWithinASecondEndWithTheLastOneAppliedDespiteTheWriteBack() throws Exception {
        assumeTrue("outside CI: -D" + SAVE_TRIALS + "=N", saveTrials() > 0);
        new QuickSaves(configurations, "ops", "ops-pw").savesOfTheUsersFile(10, 1, saveTrials());
    }

    @Test
    public void tenSavesOfTheServerFileWithinASecondEndWithTheLastOneAppliedDespiteTheWriteBack() throws Exception {
        assumeTrue("outside CI: -D" + SAVE_TRIALS + "=N", saveTrials() > 0);
        new QuickSaves(configurations, "ops", "ops-pw").tenSavesOfTheServerFile(saveTrials());
    }

    private static int saveTrials() {
        return Integer.getInteger(SAVE_TRIALS, 0);
    }
}
