package io.github.m2n2.sd.hub;

import java.util.Locale;

/**
 * One file of a hub repository as the hub describes it: its path, its size and what its bytes
 * must hash to. Large files live in Git LFS, whose id is the SHA-256 of the content; small files
 * are plain git blobs, whose id is the SHA-1 of a "blob" header plus the content. Either lets
 * the downloader prove that the bytes on disk are the bytes the repository holds.
 */
final class RepoFile {

	/** Size not known yet (the listing did not carry it). */
	static final long UNKNOWN_SIZE = -1;

	private final String path;
	private final long size;
	private final String sha256;
	private final String gitSha1;

	/**
	 * @param sha256 lower-case hex SHA-256 of the content (LFS files), or null
	 * @param gitSha1 lower-case hex git blob id of the content (non-LFS files), or null
	 */
	RepoFile(final String path, final long size, final String sha256, final String gitSha1) {
		this.path = path;
		this.size = size;
		this.sha256 = normalize(sha256, 64);
		this.gitSha1 = normalize(gitSha1, 40);
	}

	private static String normalize(final String hex, final int length) {
		if (hex == null) return null;
		final String h = hex.trim().toLowerCase(Locale.ROOT);
		return h.length() == length && h.chars().allMatch(c -> Character.digit(c, 16) >= 0) ? h : null;
	}

	/** Path inside the repository, '/'-separated, e.g. {@code unet/config.json}. */
	String path() { return path; }

	long size() { return size; }

	boolean sizeKnown() { return size >= 0; }

	String sha256() { return sha256; }

	String gitSha1() { return gitSha1; }

	/** True when a checksum is known, so corrupted bytes of the right size are caught. */
	boolean hasChecksum() {
		return sha256 != null || gitSha1 != null;
	}

	RepoFile withMetadata(final long newSize, final String newSha256, final String newGitSha1) {
		return new RepoFile(path, newSize, newSha256, newGitSha1);
	}

	@Override
	public String toString() {
		return path + " (" + size + " bytes)";
	}
}
