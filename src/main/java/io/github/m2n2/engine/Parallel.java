package io.github.m2n2.engine;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Splits index ranges into one chunk per core. The engine's hot loops are memory bound, so a
 * handful of large contiguous chunks beats fine-grained tasks.
 */
final class Parallel {

	interface RangeBody {
		void run(int chunk, int from, int to);
	}

	private Parallel() { }

	static int chunks() {
		return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), ForkJoinPool.getCommonPoolParallelism() + 1));
	}

	/** Runs {@code body} over [0, n) in {@link #chunks()} contiguous pieces, in parallel. */
	static void forRange(int n, RangeBody body) {
		forRange(n, chunks(), body);
	}

	static void forRange(int n, int chunks, RangeBody body) {
		int k = Math.max(1, Math.min(chunks, n));
		if (k == 1) {
			body.run(0, 0, n);
			return;
		}
		IntStream.range(0, k).parallel().forEach(c -> {
			int from = (int) ((long) n * c / k), to = (int) ((long) n * (c + 1) / k);
			body.run(c, from, to);
		});
	}
}
