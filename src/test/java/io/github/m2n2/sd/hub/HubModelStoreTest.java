package io.github.m2n2.sd.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.sd.hub.ModelDownloadException.Kind;

class HubModelStoreTest {

	private static final String MODEL = "tiny/sd2";

	@TempDir
	Path temp;

	private FakeHub hub;
	private FakeHub.Repo repo;
	private Path cache;

	@BeforeEach
	void startHub() throws IOException {
		hub = new FakeHub();
		repo = TinyHubRepository.fill(hub.repo(MODEL, TinyHubRepository.COMMIT));
		cache = temp.resolve("cache");
	}

	@AfterEach
	void stopHub() {
		hub.close();
	}

	/** A store on the fake hub, with the real environment kept out and no pauses between retries. */
	private HubConfig config() {
		return HubConfig.from(name -> null, new Properties()).withEndpoint(hub.endpoint()).withCacheRoot(cache)
			.withRetries(3, Duration.ZERO).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
	}

	private HubModelStore store() {
		return new HubModelStore(config());
	}

	private void assertSameAsHub(final Path folder, final String path) throws IOException {
		assertArrayEquals(repo.files.get(path), Files.readAllBytes(folder.resolve(path)), path);
	}

	private static List<String> filesUnder(final Path folder) throws IOException {
		try (Stream<Path> walk = Files.walk(folder)) {
			return walk.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString().replace('\\', '/'))
				.sorted().collect(Collectors.toList());
		}
	}

	@Test
	void downloadsOnceAndThenAnswersFromTheCacheWithoutARequest() throws Exception {
		final Path folder = store().resolve(MODEL, WeightsVariant.FP32, ProgressListener.NONE);

		assertEquals(cache.resolve("tiny--sd2").resolve("main"), folder);
		for (final String path : new String[] { "model_index.json", "unet/config.json", TinyHubRepository.UNET_FP32,
			TinyHubRepository.VAE_FP32, TinyHubRepository.TEXT_FP32, "tokenizer/vocab.json", "tokenizer/merges.txt",
			"tokenizer/special_tokens_map.json", "tokenizer/tokenizer_config.json", "scheduler/scheduler_config.json" })
			assertSameAsHub(folder, path);
		final List<String> files = filesUnder(folder);
		for (final String unwanted : TinyHubRepository.UNWANTED) {
			assertFalse(files.contains(unwanted), unwanted + " was downloaded");
			assertTrue(hub.requestsFor(unwanted).isEmpty(), unwanted + " was requested");
		}
		assertTrue(files.stream().noneMatch(f -> f.endsWith(".incomplete")), files.toString());
		assertFalse(hub.requests().isEmpty());

		hub.clearRequests();
		final Path again = new HubModelStore(config()).resolve(MODEL, WeightsVariant.FP32, ProgressListener.NONE);
		assertEquals(folder, again);
		assertEquals(List.of(), hub.requests());
	}

	@Test
	void sendsTheTokenToTheHubButNeverToTheCdnAndPinsTheCommit() throws Exception {
		new HubModelStore(config().withToken("hf_secret")).resolve(MODEL, WeightsVariant.FP16, ProgressListener.NONE);

		final List<FakeHub.Request> requests = hub.requests();
		assertTrue(requests.stream().anyMatch(r -> r.server.equals("cdn")), "large files come through the CDN");
		for (final FakeHub.Request r : requests) {
			if (r.server.equals("hub")) assertEquals("Bearer hf_secret", r.authorization, r.toString());
			else assertNull(r.authorization, "token leaked to " + r);
			if (r.path.contains("/resolve/"))
				assertTrue(r.path.contains("/resolve/" + TinyHubRepository.COMMIT + "/"), "not pinned: " + r);
		}
	}

	@Test
	void resumesWithARangeRequestAfterTheConnectionIsCut() throws Exception {
		hub.cutConnection(TinyHubRepository.UNET_FP32, 1);

		final Path folder = store().resolve(MODEL, WeightsVariant.FP32, ProgressListener.NONE);

		final List<FakeHub.Request> gets = hub.requestsFor(FakeHub.sha256(repo.files.get(TinyHubRepository.UNET_FP32)));
		assertEquals(2, gets.size(), gets.toString());
		assertNull(gets.get(0).range);
		assertNotNull(gets.get(1).range, "the second transfer must resume");
		final long from = Long.parseLong(gets.get(1).range.replaceAll("bytes=(\\d+)-", "$1"));
		assertTrue(from > 0 && from <= 150_000, "resumed from " + from);
		assertSameAsHub(folder, TinyHubRepository.UNET_FP32);
	}

	@Test
	void continuesAPartialFileLeftByAnEarlierRun() throws Exception {
		final Path partial = cache.resolve("tiny--sd2/main/" + TinyHubRepository.VAE_FP32 + ".incomplete");
		Files.createDirectories(partial.getParent());
		Files.write(partial, java.util.Arrays.copyOf(repo.files.get(TinyHubRepository.VAE_FP32), 1000));

		final Path folder = store().resolve(MODEL, WeightsVariant.FP32, ProgressListener.NONE);

		final List<FakeHub.Request> gets = hub.requestsFor(FakeHub.sha256(repo.files.get(TinyHubRepository.VAE_FP32)));
		assertEquals(1, gets.size(), gets.toString());
		assertEquals("bytes=1000-", gets.get(0).range);
		assertSameAsHub(folder, TinyHubRepository.VAE_FP32);
		assertFalse(Files.exists(partial));
	}

	@Test
	void startsOverWhenTheServerIgnoresTheRange() throws Exception {
		final Path partial = cache.resolve("tiny--sd2/main/" + TinyHubRepository.VAE_FP32 + ".incomplete");
		Files.createDirectories(partial.getParent());
		Files.write(partial, java.util.Arrays.copyOf(repo.files.get(TinyHubRepository.VAE_FP32), 1000));
		hub.ignoreRange(true);

		final Path folder = store().resolve(MODEL, WeightsVariant.FP32, ProgressListener.NONE);

		// A 200 answer is the whole file: appending it to the partial one would corrupt it.
		assertSameAsHub(folder, TinyHubRepository.VAE_FP32);
	}

	@Test
	void deletesAndFetchesAgainAFileThatArrivesCorrupted() throws Exception {
		hub.corrupt(TinyHubRepository.TEXT_FP32, 1);

		final Path folder = store().resolve(MODEL, WeightsVariant.FP32, ProgressListener.NONE);

		final List<FakeHub.Request> gets = hub.requestsFor(FakeHub.sha256(repo.files.get(TinyHubRepository.TEXT_FP32)));
		assertEquals(2, gets.size(), gets.toString());
		assertNull(gets.get(1).range, "never resume from bytes known to be wrong");
		assertSameAsHub(folder, TinyHubRepository.TEXT_FP32);
	}

	@Test
	void refusesAFileThatStaysCorruptedAndLeavesNothingBehind() throws Exception {
		hub.corrupt(TinyHubRepository.UNET_FP32, 2);

		final ModelDownloadException e = assertThrows(ModelDownloadException.class,
			() -> store().resolve(MODEL, WeightsVariant.FP32, ProgressListener.NONE));

		assertEquals(Kind.CORRUPT, e.kind());
		assertTrue(e.getMessage().contains(TinyHubRepository.UNET_FP32) && e.getMessage().contains("deleted"), e.getMessage());
		final Path folder = cache.resolve("tiny--sd2/main");
		assertFalse(Files.exists(folder.resolve(TinyHubRepository.UNET_FP32)));
		assertFalse(Files.exists(folder.resolve(TinyHubRepository.UNET_FP32 + ".incomplete")));
		assertFalse(store().isCached(HubModelId.parse(MODEL), WeightsVariant.FP32));

		// Once the hub serves the right bytes again, the next attempt completes the model.
		assertSameAsHub(store().resolve(MODEL, WeightsVariant.FP32, ProgressListener.NONE), TinyHubRepository.UNET_FP32);
	}

	@Test
	void replacesACorruptedFileLeftInTheCacheBeforeCompletionWasRecorded() throws Exception {
		final Path folder = cache.resolve("tiny--sd2/main");
		final byte[] wrong = repo.files.get(TinyHubRepository.VAE_FP16).clone();
		wrong[7] ^= 1; // right size, wrong bytes
		Files.createDirectories(folder.resolve("vae"));
		Files.write(folder.resolve(TinyHubRepository.VAE_FP16), wrong);

		store().resolve(MODEL, WeightsVariant.FP16, ProgressListener.NONE);

		assertSameAsHub(folder, TinyHubRepository.VAE_FP16);
		assertEquals(1, hub.requestsFor(FakeHub.sha256(repo.files.get(TinyHubRepository.VAE_FP16))).size());
	}

	@Test
	void offlineModeWithoutTheModelSendsNothingAndSaysWhatToDo() {
		final HubModelStore offline = new HubModelStore(config().withOffline(true));

		final ModelDownloadException e = assertThrows(ModelDownloadException.class,
			() -> offline.resolve(MODEL, WeightsVariant.FP16, ProgressListener.NONE));

		assertEquals(Kind.NOT_CACHED, e.kind());
		assertTrue(e.getMessage().contains("tiny/sd2 is not in the cache at " + cache.resolve("tiny--sd2").resolve("main")),
			e.getMessage());
		assertTrue(e.getMessage().contains("run once online or pass a local folder"), e.getMessage());
		assertEquals(List.of(), hub.requests());
	}

	@Test
	void offlineModeFromTheEnvironmentUsesTheCacheWithoutARequest() throws Exception {
		final Path online = store().resolve(MODEL, WeightsVariant.FP16, ProgressListener.NONE);
		hub.clearRequests();
		final HubConfig fromEnv = HubConfig.from(name -> name.equals("HF_HUB_OFFLINE") ? "1" : null, new Properties())
			.withEndpoint(hub.endpoint()).withCacheRoot(cache);
		assertTrue(fromEnv.offline());

		// Asked for fp32 offline with only fp16 cached: the cached model serves, nothing is sent.
		assertEquals(online, new HubModelStore(fromEnv).resolve(MODEL, WeightsVariant.FP32, ProgressListener.NONE));
		assertEquals(online, new HubModelStore(fromEnv).resolve(MODEL, WeightsVariant.FP16, ProgressListener.NONE));
		assertEquals(List.of(), hub.requests());
	}

	@Test
	void fetchesOneWeightsFilePerNetworkForTheRequestedPrecision() throws Exception {
		final Path folder = store().resolve(MODEL, WeightsVariant.FP16, ProgressListener.NONE);

		for (final String half : new String[] { TinyHubRepository.UNET_FP16, TinyHubRepository.VAE_FP16, TinyHubRepository.TEXT_FP16 }) {
			assertSameAsHub(folder, half);
			assertEquals(1, hub.requestsFor(FakeHub.sha256(repo.files.get(half))).size(), half);
		}
		for (final String full : new String[] { TinyHubRepository.UNET_FP32, TinyHubRepository.VAE_FP32, TinyHubRepository.TEXT_FP32 }) {
			assertFalse(Files.exists(folder.resolve(full)), full);
			assertTrue(hub.requestsFor(full).isEmpty(), full + " was requested");
		}

		// Full precision later: only the other weights travel; shared small files stay.
		hub.clearRequests();
		store().resolve(MODEL, WeightsVariant.FP32, ProgressListener.NONE);
		assertSameAsHub(folder, TinyHubRepository.UNET_FP32);
		assertTrue(hub.requestsFor("unet/config.json").isEmpty());
		assertTrue(hub.requestsFor(TinyHubRepository.UNET_FP16).isEmpty());
	}

	@Test
	void fallsBackToThePlainFileWhenNoFp16VariantExists() throws Exception {
		repo.files.remove(TinyHubRepository.VAE_FP16);

		final Path folder = store().resolve(MODEL, WeightsVariant.FP16, ProgressListener.NONE);

		assertSameAsHub(folder, TinyHubRepository.VAE_FP32);
		assertSameAsHub(folder, TinyHubRepository.UNET_FP16);
		assertFalse(Files.exists(folder.resolve(TinyHubRepository.UNET_FP32)));
	}

	@Test
	void refusesARepositoryWithOnlyPickleWeights() {
		final FakeHub.Repo pickled = hub.repo("old/pickled", TinyHubRepository.COMMIT);
		repo.files.forEach((path, content) -> {
			if (!path.startsWith("unet/diffusion_pytorch_model") || path.endsWith(".bin")) pickled.put(path, content);
		});

		final ModelDownloadException e = assertThrows(ModelDownloadException.class,
			() -> store().resolve("old/pickled", WeightsVariant.FP32, ProgressListener.NONE));

		assertEquals(Kind.PICKLE_ONLY, e.kind());
		assertTrue(e.getMessage().contains("unet/diffusion_pytorch_model.bin"), e.getMessage());
		assertTrue(e.getMessage().contains("can execute code"), e.getMessage());
		assertTrue(e.getMessage().contains("unet/diffusion_pytorch_model.safetensors"), e.getMessage());
		assertTrue(hub.requests().stream().noneMatch(r -> r.path.contains("/resolve/")), "no file may be fetched");
	}

	@Test
	void passesALocalFolderThroughWithoutARequest() throws Exception {
		final Path local = temp.resolve("my model");
		TinyHubRepository.writeFolder(repo, local, true);

		assertEquals(local.toAbsolutePath(), store().resolve(local.toString(), WeightsVariant.FP32, ProgressListener.NONE));
		assertEquals(List.of(), hub.requests());
	}

	@Test
	void explainsWhatALocalFolderLacks() throws Exception {
		final Path local = temp.resolve("half");
		TinyHubRepository.writeFolder(repo, local, false);
		Files.delete(local.resolve(TinyHubRepository.TEXT_FP32));
		Files.delete(local.resolve("tokenizer/merges.txt"));

		final ModelDownloadException e = assertThrows(ModelDownloadException.class,
			() -> store().resolve(local.toString(), WeightsVariant.FP32, ProgressListener.NONE));

		assertEquals(Kind.NOT_A_CHECKPOINT, e.kind());
		assertTrue(e.getMessage().contains("text_encoder/model.safetensors") && e.getMessage().contains("tokenizer/merges.txt"),
			e.getMessage());
		assertEquals(List.of(), hub.requests());
	}

	@Test
	void reportsAMissingModel() {
		final ModelDownloadException e = assertThrows(ModelDownloadException.class,
			() -> store().resolve("nobody/nothing", WeightsVariant.FP16, ProgressListener.NONE));
		assertEquals(Kind.NOT_FOUND, e.kind());
		assertTrue(e.getMessage().contains("No such model") && e.getMessage().contains("nobody/nothing"), e.getMessage());
	}

	@Test
	void reportsAMissingRevision() {
		final ModelDownloadException e = assertThrows(ModelDownloadException.class,
			() -> store().resolve(MODEL + "@v9", WeightsVariant.FP16, ProgressListener.NONE));
		assertEquals(Kind.NOT_FOUND, e.kind());
		assertTrue(e.getMessage().contains("no revision 'v9'"), e.getMessage());
	}

	@Test
	void explainsAGatedModelAndAcceptsTheToken() throws Exception {
		repo.gatedStatus = 403;
		repo.requiredToken = "hf_good";

		final ModelDownloadException e = assertThrows(ModelDownloadException.class,
			() -> store().resolve(MODEL, WeightsVariant.FP16, ProgressListener.NONE));
		assertEquals(Kind.ACCESS_DENIED, e.kind());
		assertTrue(e.getMessage().contains("gated") && e.getMessage().contains("accept its license") &&
			e.getMessage().contains("HF_TOKEN"), e.getMessage());

		final Path folder = new HubModelStore(config().withToken("hf_good")).resolve(MODEL, WeightsVariant.FP16,
			ProgressListener.NONE);
		assertSameAsHub(folder, TinyHubRepository.UNET_FP16);
	}

	@Test
	void explainsAnAnonymous401AsMissingOrPrivateOrGated() {
		repo.gatedStatus = 401;

		final ModelDownloadException e = assertThrows(ModelDownloadException.class,
			() -> store().resolve(MODEL, WeightsVariant.FP16, ProgressListener.NONE));
		assertEquals(Kind.NOT_FOUND, e.kind());
		assertTrue(e.getMessage().contains("private or gated") && e.getMessage().contains("HF_TOKEN"), e.getMessage());

		final ModelDownloadException withToken = assertThrows(ModelDownloadException.class,
			() -> new HubModelStore(config().withToken("hf_bad")).resolve(MODEL, WeightsVariant.FP16, ProgressListener.NONE));
		assertEquals(Kind.ACCESS_DENIED, withToken.kind());
		assertFalse(withToken.getMessage().contains("hf_bad"), "a token must never appear in a message");
	}

	@Test
	void reportsAnUnreachableHubAsANetworkError() throws Exception {
		final String deadEndpoint = hub.endpoint();
		hub.close(); // nothing listens there any more

		final ModelDownloadException e = assertThrows(ModelDownloadException.class,
			() -> new HubModelStore(config().withEndpoint(deadEndpoint)).resolve(MODEL, WeightsVariant.FP16, ProgressListener.NONE));
		assertEquals(Kind.NETWORK, e.kind());
		assertTrue(e.getMessage().contains("Network error") && e.getMessage().contains("local model folder"), e.getMessage());
	}

	@Test
	void refusesToStartWhenTheDiskCannotHoldTheModel() {
		final HubModelStore nearlyFull = new HubModelStore(config(), folder -> 1000);

		final ModelDownloadException e = assertThrows(ModelDownloadException.class,
			() -> nearlyFull.resolve(MODEL, WeightsVariant.FP32, ProgressListener.NONE));
		assertEquals(Kind.DISK_FULL, e.kind());
		assertTrue(e.getMessage().contains("Not enough disk space") && e.getMessage().contains("M2N2_CACHE"), e.getMessage());
		assertTrue(hub.requests().stream().noneMatch(r -> r.path.contains("/resolve/")));
	}

	@Test
	void describesFilesWithHeadRequestsWhenTheListingLacksSizes() throws Exception {
		hub.blobsInListing(false);
		hub.corrupt(TinyHubRepository.UNET_FP16, 1);
		hub.corrupt("unet/config.json", 1);

		final Path folder = store().resolve(MODEL, WeightsVariant.FP16, ProgressListener.NONE);

		assertTrue(hub.requests().stream().anyMatch(r -> r.method.equals("HEAD")));
		// The checksums from the headers caught both corruptions (LFS SHA-256 and git SHA-1).
		assertEquals(2, hub.requestsFor(FakeHub.sha256(repo.files.get(TinyHubRepository.UNET_FP16))).size());
		assertEquals(2, hub.requests().stream().filter(r -> r.method.equals("GET") && r.path.endsWith("unet/config.json")).count());
		assertSameAsHub(folder, TinyHubRepository.UNET_FP16);
		assertSameAsHub(folder, "unet/config.json");
	}

	@Test
	void twoThreadsAskingForTheSameModelDownloadItOnce() throws Exception {
		final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
		try {
			final java.util.concurrent.Future<Path> a = pool.submit(() -> store().resolve(MODEL, WeightsVariant.FP16, ProgressListener.NONE));
			final java.util.concurrent.Future<Path> b = pool.submit(() -> store().resolve(MODEL, WeightsVariant.FP16, ProgressListener.NONE));
			assertEquals(a.get(60, java.util.concurrent.TimeUnit.SECONDS), b.get(60, java.util.concurrent.TimeUnit.SECONDS));
		}
		finally {
			pool.shutdownNow();
		}
		assertEquals(1, hub.requestsFor(FakeHub.sha256(repo.files.get(TinyHubRepository.UNET_FP16))).size());
	}

	@Test
	void cancelingKeepsThePartialFileAndTheNextRunResumesIt() throws Exception {
		final java.util.concurrent.atomic.AtomicBoolean cancel = new java.util.concurrent.atomic.AtomicBoolean();
		final ProgressListener canceling = new ProgressListener() {
			@Override
			public void progress(final String task, final double fraction) {
				if (fraction > 0.2) cancel.set(true);
			}

			@Override
			public boolean isCanceled() {
				return cancel.get();
			}
		};

		assertThrows(io.github.m2n2.engine.CanceledException.class,
			() -> store().resolve(MODEL, WeightsVariant.FP32, canceling));
		final Path folder = cache.resolve("tiny--sd2/main");
		final Path partial = folder.resolve(TinyHubRepository.UNET_FP32 + ".incomplete");
		assertTrue(Files.exists(partial), "the bytes received are kept");
		assertFalse(Files.exists(folder.resolve(TinyHubRepository.UNET_FP32)));

		hub.clearRequests();
		store().resolve(MODEL, WeightsVariant.FP32, ProgressListener.NONE);
		final List<FakeHub.Request> gets = hub.requestsFor(FakeHub.sha256(repo.files.get(TinyHubRepository.UNET_FP32)));
		assertEquals(1, gets.size());
		assertNotNull(gets.get(0).range);
		assertSameAsHub(folder, TinyHubRepository.UNET_FP32);
	}

	@Test
	void reportsProgressFromZeroToOne() throws Exception {
		final List<Double> fractions = new java.util.concurrent.CopyOnWriteArrayList<>();
		store().resolve(MODEL, WeightsVariant.FP16, (task, fraction) -> {
			if (task.startsWith("Downloading")) fractions.add(fraction);
		});
		assertFalse(fractions.isEmpty());
		for (int i = 1; i < fractions.size(); i++)
			assertTrue(fractions.get(i) >= fractions.get(i - 1), "progress went back: " + fractions);
		assertEquals(1.0, fractions.get(fractions.size() - 1), 1e-12);
	}
}
