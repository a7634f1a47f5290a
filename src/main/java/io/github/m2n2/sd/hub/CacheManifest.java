package io.github.m2n2.sd.hub;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * The record, written last, that a cache folder holds a complete download for one precision:
 * which commit, which files, their sizes and checksums. A folder without it is unfinished, so a
 * run that was killed halfway is never mistaken for a model. With it, a later start finds the
 * model by checking names and sizes only, without a request and without hashing gigabytes.
 */
final class CacheManifest {

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

	/** What the JSON file holds; field names are the file format. */
	static final class Content {
		String model;
		String revision;
		String commit;
		String precision;
		List<Entry> files = new ArrayList<>();
	}

	static final class Entry {
		String path;
		long size;
		String sha256;
		String gitSha1;
	}

	private CacheManifest() { }

	static Path fileFor(final Path folder, final WeightsVariant precision) {
		return folder.resolve(".m2n2-complete-" + precision.label() + ".json");
	}

	static void write(final Path folder, final WeightsVariant precision, final HubModelId model, final String commit,
		final List<RepoFile> files) throws IOException
	{
		final Content c = new Content();
		c.model = model.repoId();
		c.revision = model.revision();
		c.commit = commit;
		c.precision = precision.label();
		for (final RepoFile f : files) {
			final Entry e = new Entry();
			e.path = f.path();
			e.size = f.size();
			e.sha256 = f.sha256();
			e.gitSha1 = f.gitSha1();
			c.files.add(e);
		}
		final Path target = fileFor(folder, precision);
		final Path temp = target.resolveSibling(target.getFileName() + ResumableDownload.PARTIAL_SUFFIX);
		try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
			GSON.toJson(c, w);
		}
		try {
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (final AtomicMoveNotSupportedException e) {
			Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** @return the manifest, or null when the folder has none for this precision or it is unreadable */
	static Content read(final Path folder, final WeightsVariant precision) {
		final Path file = fileFor(folder, precision);
		if (!Files.isRegularFile(file)) return null;
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			final Content c = GSON.fromJson(r, Content.class);
			return c == null || c.files == null ? null : c;
		}
		catch (final IOException | JsonParseException e) {
			return null;
		}
	}

	/**
	 * @return null when every recorded file is present with its recorded size, else the first
	 *         problem ("no record of a complete download", "unet/config.json is missing"...)
	 */
	static String problem(final Path folder, final WeightsVariant precision) {
		final Content c = read(folder, precision);
		if (c == null) return "no complete " + precision + " download is recorded there";
		for (final Entry e : c.files) {
			final Path p = folder.resolve(e.path);
			try {
				if (!Files.isRegularFile(p)) return e.path + " is missing";
				if (Files.size(p) != e.size) return e.path + " has " + Files.size(p) + " bytes instead of " + e.size;
			}
			catch (final IOException ex) {
				return e.path + " cannot be read: " + ex.getMessage();
			}
		}
		return null;
	}
}
