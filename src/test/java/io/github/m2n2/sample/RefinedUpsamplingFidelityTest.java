package io.github.m2n2.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.m2n2.backbone.EmbeddedBackbone;
import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.SegmentationSession;
import io.github.m2n2.engine.Settings;

/**
 * A fidelity case (four by four tiles of small nuclei, r = 16 on 128 px, the geometry of r = 64
 * on 512 px at a sixteenth of the cost) on which the sampled window loses a nucleus almost
 * entirely, while the refined window gives the exact computation's labels.
 */
class RefinedUpsamplingFidelityTest {

	@Test
	void refinedWindowKeepsTheLabelsTheSampledWindowLoses() throws Exception {
		FidelityCases.Case c = FidelityCases.generate(1, 128);
		Attention attention = new EmbeddedBackbone().attention(c.guide, 16, ProgressListener.NONE);
		Settings exactWalk = new Settings().krylovDimension(0);
		SegmentationSession session = new SegmentationSession(c.guide, attention, exactWalk.copy().upsampling(Settings.Upsampling.EXACT),
			ProgressListener.NONE);
		short[] exact = session.segment(c.clicks, ProgressListener.NONE).labels();
		session.updateSettings(exactWalk.copy().upsampling(Settings.Upsampling.FAST), ProgressListener.NONE);
		double fast = worstLabelIoU(session.segment(c.clicks, ProgressListener.NONE).labels(), exact, c);
		session.updateSettings(exactWalk.copy().upsampling(Settings.Upsampling.REFINED), ProgressListener.NONE);
		double refined = worstLabelIoU(session.segment(c.clicks, ProgressListener.NONE).labels(), exact, c);
		assertTrue(fast < 0.5, "the sampled window was expected to lose a label here; worst IoU " + fast);
		assertTrue(refined >= 0.99, "refined window, worst label IoU with the exact computation " + refined);
	}

	/** The worst IoU over the case's object labels between two label images (fidelity tests share it). */
	static double worstLabelIoU(short[] a, short[] b, FidelityCases.Case c) {
		double worst = 1;
		for (Click click : c.clicks) {
			if (click.isBackground()) continue;
			long inter = 0, union = 0;
			for (int p = 0; p < a.length; p++) {
				boolean x = a[p] == click.label(), y = b[p] == click.label();
				if (x && y) inter++;
				if (x || y) union++;
			}
			worst = Math.min(worst, union == 0 ? 1 : (double) inter / union);
		}
		return worst;
	}
}
