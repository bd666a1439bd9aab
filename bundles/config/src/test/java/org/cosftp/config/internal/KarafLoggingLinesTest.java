package org.cosftp.config.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The edit of Karaf's logging file: cos-ftp's lines added, everything of the operator's kept as written. */
public class KarafLoggingLinesTest {
    private static final List<String> KARAF_LINES = List.of(
            "################################################################################",
            "# Common pattern layout for appenders",
            "log4j2.pattern = %d{ISO8601} | %-5p | %-16t | %-32c{1} | %X{bundle.id} - %X{bundle.name} - %m%n",
            "",
            "# Root logger",
            "log4j2.rootLogger.level = INFO",
            "log4j2.rootLogger.appenderRef.RollingFile.ref = RollingFile",
            "log4j2.appender.rolling.fileName = ${karaf.log}/karaf.log",
            "log4j2.appender.rolling.filePattern = ${karaf.log}/karaf-%i.log.gz",
            "log4j2.logger.cosftpMinaSsl.name = org.apache.mina.filter.ssl",
            "log4j2.logger.cosftpMinaSsl.level = WARN");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void theMissingLinesAreAddedAndKarafsStayAsWritten() throws Exception {
        Path file = folder.getRoot().toPath().resolve("org.ops4j.pax.logging.cfg");
        Files.write(file, KARAF_LINES, StandardCharsets.ISO_8859_1);

        KarafLoggingLines.addToFile(file, KarafLoggingLines.LINES, StandardCharsets.ISO_8859_1);

        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        assertEquals(KARAF_LINES, lines.subList(0, KARAF_LINES.size()));
        assertTrue(lines.contains("log4j2.logger.cosftpCosHttpClient.level = OFF"));
        assertTrue(lines.contains("log4j2.rootLogger.includeLocation = false"));
        assertFalse("the operator's level stays", lines.contains("log4j2.logger.cosftpMinaSsl.level = OFF"));
        try (var files = Files.list(folder.getRoot().toPath())) {
            assertEquals("no file left beside it", List.of(file), files.toList());
        }
    }
}
