package io.github.m2n2.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Outputs are written beside their destination, then moved into place in one step. */
public final class AtomicFiles {

	private static final String SUFFIX = ".part";

	private AtomicFiles() { }

	/**
	 * A fresh temporary file in the destination's folder (same file system, so the move is
	 * atomic). It is created like any new file, with the permissions the user's umask gives
	 * (typically readable by the group and others): {@code Files.createTempFile} would make it
	 * readable by its owner only, and the moved result, a label image in a shared lab folder or a
	 * cluster's output, would stay that way.
	 */
	public static Path temporarySibling(Path destination) throws IOException {
		Path dir = destination.toAbsolutePath().getParent();
		if (dir == null) dir = Path.of(".").toAbsolutePath();
		if (!Files.isDirectory(dir)) throw new IOException("the folder " + dir + " does not exist");
		java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
		for (int attempt = 0; ; attempt++) {
			Path candidate = dir.resolve(prefix(destination) + random.nextLong(1, Long.MAX_VALUE) + SUFFIX);
			try {
				return Files.createFile(candidate);
			} catch (java.nio.file.FileAlreadyExistsException e) {
				if (attempt >= 100) throw e;
			} catch (java.nio.file.FileSystemException e) {
				// name what the user asked for, not the temporary name they never gave
				throw new java.nio.file.FileSystemException(destination.toString(), null,
					"the folder " + dir + " refuses a new file (" + e.getClass().getSimpleName() + (e.getReason() != null ? ": " + e.getReason() : "") + ")");
			}
		}
	}

	/**
	 * Whether a file name is one of the temporary siblings that {@link #temporarySibling} makes
	 * for this destination: what a killed run leaves behind (a finished or failed write removes its own).
	 */
	public static boolean isTemporaryOf(String fileName, Path destination) {
		String prefix = prefix(destination);
		if (!fileName.startsWith(prefix) || !fileName.endsWith(SUFFIX)) return false;
		String middle = fileName.substring(prefix.length(), fileName.length() - SUFFIX.length());
		return !middle.isEmpty() && middle.chars().allMatch(Character::isDigit);
	}

	private static String prefix(Path destination) {
		return "." + destination.getFileName() + ".";
	}
}
