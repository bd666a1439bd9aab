package org.cosftp.storage.cos.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cosftp.config.reader.ConfigurationReader;
import org.cosftp.config.reader.MetatypeDefaults;

/**
 * The validated settings of one storage, read from its configuration. Every problem is reported with the
 * file, the key and the reason, so that an operator can fix the cfg file from the log line alone.
 */
record StorageSettings(
        String name,
        String bucket,
        String region,
        String secretId,
        String secretKey,
        String endpoint,
        String protocol,
        int partSizeMiB,
        int uploadThreads,
        int uploadMemoryMiB,
        int maxFileSizeGiB,
        int multipartCopyThresholdMiB,
        int maxErrorRetry,
        int connectTimeoutSeconds,
        int socketTimeoutSeconds,
        int commandTimeoutSeconds,
        int maxConnections,
        int staleUploadSeconds) {

    /** The defaults the metatype shows, which a key left out of the file gets. */
    static final CosStorageConfiguration DEFAULTS = MetatypeDefaults.of(CosStorageConfiguration.class);
    static final int MAX_UPLOAD_MEMORY_MIB = 64 * 1024;
    /** Thirty days: an upload left open longer is for a lifecycle rule of the bucket to remove. */
    static final int MAX_STALE_UPLOAD_SECONDS = 30 * 24 * 60 * 60;
    /** The longest wait between two passes over the uploads a crash may have left open. */
    static final int MAX_STALE_UPLOAD_PASS_SECONDS = 600;

    /** COS takes parts from 1 MB, S3 engines (the local store among them) from 5 MiB: 5 suits both. */
    static final int MIN_PART_SIZE_MIB = 5;
    /**
     * Parts are buffered in memory, each in one Java byte array, whose length is an int: 2048 MiB is already
     * past it, and a writer holds up to {@code uploadThreads + 1} parts. 1 GiB keeps clear of that (COS itself
     * takes parts up to 5 GiB).
     */
    static final int MAX_PART_SIZE_MIB = 1024;
    /** COS accepts at most 10,000 parts per multipart upload. */
    static final int MAX_PARTS = 10_000;
    /** The largest file that fits in 10,000 parts of the largest part size: 10,000 GiB. */
    static final int MAX_FILE_SIZE_GIB = (int) ((long) MAX_PARTS * MAX_PART_SIZE_MIB / 1024);
    /** COS copies at most 5 GiB in one request; larger objects are copied part by part. */
    static final int MAX_SINGLE_COPY_MIB = 5 * 1024;
    static final long MIB = 1024L * 1024;
    static final long GIB = 1024L * MIB;

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?-[0-9]+");
    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?");
    /**
     * A placeholder of Felix's configuration interpolation ({@code $[env:NAME]}, {@code $[secret:NAME]},
     * {@code $[prop:NAME]}, with optional {@code ;directives}) that is still there after interpolation: the
     * plugin leaves a placeholder it cannot resolve as it was.
     */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\[(\\w+):([^;\\]]*)[^\\]]*\\]");

    /** Reads and checks the configuration of one storage. */
    static StorageSettings from(Map<String, ?> properties) {
        var reader = new ConfigurationReader(properties, CosStorageComponent.FACTORY_PID);
        refuseUnresolvedPlaceholders(reader, properties);
        String name = reader.string("name", reader.factoryName(CosStorageComponent.FACTORY_PID));
        if (name.isEmpty()) {
            throw reader.invalid("name", "", "must name the storage (or let the file name org.cosftp.storage-<name>.cfg do it)");
        }
        String bucket = reader.string("bucket", "");
        if (!BUCKET.matcher(bucket).matches()) {
            throw reader.invalid("bucket", bucket, "must be <bucket>-<appid>, such as examplebucket-1250000000");
        }
        String region = reader.string("region", "");
        if (!REGION.matcher(region).matches()) {
            throw reader.invalid("region", region, "must be a COS region such as ap-guangzhou");
        }
        String endpoint = reader.string("endpoint", DEFAULTS.endpoint());
        if (!endpoint.isEmpty() && !ENDPOINT.matcher(endpoint).matches()) {
            throw reader.invalid("endpoint", endpoint, "must be host[:port], without scheme or path");
        }
        String protocol = reader.string("protocol", DEFAULTS.protocol());
        if (!protocol.equals("https") && !protocol.equals("http")) {
            throw reader.invalid("protocol", protocol, "must be https or http");
        }
        String secretId = reader.string("secretId", "");
        if (secretId.isEmpty()) {
            throw reader.invalid("secretId", "", "must be set (a variable it names with $[env:NAME] must not be empty;"
                    + " the local store accepts any value)");
        }
        String secretKey = reader.string("secretKey", "");
        if (secretKey.isEmpty()) {
            throw reader.invalid("secretKey", "", "must be set (a variable it names with $[env:NAME] must not be empty;"
                    + " the local store accepts any value)");
        }
        int partSizeMiB = reader.integer("partSizeMiB", DEFAULTS.partSizeMiB(), MIN_PART_SIZE_MIB, MAX_PART_SIZE_MIB,
                "each part is held in memory in one Java array, which cannot reach 2048 MiB");
        int uploadThreads = reader.integer("uploadThreads", DEFAULTS.uploadThreads(), 1, 64);
        int maxFileSizeGiB = reader.integer("maxFileSizeGiB", DEFAULTS.maxFileSizeGiB(), 1, MAX_FILE_SIZE_GIB,
                "a file is uploaded in at most " + MAX_PARTS + " parts of at most " + MAX_PART_SIZE_MIB + " MiB");
        int twoParts = 2 * effectivePartSizeMiB(partSizeMiB, maxFileSizeGiB);
        // Without the key, large parts raise the default rather than refuse a file that was valid before the key
        // existed; a value written in the file is taken as meant.
        int uploadMemoryMiB = reader.integer("uploadMemoryMiB", Math.max(DEFAULTS.uploadMemoryMiB(), twoParts), 1,
                MAX_UPLOAD_MEMORY_MIB);
        if (uploadMemoryMiB < twoParts) {
            throw reader.invalid("uploadMemoryMiB", reader.string("uploadMemoryMiB", ""), "must be at least "
                    + twoParts + ": two parts of " + twoParts / 2 + " MiB (partSizeMiB, raised where needed so"
                    + " that maxFileSizeGiB fits in " + MAX_PARTS + " parts)");
        }
        return new StorageSettings(name, bucket, region, secretId, secretKey,
                endpoint, protocol, partSizeMiB, uploadThreads, uploadMemoryMiB, maxFileSizeGiB,
                reader.integer("multipartCopyThresholdMiB", DEFAULTS.multipartCopyThresholdMiB(), 1,
                        MAX_SINGLE_COPY_MIB, "COS copies at most 5 GiB in one request"),
                reader.integer("maxErrorRetry", DEFAULTS.maxErrorRetry(), 0, 20),
                reader.integer("connectTimeoutSeconds", DEFAULTS.connectTimeoutSeconds(), 1, 600),
                reader.integer("socketTimeoutSeconds", DEFAULTS.socketTimeoutSeconds(), 1, 3600),
                reader.integer("commandTimeoutSeconds", DEFAULTS.commandTimeoutSeconds(), 1, 3600),
                reader.integer("maxConnections", DEFAULTS.maxConnections(), 1, 4096),
                reader.integer("staleUploadSeconds", DEFAULTS.staleUploadSeconds(), 1, MAX_STALE_UPLOAD_SECONDS));
    }

    /**
     * Refuses a value that still holds an interpolation placeholder, naming what it refers to. The value
     * itself is never shown: around the placeholder may be a secret that did resolve.
     */
    private static void refuseUnresolvedPlaceholders(ConfigurationReader reader, Map<String, ?> properties) {
        for (var property : new TreeMap<String, Object>(properties).entrySet()) {
            Object value = property.getValue();
            Object[] values = value instanceof Object[] array ? array : new Object[] {value};
            for (Object each : values) {
                Matcher placeholder = PLACEHOLDER.matcher(each instanceof String text ? text : "");
                if (placeholder.find()) {
                    throw new IllegalArgumentException(reader.file() + ": " + property.getKey() + " "
                            + unresolved(placeholder.group(1), placeholder.group(2).trim()));
                }
            }
        }
    }

    private static String unresolved(String type, String name) {
        return switch (type) {
            case "env" -> "names environment variable " + name + ", which is not set";
            case "prop" -> "names system property " + name + ", which is not set";
            case "secret" -> "names secret file " + name + ", which could not be read in the secrets directory";
            default -> "holds a placeholder $[" + type + ":" + name + "] that could not be resolved";
        };
    }

    /**
     * The size of each part of a multipart upload: the configured size, raised where needed so that the
     * largest accepted file fits in COS's 10,000 parts, in whole MiB.
     */
    long partSize() {
        return effectivePartSizeMiB(partSizeMiB, maxFileSizeGiB) * MIB;
    }

    private static int effectivePartSizeMiB(int partSizeMiB, int maxFileSizeGiB) {
        long needed = (maxFileSizeGiB * GIB + MAX_PARTS - 1) / MAX_PARTS;
        long neededMiB = (needed + MIB - 1) / MIB;
        return (int) Math.max(partSizeMiB, neededMiB);
    }

    /**
     * How many part buffers all uploads of this storage may hold together: {@code uploadMemoryMiB} in whole
     * parts, at least two.
     */
    int uploadBufferBudget() {
        return (int) (uploadMemoryMiB * MIB / partSize());
    }

    long maxObjectSize() {
        return maxFileSizeGiB * GIB;
    }

    /**
     * How often the uploads a crash may have left open are looked for: as often as one can become stale, and at
     * least every ten minutes, so that a short setting is acted on soon and a long one still soon after it is due.
     */
    long staleUploadPassSeconds() {
        return Math.min(staleUploadSeconds, MAX_STALE_UPLOAD_PASS_SECONDS);
    }

    long multipartCopyThreshold() {
        return multipartCopyThresholdMiB * MIB;
    }

    /**
     * Never shows the secret key, so that settings can be logged. The secret id is shown: it identifies the
     * key, as a user name does, and travels in clear in every request's signature.
     */
    @Override
    public String toString() {
        return "storage '" + name + "' (" + location() + ", secretId " + secretId + ")";
    }

    /** The bucket and where it is reached: {@code bucket …, region …} and the endpoint if one is set. */
    String location() {
        return "bucket " + bucket + ", region " + region
                + (endpoint.isEmpty() ? "" : ", endpoint " + protocol + "://" + endpoint);
    }
}
