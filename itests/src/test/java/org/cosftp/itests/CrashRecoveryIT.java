package org.cosftp.itests;

import static org.cosftp.itests.CosFtpTestSupport.BUCKET;
import static org.cosftp.itests.CosFtpTestSupport.await;
import static org.cosftp.itests.FtpSupport.get;
import static org.cosftp.itests.FtpSupport.put;
import static org.cosftp.itests.FtpSupport.random;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.AbortMultipartUploadRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.ListMultipartUploadsRequest;
import com.qcloud.cos.model.ListPartsRequest;
import com.qcloud.cos.model.MultipartUpload;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.After;
import org.junit.Test;

/**
 * Karaf killed with {@code kill -9} in the middle of a large upload, then started again: the multipart upload the
 * killed transfer left open is aborted within {@code staleUploadSeconds}, one started by another tool in the same
 * bucket is left alone, and the object the upload was to replace keeps its bytes.
 */
public class CrashRecoveryIT {
    private static final int MIB = 1024 * 1024;
    private static final int STALE_UPLOAD_SECONDS = 5;

    private KarafProcess karaf;

    @After
    public void stopKaraf() {
        if (karaf != null) {
            karaf.stop();
        }
    }

    @Test
    public void anUploadOpenWhenKarafIsKilledIsAbortedAfterTheRestartAndTheOldObjectStays() throws Exception {
        karaf = KarafProcess.unpack(Path.of(System.getProperty("cosftp.distribution")),
                Path.of("target", "exam-recovery", Long.toString(System.currentTimeMillis())));
        karaf.start();
        byte[] old = random(7 * MIB, 1);
        FTPClient ftp = karaf.login();
        assertTrue(ftp.getReplyString(), put(ftp, "/big.bin", old));

        // a client sends 11 MiB of a larger file and then waits: two 5 MiB parts are in the store
        OutputStream upload = ftp.storeFileStream("/big.bin");
        assertNotNull(ftp.getReplyString(), upload);
        byte[] chunk = random(MIB, 2);
        for (int i = 0; i < 11; i++) {
            upload.write(chunk);
        }
        upload.flush();
        String ours;
        String otherTools;
        COSClient otherTool = karaf.storeClient();
        try {
            await("the upload's first two parts in the store", Duration.ofSeconds(60),
                    () -> openUploads(otherTool).containsKey("big.bin") && otherTool.listParts(new ListPartsRequest(
                            BUCKET, "big.bin", openUploads(otherTool).get("big.bin"))).getParts().size() == 2);
            ours = openUploads(otherTool).get("big.bin");
            otherTools = otherTool.initiateMultipartUpload(
                    new InitiateMultipartUploadRequest(BUCKET, "other-tool/archive.bin")).getUploadId();
        } finally {
            otherTool.shutdown();
        }

        karaf.kill();
        ftp.disconnect();
        assertTrue("the killed upload is still open", hasUploadFiles(ours));

        karaf.storage("staleUploadSeconds", Integer.toString(STALE_UPLOAD_SECONDS));
        karaf.start();
        String aborted = "aborted stale multipart upload on storage 'default': key 'big.bin', upload id " + ours;
        // the first pass runs at start, but the local store may come up after it: the next one is due 5 s later
        await("'" + aborted + "' in the log", Duration.ofSeconds(3 * STALE_UPLOAD_SECONDS),
                () -> karaf.log().contains(aborted));
        assertEquals("one line per abort", 1, CosFtpTestSupport.occurrences(karaf.log(), aborted));
        assertFalse("no part of the killed upload is left in the store", hasUploadFiles(ours));

        COSClient after = karaf.storeClient();
        try {
            assertEquals("the other tool's upload is left alone", Map.of("other-tool/archive.bin", otherTools),
                    openUploads(after));
            after.abortMultipartUpload(new AbortMultipartUploadRequest(BUCKET, "other-tool/archive.bin", otherTools));
        } finally {
            after.shutdown();
        }
        assertFalse("no multipart upload is left open", karaf.openMultipartUploads(BUCKET));

        assertArrayEquals("the old object keeps its bytes", old,
                Files.readAllBytes(karaf.bucketFolder(BUCKET).resolve("big.bin")));
        FTPClient again = karaf.login();
        try {
            assertArrayEquals(old, get(again, "/big.bin"));
        } finally {
            FtpSupport.quit(again);
        }
    }

    /** The open multipart uploads of the bucket as COS lists them (and bills them), by key. */
    private static Map<String, String> openUploads(COSClient cos) {
        List<MultipartUpload> uploads = cos.listMultipartUploads(new ListMultipartUploadsRequest(BUCKET))
                .getMultipartUploads();
        return uploads.stream().collect(Collectors.toMap(MultipartUpload::getKey, MultipartUpload::getUploadId));
    }

    /** Whether the local store keeps files of the multipart upload {@code uploadId} (hidden .mpus- files). */
    private boolean hasUploadFiles(String uploadId) throws IOException {
        try (var files = Files.walk(karaf.bucketFolder(BUCKET))) {
            return files.anyMatch(file -> file.getFileName().toString().startsWith(".mpus-" + uploadId));
        }
    }
}
