package io.github.m2n2.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShardTest {

	/** Every item in exactly one share, shares differing in size by at most one, for items fewer and more than tasks. */
	@ParameterizedTest
	@CsvSource({ "0,1", "1,1", "7,1", "7,2", "7,3", "7,7", "7,10", "100,3", "101,8", "1000,64" })
	void tasksTogetherTakeEveryItemExactlyOnce(int items, int tasks) {
		List<String> sorted = new ArrayList<>();
		for (int i = 0; i < items; i++) sorted.add(String.format("img%04d.tif", i));
		Set<String> seen = new HashSet<>();
		int total = 0, min = Integer.MAX_VALUE, max = 0;
		for (int i = 1; i <= tasks; i++) {
			List<String> share = new Shard(i, tasks).of(sorted);
			total += share.size();
			min = Math.min(min, share.size());
			max = Math.max(max, share.size());
			for (String s : share) assertTrue(seen.add(s), s + " is in two shares of " + tasks);
			// a share keeps the sorted order, and computing it again gives the same share
			assertEquals(share, new Shard(i, tasks).of(sorted));
		}
		assertEquals(items, total);
		assertEquals(new HashSet<>(sorted), seen);
		assertTrue(max - min <= 1, "shares of " + min + " to " + max + " items");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0/4", "5/4", "3", "a/b", "1/0", "-1/3", "" })
	void badShardsAreRefusedWithAMessage(String text) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(text));
		assertTrue(e.getMessage().contains("--shard"), e.getMessage());
	}

	@ParameterizedTest
	@CsvSource({ "1/1,1,1", "3/10,3,10", " 2 / 5 ,2,5" })
	void parsesIOfN(String text, int index, int count) {
		Shard s = Shard.parse(text);
		assertEquals(index, s.index);
		assertEquals(count, s.count);
	}
}
