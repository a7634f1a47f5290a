package io.github.m2n2.sd.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.sd.hub.ModelDownloadException.Kind;

/** The cache folder has one writer at a time, across threads and across processes. */
class CacheLockTest {

	@TempDir
	Path temp;

	private FakeHub hub;

	@BeforeEach
	void startHub() throws IOException {
		hub = new FakeHub();
		TinyHubRepository.fill(hub.repo("tiny/sd2", TinyHubRepository.COMMIT));
	}

	@AfterEach
	void stopHub() {
		hub.close();
	}

	private HubConfig config(final Duration lockWait) {
		return HubConfig.from(name -> null, new Properties()).withEndpoint(hub.endpoint())
			.withCacheRoot(temp.resolve("cache")).withRetries(2, Duration.ZERO).withLockWait(lockWait);
	}

	private Path lockFile() {
		return temp.resolve("cache").resolve("tiny--sd2").resolve("main.lock");
	}

	@Test
	void waitsForAnotherProcessAndGivesUpWithAClearMessage() throws Exception {
		Files.createDirectories(lockFile().getParent());
		final Process other = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
			"-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), lockFile().toString())
			.redirectErrorStream(true).start();
		try {
			final BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
			assertEquals("locked", out.readLine());

			final List<String> tasks = new CopyOnWriteArrayList<>();
			final ModelDownloadException e = assertThrows(ModelDownloadException.class,
				() -> new HubModelStore(config(Duration.ofMillis(600))).resolve("tiny/sd2", WeightsVariant.FP16,
					(task, fraction) -> tasks.add(task)));
			assertEquals(Kind.CACHE, e.kind());
			assertTrue(e.getMessage().contains("Another process") && e.getMessage().contains(lockFile().toString()),
				e.getMessage());
			assertTrue(tasks.contains("Waiting for another download of tiny/sd2"), tasks.toString());
			assertTrue(hub.requests().isEmpty(), "nothing may be fetched while another process writes");
		}
		finally {
			other.getOutputStream().close();
			if (!other.waitFor(20, TimeUnit.SECONDS)) other.destroyForcibly();
		}
		// The other process is gone, and with it its lock.
		final Path folder = new HubModelStore(config(Duration.ofSeconds(5))).resolve("tiny/sd2", WeightsVariant.FP16,
			ProgressListener.NONE);
		assertTrue(Files.isRegularFile(folder.resolve(TinyHubRepository.UNET_FP16)));
	}

	@Test
	void aThreadWaitsWhileAnotherHoldsTheFolderAndProceedsAfterwards() throws Exception {
		final HubConfig config = config(Duration.ofSeconds(30));
		final ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			final Future<Path> waiting;
			try (CacheLock held = CacheLock.acquire(lockFile(), "tiny/sd2", config, ProgressListener.NONE)) {
				waiting = pool.submit(() -> new HubModelStore(config).resolve("tiny/sd2", WeightsVariant.FP16, ProgressListener.NONE));
				Thread.sleep(500);
				assertFalse(waiting.isDone(), "must wait for the holder");
				assertTrue(hub.requests().isEmpty(), "nothing may be fetched while another thread writes");
			}
			final Path folder = waiting.get(30, TimeUnit.SECONDS);
			assertTrue(Files.isRegularFile(folder.resolve(TinyHubRepository.UNET_FP16)));
		}
		finally {
			pool.shutdownNow();
		}
	}
}
