package org.cosftp.storage.cos.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of one COS bucket, one {@code etc/org.cosftp.storage-<name>.cfg} file each. */
@ObjectClassDefinition(name = "cos-ftp COS storage",
        description = "One Tencent COS bucket that FTP users can be given; one file etc/org.cosftp.storage-<name>.cfg each.")
@interface CosStorageConfiguration {

    @AttributeDefinition(name = "Name", required = false,
            description = "How users refer to this storage (user.<name>.storage); the <name> part of the file name unless set.")
    String name();

    @AttributeDefinition(name = "Bucket", description = "The bucket, as <bucket>-<appid>.")
    String bucket();

    @AttributeDefinition(name = "Region", description = "The bucket's region, such as ap-guangzhou.")
    String region();

    @AttributeDefinition(name = "SecretId", description = "The API key's SecretId; $[env:NAME] takes it from the environment.")
    String secretId();

    @AttributeDefinition(name = "SecretKey", type = AttributeType.PASSWORD,
            description = "The API key's SecretKey; $[env:NAME] takes it from the environment. Never logged.")
    String secretKey();

    @AttributeDefinition(name = "Endpoint", required = false,
            description = "A custom endpoint host[:port], such as a private network domain or the local store (localhost:<port>); empty for the region's public endpoint.")
    String endpoint() default "";

    @AttributeDefinition(name = "Protocol", options = {
        @org.osgi.service.metatype.annotations.Option(label = "https", value = "https"),
        @org.osgi.service.metatype.annotations.Option(label = "http", value = "http")})
    String protocol() default "https";

    @AttributeDefinition(name = "Part size (MiB)", min = "" + StorageSettings.MIN_PART_SIZE_MIB,
            max = "" + StorageSettings.MAX_PART_SIZE_MIB,
            description = "Size of each multipart upload part; raised where needed so that maxFileSizeGiB fits in 10,000 parts.")
    int partSizeMiB() default 16;

    @AttributeDefinition(name = "Upload threads", min = "1", max = "64",
            description = "Parts of one upload sent in parallel. One upload holds at most (uploadThreads + 1) part buffers, all uploads together at most uploadMemoryMiB.")
    int uploadThreads() default 4;

    // two parts of the smallest size: the least any part size allows
    @AttributeDefinition(name = "Upload memory (MiB)", min = "" + 2 * StorageSettings.MIN_PART_SIZE_MIB,
            max = "" + StorageSettings.MAX_UPLOAD_MEMORY_MIB,
            description = "Part buffers of all uploads of this storage together; at least two parts. An upload that finds it used waits. Each open upload may also hold up to 1 MiB outside it.")
    int uploadMemoryMiB() default 512;

    @AttributeDefinition(name = "Largest file (GiB)", min = "1", max = "" + StorageSettings.MAX_FILE_SIZE_GIB,
            description = "Uploads growing beyond this are refused and discarded.")
    int maxFileSizeGiB() default 200;

    @AttributeDefinition(name = "Multipart copy threshold (MiB)", min = "1",
            max = "" + StorageSettings.MAX_SINGLE_COPY_MIB,
            description = "Objects larger than this are copied (renamed) part by part, in parallel.")
    int multipartCopyThresholdMiB() default 5 * 1024;

    @AttributeDefinition(name = "Retries", min = "0", max = "20",
            description = "Retries, with exponential backoff, of requests that failed with 5xx, SlowDown or a network error.")
    int maxErrorRetry() default 5;

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", max = "600")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "Socket timeout (s)", min = "1", max = "3600",
            description = "Longest silence on a connection to COS before the request fails (and is retried).")
    int socketTimeoutSeconds() default 60;

    @AttributeDefinition(name = "Command timeout (s)", min = "1", max = "3600",
            description = "Longest an FTP command waits for COS to answer one request, retries and their pauses included, and longest silence in a download from COS; past it the client gets 451 naming this storage.")
    int commandTimeoutSeconds() default 60;

    @AttributeDefinition(name = "Connections", min = "1", max = "4096",
            description = "Most HTTP connections open to COS at once for this storage.")
    int maxConnections() default 256;

    @AttributeDefinition(name = "Stale upload (s)", min = "1",
            max = "" + StorageSettings.MAX_STALE_UPLOAD_SECONDS,
            description = "A multipart upload this gateway started and that no running transfer owns (one a crash left open) is aborted once it is this old; looked for at start and then every staleUploadSeconds, at most every 600 s.")
    int staleUploadSeconds() default 3 * 60 * 60;
}
