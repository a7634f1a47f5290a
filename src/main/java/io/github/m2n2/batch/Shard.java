package io.github.m2n2.batch;

import java.util.ArrayList;
import java.util.List;

/**
 * Task {@code index} of {@code count} (1-based): a fixed share of a sorted list, so that
 * {@code count} tasks started independently (a SLURM job array) together take every item exactly
 * once. Items are dealt round-robin, so neighbours in name order (often similar in size) spread
 * over the tasks.
 */
public final class Shard {

	public static final Shard ALL = new Shard(1, 1);

	public final int index;
	public final int count;

	public Shard(int index, int count) {
		if (count < 1 || index < 1 || index > count)
			throw new IllegalArgumentException("a shard is I/N with 1 <= I <= N, got " + index + "/" + count);
		this.index = index;
		this.count = count;
	}

	/**
	 * Parses {@code I/N}.
	 *
	 * @throws IllegalArgumentException with a message for the user
	 */
	public static Shard parse(String text) {
		String t = text.trim();
		int slash = t.indexOf('/');
		if (slash < 0) throw new IllegalArgumentException("--shard needs I/N (task I of N, 1-based), got '" + text + "'");
		int i, n;
		try {
			i = Integer.parseInt(t.substring(0, slash).trim());
			n = Integer.parseInt(t.substring(slash + 1).trim());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("--shard needs I/N with whole numbers, e.g. 3/10, got '" + text + "'");
		}
		if (n < 1 || i < 1 || i > n)
			throw new IllegalArgumentException("--shard " + text + " is out of range: I counts from 1 to N (a SLURM array needs --array=1-N)");
		return new Shard(i, n);
	}

	/** This task's share of the items, in their order. */
	public <T> List<T> of(List<T> sorted) {
		List<T> share = new ArrayList<>();
		for (int k = index - 1; k < sorted.size(); k += count) share.add(sorted.get(k));
		return share;
	}

	public boolean isAll() { return count == 1; }

	@Override
	public String toString() { return index + "/" + count; }
}
