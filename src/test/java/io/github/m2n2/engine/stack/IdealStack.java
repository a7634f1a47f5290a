package io.github.m2n2.engine.stack;

import java.util.ArrayList;
import java.util.List;

import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;

/**
 * A stack with known regions and the ideal attention of each plane: every token attends to the
 * tokens of its own region (and with a tiny weight to all others), so a plane's segmentation is
 * right exactly when its clicks are; what is tested is how clicks travel between planes.
 */
final class IdealStack implements PlaneGuides {

	static final int SIZE = 32;
	static final int R = 16;

	final List<int[]> truth = new ArrayList<>();
	/** Planes whose guide shows background only, though their attention still groups the regions (an object faded out). */
	final java.util.Set<Integer> faded = new java.util.HashSet<>();
	int attentionsComputed;

	@Override
	public int planes() { return truth.size(); }

	@Override
	public int width() { return SIZE; }

	@Override
	public int height() { return SIZE; }

	@Override
	public GuideImage guide(int plane) {
		int[] t = truth.get(plane);
		float[] v = new float[t.length];
		for (int i = 0; i < v.length; i++) v[i] = t[i] == 0 || faded.contains(plane) ? 0.1f : 0.3f + 0.2f * (t[i] % 4);
		return GuideImage.ofChannels(SIZE, SIZE, v, v.clone(), v.clone());
	}

	Attention attention(GuideImage guide, int plane, ProgressListener progress) {
		attentionsComputed++;
		int[] t = truth.get(plane);
		int n = R * R, cell = SIZE / R;
		int[] region = new int[n];
		for (int ty = 0; ty < R; ty++)
			for (int tx = 0; tx < R; tx++) region[ty * R + tx] = t[(ty * cell + cell / 2) * SIZE + tx * cell + cell / 2];
		float[] a = new float[n * n];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) a[i * n + j] = region[i] == region[j] ? 1f : 1e-4f;
		return Attention.normalisingRows(R, a);
	}

	/** Adds a plane where each given box {@code x0, y0, x1, y1} (exclusive ends) is labelled 1, 2, ... */
	IdealStack plane(int[]... boxes) {
		int[] t = new int[SIZE * SIZE];
		for (int k = 0; k < boxes.length; k++) {
			int[] b = boxes[k];
			if (b == null) continue;
			for (int y = b[1]; y < b[3]; y++)
				for (int x = b[0]; x < b[2]; x++) t[y * SIZE + x] = k + 1;
		}
		truth.add(t);
		return this;
	}

	double iou(StackSegmentation s, int plane, int label) {
		short[] l = s.labels(plane);
		int[] t = truth.get(plane);
		long inter = 0, union = 0;
		for (int i = 0; i < t.length; i++) {
			boolean a = (l[i] & 0xffff) == label, b = t[i] == label;
			if (a && b) inter++;
			if (a || b) union++;
		}
		return union == 0 ? 1 : (double) inter / union;
	}

	long pixels(StackSegmentation s, int plane, int label) {
		long n = 0;
		for (short v : s.labels(plane)) if ((v & 0xffff) == label) n++;
		return n;
	}
}
