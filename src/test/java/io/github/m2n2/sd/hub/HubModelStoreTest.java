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
		repo = TinyCheckpoint.fill(hub.repo(MODEL, TinyCheckpoint.COMMIT));
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
		final Path folder = store().resolve(MODEL, Precision.FP32, ProgressListener.NONE);

		assertEquals(cache.resolve("tiny--sd2").resolve("main"), folder);
		for (final String path : new String[] { "model_index.json", "unet/config.json", TinyCheckpoint.UNET_FP32,
			TinyCheckpoint.VAE_FP32, TinyCheckpoint.TEXT_FP32, "tokenizer/vocab.json", "tokenizer/merges.txt",
			"tokenizer/special_tokens_map.json", "tokenizer/tokenizer_config.json", "scheduler/scheduler_config.json" })
			assertSameAsHub(folder, path);
		final List<String> files = filesUnder(folder);
		for (final String unwanted : TinyCheckpoint.UNWANTED) {
			assertFalse(files.contains(unwanted), unwanted + " was downloaded");
			assertTrue(hub.requestsFor(unwanted).isEmpty(), unwanted + " was requested");
		}
		assertTrue(files.stream().noneMatch(f -> f.endsWith(".incomplete")), files.toString());
		assertFalse(hub.requests().isEmpty());

		hub.clearRequests();
		final Path again = new HubModelStore(config()).resolve(MODEL, Precision.FP32, ProgressListener.NONE);
		assertEquals(folder, again);
		assertEquals(List.of(), hub.requests());
	}
}
