package io.github.m2n2.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.m2n2.backbone.EmbeddedBackbone;
import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.SegmentationSession;
import io.github.m2n2.engine.Settings;

/**
 * The 16-bit matrix against floats on fidelity cases (fields of small nuclei, where labels move
 * first), with the exact walk and window so that only the storage differs: every label within
 * IoU 0.99, whichever loops this JVM runs ({@code packed16} is forced).
 */
class PackedMatrixFidelityTest {

	@Test
	void thePackedMatrixKeepsTheFloatMatrixsLabels() throws Exception {
		Settings exact = new Settings().krylovDimension(0).upsampling(Settings.Upsampling.EXACT);
		Settings floats = exact.copy().matrixStorage(Settings.MatrixStorage.FLOAT);
		Settings packed = exact.copy().matrixStorage(Settings.MatrixStorage.PACKED16);
		int[][] cases = { { 1, 128, 16 }, { 2, 128, 16 }, { 8, 256, 32 }, { 15, 256, 32 } };
		for (int[] k : cases) {
			FidelityCases.Case c = FidelityCases.generate(k[0], k[1]);
			Attention attention = new EmbeddedBackbone().attention(c.guide, k[2], ProgressListener.NONE);
			SegmentationSession session = new SegmentationSession(c.guide, attention, floats, ProgressListener.NONE);
			short[] reference = session.segment(c.clicks, ProgressListener.NONE).labels();
			session.updateSettings(packed, ProgressListener.NONE);
			double worst = RefinedUpsamplingFidelityTest.worstLabelIoU(session.segment(c.clicks, ProgressListener.NONE).labels(), reference, c);
			assertTrue(worst >= 0.99, c.name + " at r = " + k[2] + ": worst label IoU of the packed matrix " + worst);
		}
	}
}
