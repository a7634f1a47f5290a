package io.github.m2n2.backbone;

import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;

/**
 * Attention without learned weights: each token is described by the colour of its image cell
 * (mean and spread) and its position, and attends to every other token with a Gaussian of
 * their feature distance, normalised per row like softmax attention.
 */
public final class EmbeddedBackbone implements Backbone {

	private static final int SUBCELLS = 4;
	private final double colourSigma;
	private final double positionSigma;

	public EmbeddedBackbone() {
		this(0.08, 0.25);
	}

	/**
	 * @param colourSigma   colour distance (in [0, 1] RGB units) at which affinity drops by e^-1/2
	 * @param positionSigma position distance (in image widths) likewise
	 */
	public EmbeddedBackbone(double colourSigma, double positionSigma) {
		this.colourSigma = colourSigma;
		this.positionSigma = positionSigma;
	}

	@Override
	public String name() { return "embedded"; }

	@Override
	public Attention attention(GuideImage image, int r, ProgressListener progress) throws BackboneException {
		if (r < 2) throw new BackboneException("The attention grid side must be at least 2, got " + r + ".");
		progress.progress("Embedded attention", 0);
		int s = r * SUBCELLS;
		GuideImage small = image.resized(s, s);
		int n = r * r;
		float[][] f = new float[n][];
		for (int ty = 0; ty < r; ty++)
			for (int tx = 0; tx < r; tx++) {
				double[] mean = new double[3], sq = new double[3];
				for (int y = 0; y < SUBCELLS; y++)
					for (int x = 0; x < SUBCELLS; x++) {
						int p = (ty * SUBCELLS + y) * s + tx * SUBCELLS + x;
						for (int c = 0; c < 3; c++) {
							double v = small.channel(c)[p];
							mean[c] += v;
							sq[c] += v * v;
						}
					}
				int cells = SUBCELLS * SUBCELLS;
				float[] feat = new float[8];
				for (int c = 0; c < 3; c++) {
					double m = mean[c] / cells;
					double sd = Math.sqrt(Math.max(0, sq[c] / cells - m * m));
					feat[c] = (float) (m / colourSigma);
					feat[3 + c] = (float) (sd / colourSigma);
				}
				feat[6] = (float) ((tx + 0.5) / r / positionSigma);
				feat[7] = (float) ((ty + 0.5) / r / positionSigma);
				f[ty * r + tx] = feat;
			}
		float[] a = new float[n * n];
		for (int i = 0; i < n; i++) {
			float[] fi = f[i];
			int off = i * n;
			for (int j = 0; j < n; j++) {
				float[] fj = f[j];
				float d = 0;
				for (int k = 0; k < 8; k++) {
					float t = fi[k] - fj[k];
					d += t * t;
				}
				a[off + j] = (float) Math.exp(-0.5 * d);
			}
			if ((i & 255) == 0) {
				progress.checkCanceled();
				progress.progress("Embedded attention", (double) i / n);
			}
		}
		return Attention.normalisingRows(r, a);
	}
}
