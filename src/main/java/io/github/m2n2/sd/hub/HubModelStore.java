package io.github.m2n2.sd.hub;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToLongFunction;

import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.sd.hub.ModelDownloadException.Kind;

/**
 * Makes a Stable Diffusion 2 checkpoint in diffusers layout available as a local folder: either
 * the folder the user names, or a model of the Hugging Face hub, downloaded once into a cache
 * ({@code ~/.cache/m2n2/models/<owner>--<name>/<revision>/}) and found there on later runs
 * without any request. Only the files the networks need are fetched, weights only as
 * safetensors. See docs/hub.md for the user's view.
 */
public final class HubModelStore {

	private final HubConfig config;
	private final HubApi api;
	private final ResumableDownload download;
	private final ToLongFunction<Path> usableSpace;

	/** Endpoint, cache, token and offline mode from system properties and the environment. */
	public HubModelStore() {
		this(HubConfig.fromEnvironment());
	}

	/** As {@link #HubModelStore()}, with the cache in the given folder. */
	public HubModelStore(final Path cacheRoot) {
		this(HubConfig.fromEnvironment().withCacheRoot(cacheRoot));
	}

	public HubModelStore(final HubConfig config) {
		this(config, HubModelStore::usableSpace);
	}

	/** @param usableSpace free bytes on the file system of a folder; tests simulate a full disk */
	HubModelStore(final HubConfig config, final ToLongFunction<Path> usableSpace) {
		this.config = Objects.requireNonNull(config, "config");
		final HubHttp http = new HubHttp(config);
		this.api = new HubApi(config, http);
		this.download = new ResumableDownload(config, http);
		this.usableSpace = usableSpace;
	}

	public HubConfig config() {
		return config;
	}

	/**
	 * The checkpoint folder for a local folder or a hub model id.
	 *
	 * @param modelIdOrFolder an existing folder in diffusers layout, or {@code owner/name} with an
	 *        optional {@code @revision}; an existing folder wins over an id of the same spelling
	 * @param precision which weights to fetch when downloading; a local folder is taken as it is
	 * @param progress receives "bytes done / bytes to fetch" and may cancel (partial files are kept
	 *        and resumed next time)
	 */
	public Path resolve(final String modelIdOrFolder, final WeightsVariant precision, final ProgressListener progress)
		throws ModelDownloadException
	{
		Objects.requireNonNull(modelIdOrFolder, "modelIdOrFolder");
		final Path local = existingFolder(modelIdOrFolder);
		if (local != null) {
			DiffusersLayout.checkFolder(local);
			return local;
		}
		if (!HubModelId.looksLikeId(modelIdOrFolder))
			throw new ModelDownloadException(Kind.NOT_A_CHECKPOINT, "'" + modelIdOrFolder +
				"' is neither an existing folder nor a hub model id of the form owner/name[@revision].");
		return resolve(HubModelId.parse(modelIdOrFolder), precision, progress);
	}

	/** The checkpoint folder of a hub model, downloaded first unless already in the cache. */
	public Path resolve(final HubModelId model, final WeightsVariant precision, final ProgressListener progress)
		throws ModelDownloadException
	{
		final Path folder = cacheFolder(model);
		if (CacheManifest.problem(folder, precision) == null) return folder;
		if (config.offline()) return cachedWhileOffline(model, precision, folder);
		final Path lockFile = folder.resolveSibling(folder.getFileName() + ".lock");
		try (CacheLock lock = CacheLock.acquire(lockFile, model.toString(), config, progress)) {
			// Another process may have finished the download while this one waited for the lock.
			if (CacheManifest.problem(folder, precision) == null) return folder;
			fetchInto(model, precision, folder, progress);
		}
		return folder;
	}

	/** True when {@link #resolve(HubModelId, WeightsVariant, ProgressListener)} needs no network. */
	public boolean isCached(final HubModelId model, final WeightsVariant precision) {
		return CacheManifest.problem(cacheFolder(model), precision) == null;
	}

	/** Where a hub model is (or would be) cached. */
	public Path cacheFolder(final HubModelId model) {
		return config.cacheRoot().resolve(model.cacheFolderName()).resolve(model.revisionFolderName());
	}

	/** Offline, a complete download of the other precision serves too: the folder is a valid model. */
	private Path cachedWhileOffline(final HubModelId model, final WeightsVariant precision, final Path folder)
		throws ModelDownloadException
	{
		for (final WeightsVariant other : WeightsVariant.values())
			if (other != precision && CacheManifest.problem(folder, other) == null) return folder;
		final String why = Files.isDirectory(folder) ? " (" + CacheManifest.problem(folder, precision) + ")" : "";
		throw new ModelDownloadException(Kind.NOT_CACHED, "Model " + model + " is not in the cache at " + folder +
			why + " and offline mode is on; run once online or pass a local folder.");
	}

