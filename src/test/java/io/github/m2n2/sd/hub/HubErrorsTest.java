package io.github.m2n2.sd.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Paths;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.github.m2n2.sd.hub.ModelDownloadException.Kind;

class HubErrorsTest {

	private final HubConfig config = HubConfig.from(name -> null, new Properties()).withCacheRoot(Paths.get("/cache"));
	private final HubModelId model = HubModelId.parse("a/b");

	@Test
	void aFullDiskIsNamedAsSuchWhateverTheOperatingSystemCallsIt() {
		for (final String message : new String[] { "No space left on device",
			"There is not enough space on the disk", "Disk quota exceeded" }) {
			final ModelDownloadException e = HubErrors.forIOException(new IOException(message), model, "unet/x", config);
			assertEquals(Kind.DISK_FULL, e.kind(), message);
			assertTrue(e.getMessage().contains("/cache") && e.getMessage().contains("M2N2_CACHE"), e.getMessage());
		}
	}

	@Test
	void anUnknownHostIsANetworkErrorNamingTheHost() {
		final ModelDownloadException e = HubErrors.forIOException(new UnknownHostException("huggingface.co"), model, null, config);
		assertEquals(Kind.NETWORK, e.kind());
		assertTrue(e.getMessage().contains("unknown host huggingface.co"), e.getMessage());
	}

	@Test
	void everyMessageIsOneLine() {
		final int[] statuses = { 401, 403, 404, 429, 500, 418 };
		for (final int status : statuses)
			for (final String code : new String[] { null, "GatedRepo", "RepoNotFound", "EntryNotFound", "RevisionNotFound" }) {
				final String m = HubErrors.forStatus(status, code, model, "unet/config.json", config).getMessage();
				assertFalse(m.contains("\n"), m);
			}
		assertTrue(HubErrors.isTransient(503) && HubErrors.isTransient(429) && !HubErrors.isTransient(404));
	}
}
