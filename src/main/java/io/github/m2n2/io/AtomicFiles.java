package io.github.m2n2.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Outputs are written beside their destination, then moved into place in one step. */
public final class AtomicFiles {

	private AtomicFiles() { }

	/** A fresh temporary file in the destination's folder (same file system, so the move is atomic). */
	public static Path temporarySibling(Path destination) throws IOException {
		Path dir = destination.toAbsolutePath().getParent();
		if (dir == null) dir = Path.of(".").toAbsolutePath();
		if (!Files.isDirectory(dir)) throw new IOException("the folder " + dir + " does not exist");
		return Files.createTempFile(dir, "." + destination.getFileName() + ".", ".part");
	}
}