	private void fetchInto(final HubModelId model, final WeightsVariant precision, final Path folder,
		final ProgressListener progress) throws ModelDownloadException
	{
		progress.progress("Listing the files of " + model, 0);
		final RepoSnapshot snapshot = api.snapshot(model);
		final List<String> paths = DiffusersLayout.select(snapshot.files().keySet(), precision, "Model " + model);
		// The commit, not the branch: all files from one state even if the branch moves meanwhile.
		final String revision = snapshot.commit() != null ? snapshot.commit() : model.revision();
		final List<RepoFile> files = new ArrayList<>();
		for (final String path : paths) {
			RepoFile file = snapshot.files().get(path);
			if (!file.sizeKnown() || !file.hasChecksum()) file = api.describe(model, revision, file);
			if (!file.sizeKnown())
				throw new ModelDownloadException(Kind.NETWORK, "The hub does not tell the size of " + path +
					" of model " + model + ", so its download could not be checked.");
			files.add(file);
		}
		try {
			final List<RepoFile> missing = filesToFetch(files, folder, progress);
			long bytes = 0, partial = 0;
			for (final RepoFile f : missing) {
				bytes += f.size();
				final Path part = ResumableDownload.partialOf(folder.resolve(f.path()));
				if (Files.isRegularFile(part)) partial += Math.min(f.size(), Files.size(part));
			}
			checkDiskSpace(model, folder, bytes - partial);
			final ByteProgress bytesProgress = new ByteProgress(progress, "Downloading " + model + " (" +
				humanBytes(bytes) + ")", bytes);
			for (final RepoFile f : missing) {
				final Path target = folder.resolve(f.path());
				Files.createDirectories(target.getParent());
				download.fetch(model, api.fileUrl(model, revision, f.path()), f, target, bytesProgress);
			}
			CacheManifest.write(folder, precision, model, snapshot.commit(), files);
			bytesProgress.done();
		}
		catch (final IOException e) {
			throw HubErrors.forIOException(e, model, null, config);
		}
	}

	/**
	 * Files not yet in place. A file already there (shared with the other precision, or left by a
	 * run that died before recording completion) is kept only if it still matches the hub.
	 */
	private static List<RepoFile> filesToFetch(final List<RepoFile> files, final Path folder,
		final ProgressListener progress) throws IOException
	{
		final List<RepoFile> missing = new ArrayList<>();
		for (final RepoFile f : files) {
			final Path target = folder.resolve(f.path());
			if (Files.isRegularFile(target)) {
				progress.progress("Checking " + f.path(), 0);
				if (ContentCheck.mismatch(target, f, progress) == null) continue;
				Files.delete(target);
			}
			missing.add(f);
		}
		return missing;
	}

	private void checkDiskSpace(final HubModelId model, final Path folder, final long needed)
		throws ModelDownloadException
	{
		Path existing = folder.toAbsolutePath();
		while (existing != null && !Files.exists(existing)) existing = existing.getParent();
		if (existing == null) return;
		final long free = usableSpace.applyAsLong(existing);
		// A little headroom: the file system needs some for its own bookkeeping.
		if (free >= 0 && free < needed + (needed >> 6))
			throw new ModelDownloadException(Kind.DISK_FULL, "Not enough disk space for model " + model + " in " +
				existing + ": about " + humanBytes(needed) + " needed, " + humanBytes(free) +
				" free. Free some space or set M2N2_CACHE to a folder on a larger disk.");
	}

	private static long usableSpace(final Path folder) {
		try {
			final FileStore store = Files.getFileStore(folder);
			return store.getUsableSpace();
		}
		catch (final IOException e) {
			return -1; // unknown: let the download try, a full disk is still reported when it happens
		}
	}

	static String humanBytes(final long bytes) {
		if (bytes < 1024) return bytes + " B";
		if (bytes < 1024L * 1024) return String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
		if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
		return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
	}

	/** The folder the text names if it exists, with {@code ~} for the home folder; else null. */
	private static Path existingFolder(final String text) throws ModelDownloadException {
		String t = text.trim();
		if (t.equals("~") || t.startsWith("~/") || t.startsWith("~\\"))
			t = System.getProperty("user.home") + t.substring(1);
		final Path path;
		try {
			path = Paths.get(t);
		}
		catch (final InvalidPathException e) {
			return null;
		}
		if (Files.isDirectory(path)) return path.toAbsolutePath().normalize();
		if (Files.exists(path))
			throw new ModelDownloadException(Kind.NOT_A_CHECKPOINT, path + " is a file; pass the checkpoint folder " +
				"(the one holding model_index.json) or a hub model id.");
		if (path.isAbsolute() || t.startsWith(".") || t.contains("\\") || t.chars().filter(c -> c == '/').count() > 1)
			throw new ModelDownloadException(Kind.NOT_A_CHECKPOINT, "No such folder: " + path +
				" (for a hub model write owner/name).");
		return null;
	}
}
