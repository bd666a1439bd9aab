package org.cosftp.storage.cos.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import java.util.HashMap;
import java.util.Map;

import org.junit.Test;

/** Reading and checking a storage configuration. */
public class StorageSettingsTest {
    private static final String FILE = "/opt/cos-ftp/etc/org.cosftp.storage-archive.cfg";

    private static Map<String, Object> valid() {
        var properties = new HashMap<String, Object>();
        properties.put("felix.fileinstall.filename", "file:" + FILE);
        properties.put("bucket", "archive-1250000000");
        properties.put("region", "ap-shanghai");
        properties.put("secretId", "AKIDexample");
        properties.put("secretKey", "very-secret-key-value");
        return properties;
    }

    @Test
    public void defaultsFollowTheSpecification() {
        StorageSettings settings = StorageSettings.from(valid());
        assertThat(settings.name(), is("archive"));
        assertThat(settings.protocol(), is("https"));
        assertThat(settings.maxFileSizeGiB(), is(200));
        assertThat(settings.maxObjectSize(), is(200L << 30));
        assertThat(settings.commandTimeoutSeconds(), is(60));
    }

    @Test
    public void partSizeGrowsSoThatTheLargestFileFitsInTenThousandParts() {
        var properties = valid();
        properties.put("partSizeMiB", "8");
        properties.put("maxFileSizeGiB", "200");
        StorageSettings settings = StorageSettings.from(properties);
        assertThat(settings.partSize(), is(21L << 20));
        assertThat(settings.partSize() * StorageSettings.MAX_PARTS >= settings.maxObjectSize(), is(true));

        properties.put("partSizeMiB", "64");
        assertThat(StorageSettings.from(properties).partSize(), is(64L << 20));
    }

    @Test
    public void uploadMemoryIsCountedInWholeParts() {
        StorageSettings defaults = StorageSettings.from(valid());
        assertThat(defaults.uploadMemoryMiB(), is(512));
        assertThat(defaults.uploadBufferBudget(), is(24));

        var properties = valid();
        properties.put("partSizeMiB", "5");
        properties.put("maxFileSizeGiB", "1");
        properties.put("uploadMemoryMiB", "14");
        assertThat(StorageSettings.from(properties).uploadBufferBudget(), is(2));
    }

    @Test
    public void uploadMemoryBelowTwoPartsIsRefused() {
        var properties = valid();
        properties.put("partSizeMiB", "8");
        properties.put("uploadMemoryMiB", "41");
        var failure = assertThrows(IllegalArgumentException.class, () -> StorageSettings.from(properties));
        assertThat(failure.getMessage(), containsString(FILE + ": uploadMemoryMiB = '41' must be at least 42: two parts"
                + " of 21 MiB"));

        properties.put("uploadMemoryMiB", "42");
        assertThat(StorageSettings.from(properties).uploadBufferBudget(), is(2));
        assertRefused("uploadMemoryMiB", "65537", "uploadMemoryMiB = '65537' must be a whole number from 1 to 65536");
    }

    @Test
    public void withoutUploadMemoryLargePartsRaiseTheDefaultToTwoParts() {
        var properties = valid();
        properties.put("partSizeMiB", "300");
        assertThat(StorageSettings.from(properties).uploadMemoryMiB(), is(600));
    }

    @Test
    public void anExplicitNameWinsOverTheFileName() {
        var properties = valid();
        properties.put("name", "photos");
        assertThat(StorageSettings.from(properties).name(), is("photos"));
    }

    @Test
    public void badValuesNameTheFileTheKeyAndTheReason() {
        assertRefused("partSizeMiB", "abc", "partSizeMiB = 'abc' must be a whole number from 5 to 1024");
        assertRefused("uploadThreads", "0", "uploadThreads = '0' must be a whole number from 1 to 64");
        assertRefused("bucket", "NoAppId", "bucket = 'NoAppId' must be <bucket>-<appid>");
        assertRefused("region", "", "region = '' must be a COS region");
        assertRefused("protocol", "ftp", "protocol = 'ftp' must be https or http");
        assertRefused("secretKey", "", "secretKey = '' must be set");
        assertRefused("endpoint", "https://cos.example/path", "endpoint = 'https://cos.example/path' must be host[:port]");
        assertRefused("staleUploadSeconds", "0", "staleUploadSeconds = '0' must be a whole number from 1 to 2592000");
        assertRefused("staleUploadSeconds", "2592001",
                "staleUploadSeconds = '2592001' must be a whole number from 1 to 2592000");
        assertRefused("staleUploadSeconds", "3h", "staleUploadSeconds = '3h' must be a whole number from 1 to 2592000");
    }

    @Test
    public void staleUploadsAreLookedForAsOftenAsOneCanBecomeStaleAndAtLeastEveryTenMinutes() {
        StorageSettings defaults = StorageSettings.from(valid());
        assertThat(defaults.staleUploadSeconds(), is(10_800));
        assertThat(defaults.staleUploadPassSeconds(), is(600L));

        var properties = valid();
        properties.put("staleUploadSeconds", "5");
        assertThat(StorageSettings.from(properties).staleUploadPassSeconds(), is(5L));
    }

    @Test
    public void partsTooLargeForOneJavaArrayAreRefusedWhenRead() {
        assertRefused("partSizeMiB", "2048", "partSizeMiB = '2048' must be a whole number from 5 to 1024: each part is"
                + " held in memory in one Java array, which cannot reach 2048 MiB");
        assertRefused("partSizeMiB", "5120", "partSizeMiB = '5120' must be a whole number from 5 to 1024");
        var properties = valid();
        properties.put("partSizeMiB", "1024");
        StorageSettings largest = StorageSettings.from(properties);
        assertThat(largest.partSize(), is(1024L << 20));
        assertThat(largest.uploadMemoryMiB(), is(2048));
    }

