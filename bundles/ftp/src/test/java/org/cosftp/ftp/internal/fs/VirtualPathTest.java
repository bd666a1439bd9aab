package org.cosftp.ftp.internal.fs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** Paths as users write them, hostile ones included, and the keys they name under a home. */
public class VirtualPathTest {
    private static final String HOME = "alice/";

    @Test
    public void relativePathsResolveAgainstTheWorkingDirectory() {
        assertEquals("/docs/a.txt", VirtualPath.resolve("/docs", "a.txt"));
        assertEquals("/docs/sub/a.txt", VirtualPath.resolve("/docs", "./sub//a.txt"));
        assertEquals("/a.txt", VirtualPath.resolve("/docs", "../a.txt"));
        assertEquals("/docs", VirtualPath.resolve("/docs", null));
        assertEquals("/docs", VirtualPath.resolve("/docs", "  "));
    }

    @Test
    public void noPathClimbsAboveTheHome() {
        for (String climbing : new String[] {"../bob/canary.txt", "..\\bob\\canary.txt", "/../bob/canary.txt",
                "//../bob/canary.txt", "/alice/../../bob/canary.txt", "../".repeat(2_000) + "bob/canary.txt"}) {
            String path = VirtualPath.resolve("/", climbing);
            assertEquals(climbing, "/bob/canary.txt", path);
            assertTrue(climbing, VirtualPath.key(HOME, path).startsWith(HOME));
        }
    }

    @Test
    public void percentEscapesAreNamesNotDots() {
        assertEquals("/%2e%2e/bob", VirtualPath.resolve("/", "%2e%2e/bob"));
    }

    @Test
    public void theRootIsTheHomeAndDirectoriesArePrefixes() {
        assertEquals("alice", VirtualPath.key(HOME, "/"));
        assertEquals("alice/docs/a.txt", VirtualPath.key(HOME, "/docs/a.txt"));
        assertEquals(HOME, VirtualPath.directoryPrefix(HOME, "/"));
        assertEquals("alice/docs/", VirtualPath.directoryPrefix(HOME, "/docs"));
        assertEquals("/", VirtualPath.parent("/a.txt"));
        assertEquals("/docs", VirtualPath.parent("/docs/a.txt"));
        assertEquals("a.txt", VirtualPath.name("/docs/a.txt"));
        assertEquals("/", VirtualPath.name("/"));
    }

    @Test
    public void keysOverCosLimitAreTooLongCountedInUtf8Bytes() {
        assertFalse(VirtualPath.tooLong("a".repeat(VirtualPath.MAX_KEY_BYTES)));
        assertTrue(VirtualPath.tooLong("a".repeat(VirtualPath.MAX_KEY_BYTES + 1)));
        // three bytes each in UTF-8
        assertTrue(VirtualPath.tooLong("\u4e2d".repeat(VirtualPath.MAX_KEY_BYTES / 3 + 1)));
    }

    @Test
    public void namesThatWouldBreakAListingAreNotShown() {
        assertTrue(VirtualPath.showable("report.txt"));
        for (String name : new String[] {"", ".", "..", "a/b", "evil\r\n226 forged", "nul\0name"}) {
            assertFalse(name, VirtualPath.showable(name));
        }
    }
}
