package io.github.m2n2.sd.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class HubConfigTest {

	private final Map<String, String> env = new HashMap<>();
	private final Properties properties = new Properties();

	private HubConfig config() {
		properties.setProperty("user.home", "/home/ann");
		return HubConfig.from(env::get, properties);
	}

	@Test
	void defaultsToTheHubAndTheHomeCache() {
		final HubConfig c = config();
		assertEquals("https://huggingface.co", c.endpoint());
		assertEquals(Paths.get("/home/ann", ".cache", "m2n2", "models"), c.cacheRoot());
		assertFalse(c.offline());
		assertFalse(c.hasToken());
	}

	@Test
	void systemPropertyBeatsEnvironmentForTheCache() {
		env.put("M2N2_CACHE", "/data/env-cache");
		assertEquals(Paths.get("/data/env-cache"), config().cacheRoot());
		properties.setProperty("m2n2.cache", "~/prop-cache");
		assertEquals(Paths.get("/home/ann", "prop-cache"), config().cacheRoot());
		assertEquals(Paths.get("/x"), config().withCacheRoot(Paths.get("/x")).cacheRoot());
	}

	@Test
	void readsOfflineModeFromPropertyOrEnvironment() {
		env.put("HF_HUB_OFFLINE", "1");
		assertTrue(config().offline());
		properties.setProperty("m2n2.offline", "false"); // the property is the more specific setting
		assertFalse(config().offline());
		properties.setProperty("m2n2.offline", "true");
		env.remove("HF_HUB_OFFLINE");
		assertTrue(config().offline());
		assertFalse(config().withOffline(false).offline());
	}

	@Test
	void readsEndpointAndTokenFromTheEnvironmentAndNeverPrintsTheToken() {
		env.put("HF_ENDPOINT", "http://127.0.0.1:8080/");
		env.put("HF_TOKEN", " hf_abc ");
		final HubConfig c = config();
		assertEquals("http://127.0.0.1:8080", c.endpoint());
		assertEquals("hf_abc", c.token());
		assertFalse(c.toString().contains("hf_abc"));
		env.remove("HF_TOKEN");
		env.put("HUGGING_FACE_HUB_TOKEN", "hf_old");
		assertEquals("hf_old", config().token());
	}
}
