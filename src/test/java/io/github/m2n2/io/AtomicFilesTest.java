package io.github.m2n2.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

	@TempDir
	Path dir;

	@Test
	void aTemporarySiblingIsFreshRecognisedAndCreatedLikeAnyNewFile() throws Exception {
		Path destination = dir.resolve("labels.tif");
		Path a = AtomicFiles.temporarySibling(destination), b = AtomicFiles.temporarySibling(destination);
		assertNotEquals(a, b);
		assertEquals(dir, a.getParent());
		assertTrue(AtomicFiles.isTemporaryOf(a.getFileName().toString(), destination), a.toString());
		assertTrue(Files.exists(a) && Files.size(a) == 0);
		if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
			Path plain = Files.createFile(dir.resolve("plain"));
			// the same permissions as a file the user's umask shapes, not owner-only
			assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(a));
		}
	}

	/** A folder that refuses new files (Linux's /proc, even for root): the error names the destination, not the temporary name. */
	@Test
	void aRefusingFolderIsReportedWithTheDestination() {
		Path proc = Path.of("/proc/self");
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(proc), "needs Linux's /proc");
		Path destination = Path.of("/proc/labels.tif");
		java.nio.file.FileSystemException e = org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.FileSystemException.class,
			() -> AtomicFiles.temporarySibling(destination));
		assertEquals(destination.toString(), e.getFile());
		assertTrue(e.getReason().contains("refuses a new file"), e.getReason());
	}
}
