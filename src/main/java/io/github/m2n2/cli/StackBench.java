package io.github.m2n2.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.m2n2.backbone.EmbeddedBackbone;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.engine.stack.PlaneClick;
import io.github.m2n2.engine.stack.PlaneGuides;
import io.github.m2n2.engine.stack.PropagationSettings;
import io.github.m2n2.engine.stack.StackPropagation;
import io.github.m2n2.engine.stack.StackSegmentation;
import io.github.m2n2.eval.StackClickSimulator;
import io.github.m2n2.eval.StackGroundTruth;
import io.github.m2n2.sample.SyntheticStack;

/**
 * {@code bench --stack}: one propagation through a synthetic volume (default 30 planes of
 * 512 x 512 with 15 nuclei, one click per nucleus on the plane where it is largest), embedded
 * attention, with wall and CPU seconds, and the 3D IoU reached as a check that the work was real.
 */
final class StackBench {

	static final String USAGE = String.join("\n",
		"  --stack              instead: one propagation through a synthetic volume (--size 512, --planes 30,",
		"                       --objects 15, --resolution 64, embedded): wall and CPU seconds, planes prepared,",
		"                       segmentations, mean 3D IoU of the nuclei");

	private StackBench() { }

	static int run(Args a, PrintStream out, Settings settings) throws io.github.m2n2.backbone.BackboneException {
		int size = a.integer("size", 512), planes = a.integer("planes", 30), objects = a.integer("objects", 15), r = a.integer("resolution", 64);
		if (size < 32 || planes < 2 || objects < 1) throw new io.github.m2n2.input.UserError("--size >= 32, --planes >= 2 and --objects >= 1");
		SyntheticStack s = SyntheticStack.nuclei(size, size, planes, objects, 3, 4242);
		int[] values = new int[s.labels.length];
		for (int i = 0; i < values.length; i++) values[i] = s.labels[i] & 0xffff;
		List<PlaneClick> clicks = new ArrayList<>();
		for (int k = 1; k <= s.objects; k++) {
			PlaneClick c = StackClickSimulator.first(StackGroundTruth.fromLabels(size, size, planes, values, k));
			if (c != null) clicks.add(new PlaneClick(c.x(), c.y(), c.plane(), k));
		}
		// the default grey mapping of the command line and Fiji
		PlaneGuides guides = io.github.m2n2.engine.stack.GreyStackGuides.stretched(
			net.imglib2.img.array.ArrayImgs.unsignedShorts(s.pixels, size, size, planes));
		EmbeddedBackbone backbone = new EmbeddedBackbone();
		StackPropagation<io.github.m2n2.backbone.BackboneException> prop = new StackPropagation<>(guides,
			(g, p, pr) -> backbone.attention(g, r, pr), r, settings, new PropagationSettings());
		long cpu0 = BenchCommand.cpuNanos(), t0 = System.nanoTime();
		StackSegmentation seg = prop.run(clicks, true, io.github.m2n2.engine.ProgressListener.NONE);
		double wall = (System.nanoTime() - t0) / 1e9, cpu = (BenchCommand.cpuNanos() - cpu0) / 1e9;
		double iou = 0;
		int n = size * size;
		for (int k = 1; k <= s.objects; k++) {
			long inter = 0, union = 0;
			for (int p = 0; p < planes; p++) {
				short[] l = seg.labels(p);
				for (int i = 0; i < n; i++) {
					boolean x = (l[i] & 0xffff) == k, y = values[p * n + i] == k;
					if (x && y) inter++;
					if (x || y) union++;
				}
			}
			iou += union == 0 ? 1 : (double) inter / union;
		}
		double[] spent = prop.secondsSpent();
		out.println(String.format(Locale.ROOT,
			"stack propagation: %d planes of %d x %d, %d objects, r = %d, embedded, %d cores, Sinkhorn %d iterations: %.1f s wall, %.1f s CPU "
				+ "(attention %.1f s and preparation %.1f s, partly ahead on a background thread; segmentations %.1f s), %d planes prepared, "
				+ "%d segmentations, mean 3D IoU %.3f",
			planes, size, size, s.objects, r, Runtime.getRuntime().availableProcessors(), settings.sinkhornIterations(), wall, cpu,
			spent[0], spent[1], spent[2], prop.planesPrepared(), prop.segmentations(), iou / s.objects));
		prop.release();
		return 0;
	}
}
