package io.github.m2n2.sd.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.github.m2n2.engine.ProgressListener;

/**
 * Proves that a file holds the bytes the hub describes: its size, and the SHA-256 (LFS files) or
 * the git blob SHA-1 (small files) of its content. A file of the right size with wrong bytes, a
 * torn write or a CDN fault, is caught here and never reaches the networks.
 */
final class ContentCheck {

	private ContentCheck() { }

	/** @return null when the file matches, else what differs, for a message */
	static String mismatch(final Path file, final RepoFile expected, final ProgressListener progress)
		throws IOException
	{
		final long size = Files.size(file);
		if (expected.sizeKnown() && size != expected.size())
			return "size " + size + " instead of " + expected.size() + " bytes";
		if (!expected.hasChecksum()) return null;
		final MessageDigest sha256 = expected.sha256() != null ? digest("SHA-256") : null;
		final MessageDigest sha1 = expected.sha256() == null ? digest("SHA-1") : null;
		// git names a blob by SHA-1 of "blob <size>\0" followed by the content.
		if (sha1 != null) sha1.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
		final byte[] buffer = new byte[1 << 20];
		try (InputStream in = Files.newInputStream(file)) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				if (sha256 != null) sha256.update(buffer, 0, n);
				if (sha1 != null) sha1.update(buffer, 0, n);
				progress.checkCanceled();
			}
		}
		if (sha256 != null) {
			final String actual = hex(sha256.digest());
			return actual.equals(expected.sha256()) ? null : "SHA-256 " + actual + " instead of " + expected.sha256();
		}
		final String actual = hex(sha1.digest());
		return actual.equals(expected.gitSha1()) ? null : "git SHA-1 " + actual + " instead of " + expected.gitSha1();
	}

	static MessageDigest digest(final String algorithm) {
		try {
			return MessageDigest.getInstance(algorithm);
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("every JDK has " + algorithm, e);
		}
	}

	static String hex(final byte[] bytes) {
		final StringBuilder sb = new StringBuilder(bytes.length * 2);
		for (final byte b : bytes) sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
		return sb.toString();
	}
}