    @Test
    public void aLargestFileThatCannotFitInTenThousandPartsIsRefused() {
        assertRefused("maxFileSizeGiB", "10001", "maxFileSizeGiB = '10001' must be a whole number from 1 to 10000: a"
                + " file is uploaded in at most 10000 parts of at most 1024 MiB");
        var properties = valid();
        properties.put("maxFileSizeGiB", "10000");
        StorageSettings largest = StorageSettings.from(properties);
        assertThat(largest.partSize(), is(1024L << 20));
        assertThat(largest.partSize() * StorageSettings.MAX_PARTS >= largest.maxObjectSize(), is(true));
        assertThat(largest.uploadBufferBudget(), is(2));
    }

    @Test
    public void aSingleCopyOverFiveGibIsRefused() {
        assertRefused("multipartCopyThresholdMiB", "5121", "multipartCopyThresholdMiB = '5121' must be a whole number"
                + " from 1 to 5120: COS copies at most 5 GiB in one request");
    }

    @Test
    public void everyNumberAcceptedStaysWithinWhatTheCodeMultipliesItInto() {
        var properties = valid();
        properties.put("partSizeMiB", "1024");
        properties.put("maxFileSizeGiB", "10000");
        properties.put("uploadMemoryMiB", "65536");
        properties.put("uploadThreads", "64");
        properties.put("multipartCopyThresholdMiB", "5120");
        properties.put("connectTimeoutSeconds", "600");
        properties.put("socketTimeoutSeconds", "3600");
        properties.put("commandTimeoutSeconds", "3600");
        StorageSettings largest = StorageSettings.from(properties);
        assertThat(largest.uploadBufferBudget(), is(64));
        assertThat(largest.maxObjectSize(), is(10_000L << 30));
        assertThat(largest.multipartCopyThreshold(), is(5L << 30));
        assertThat(largest.socketTimeoutSeconds() * 1000 > 0, is(true));
        assertThat("a bound and a second more, in milliseconds", largest.commandTimeoutSeconds() * 1000 + 1000 > 0,
                is(true));
        assertRefused("commandTimeoutSeconds", "0", "commandTimeoutSeconds = '0' must be a whole number from 1 to 3600");
        assertRefused("commandTimeoutSeconds", "3601",
                "commandTimeoutSeconds = '3601' must be a whole number from 1 to 3600");
        assertRefused("connectTimeoutSeconds", "601", "connectTimeoutSeconds = '601' must be a whole number from 1 to 600");
        assertRefused("socketTimeoutSeconds", "2147484", "socketTimeoutSeconds = '2147484' must be a whole number from 1"
                + " to 3600");
        assertRefused("uploadMemoryMiB", "99999999999", "uploadMemoryMiB = '99999999999' must be a whole number");
    }

    private static void assertRefused(String key, String value, String why) {
        var properties = valid();
        properties.put(key, value);
        var failure = assertThrows(IllegalArgumentException.class, () -> StorageSettings.from(properties));
        assertThat(failure.getMessage(), containsString(FILE + ": "));
        assertThat(failure.getMessage(), containsString(why));
    }

    @Test
    public void theSecretKeyNeverShowsInTheDescriptionButTheSecretIdDoes() {
        String description = StorageSettings.from(valid()).toString();
        assertThat(description, containsString("archive-1250000000"));
        assertThat(description, containsString("secretId AKIDexample"));
        assertThat(description, not(containsString("very-secret-key-value")));
    }

    @Test
    public void anEnvironmentVariableThatIsNotSetIsNamed() {
        // Felix's interpolation leaves a placeholder it cannot resolve as it was
        assertUnresolved("secretKey", "$[env:COS_SECRET_KEY]",
                "secretKey names environment variable COS_SECRET_KEY, which is not set");
        assertUnresolved("secretId", "$[env:COS_SECRET_ID]",
                "secretId names environment variable COS_SECRET_ID, which is not set");
        assertUnresolved("bucket", "$[env:COS_BUCKET]", "bucket names environment variable COS_BUCKET, which is not set");
    }

    @Test
    public void placeholdersWithDirectivesAndOtherSourcesAreNamedToo() {
        assertUnresolved("secretKey", "$[env:COS_SECRET_KEY;default=]",
                "secretKey names environment variable COS_SECRET_KEY, which is not set");
        assertUnresolved("secretKey", "$[secret:cos.key]",
                "secretKey names secret file cos.key, which could not be read in the secrets directory");
        assertUnresolved("secretKey", "$[prop:cos.key]", "secretKey names system property cos.key, which is not set");
    }

    @Test
    public void whatResolvedAroundAnUnresolvedPlaceholderIsNeverShown() {
        var failure = assertUnresolved("secretKey", "very-secret-key-value$[env:COS_SECRET_KEY_TAIL]",
                "secretKey names environment variable COS_SECRET_KEY_TAIL, which is not set");
        assertThat(failure.getMessage(), not(containsString("very-secret")));
    }

    @Test
    public void aSecretKeyEmptiedByAnEmptyVariableIsRefused() {
        assertRefused("secretKey", "  ", "secretKey = '' must be set");
        assertRefused("secretId", "", "secretId = '' must be set");
    }

    private static IllegalArgumentException assertUnresolved(String key, String value, String why) {
        var properties = valid();
        properties.put(key, value);
        var failure = assertThrows(IllegalArgumentException.class, () -> StorageSettings.from(properties));
        assertThat(failure.getMessage(), is(FILE + ": " + why));
        return failure;
    }
}
