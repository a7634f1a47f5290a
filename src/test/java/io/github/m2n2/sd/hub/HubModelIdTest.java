package io.github.m2n2.sd.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HubModelIdTest {

	@Test
	void parsesOwnerNameAndDefaultsToMain() {
		final HubModelId id = HubModelId.parse("stabilityai/stable-diffusion-2-1-base");
		assertEquals("stabilityai", id.owner());
		assertEquals("stable-diffusion-2-1-base", id.name());
		assertEquals("main", id.revision());
		assertEquals("stabilityai--stable-diffusion-2-1-base", id.cacheFolderName());
		assertEquals("stabilityai/stable-diffusion-2-1-base", id.toString());
	}

	@Test
	void parsesAPinnedRevisionAndMakesItOneFolderName() {
		final HubModelId id = HubModelId.parse("a/b@refs/pr/1");
		assertEquals("refs/pr/1", id.revision());
		assertEquals("refs--pr--1", id.revisionFolderName());
		assertEquals("a/b@refs/pr/1", id.toString());
		assertEquals("5c1f1a2", HubModelId.parse("a/b@5c1f1a2").revision());
	}

	@Test
	void rejectsWhatCouldLeaveTheCacheOrIsNoId() {
		for (final String bad : new String[] { "sd2", "a/b/c", "../b", "a/..", "a/b@../../x", "a/b@", "/a/b", "a/b@x/",
			"a b/c", "a/.hidden", "C:\\models\\sd2" })
			assertFalse(HubModelId.looksLikeId(bad), bad);
		assertThrows(IllegalArgumentException.class, () -> HubModelId.parse("a/b@x//y"));
		assertTrue(HubModelId.looksLikeId("Owner_1/model.v2"));
	}

	@Test
	void encodesRevisionsAndPathsForUrls() {
		assertEquals("refs%2Fpr%2F1", HubApi.encode("refs/pr/1", false));
		assertEquals("unet/config.json", HubApi.encode("unet/config.json", true));
		assertEquals("a%20b", HubApi.encode("a b", true));
	}
}
