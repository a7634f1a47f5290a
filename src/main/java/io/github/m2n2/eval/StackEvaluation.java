package io.github.m2n2.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;

import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.engine.stack.PlaneClick;
import io.github.m2n2.engine.stack.PlaneGuides;
import io.github.m2n2.engine.stack.PropagationSettings;
import io.github.m2n2.engine.stack.StackPropagation;
import io.github.m2n2.engine.stack.StackSegmentation;
import io.github.m2n2.io.ImageFiles;
import io.github.m2n2.io.ImagePlusGuide;
import io.github.m2n2.io.StackImages;

/**
 * The NoC protocol on stacks: per object of a label stack, a simulated user clicks (see {@link
 * StackClickSimulator}) and the object is propagated through the stack after every click; the
 * same user also clicks with only the clicked planes segmented, the baseline. Per stack one
 * {@link StackPropagation} holds the prepared planes, shared by its objects.
 */
public final class StackEvaluation {

	/** Progress of a run. */
	public interface Listener {
		default void imageStarted(int index, int images, String name, int planes) { }

		default void clicked(int index, int images, String name, int label, boolean propagated, int click, double iou) { }

		default void objectDone(int index, int images, ObjectResult<PlaneClick> propagated, ObjectResult<PlaneClick> baseline, StackReport soFar) { }
	}

	private final Backbone backbone;
	private final int resolution;
	private final Settings settings;
	private final PropagationSettings propagation;
	private final int maxClicks;
	private final ImagePlusGuide.GreyMapping grey;
	private long planesPrepared;

	public StackEvaluation(Backbone backbone, int resolution, Settings settings, PropagationSettings propagation, int maxClicks,
		ImagePlusGuide.GreyMapping grey) {
		if (maxClicks < 1) throw new IllegalArgumentException("max clicks must be at least 1");
		this.backbone = backbone;
		this.resolution = resolution;
		this.settings = settings.copy().validate();
		this.propagation = propagation.copy().validate();
		this.maxClicks = maxClicks;
		this.grey = grey;
	}

	/** Planes prepared (attention and Sinkhorn) over the run. */
	public long planesPrepared() { return planesPrepared; }

	public StackReport run(Dataset dataset, Listener listener) throws DatasetException, BackboneException {
		StackReport report = new StackReport(maxClicks);
		List<Dataset.Item> items = dataset.items();
		for (int index = 0; index < items.size(); index++) {
			Dataset.Item item = items.get(index);
			ImagePlus imp = open(item.image()), mask = open(item.mask());
			if (imp.getNSlices() > 1 && imp.getNFrames() > 1)
				throw new DatasetException("the image " + item.image() + " has both slices and frames; the stack evaluation takes z-stacks or time-lapses");
			if (mask.getWidth() != imp.getWidth() || mask.getHeight() != imp.getHeight() || mask.getStackSize() != imp.getNSlices() * imp.getNFrames())
				throw new DatasetException("the mask " + item.mask() + " is " + mask.getWidth() + " x " + mask.getHeight() + " x " + mask.getStackSize()
					+ " but its image is " + imp.getWidth() + " x " + imp.getHeight() + " x " + imp.getNSlices() * imp.getNFrames()
					+ " (channels aside); give one label per voxel");
			StackImages.Axis axis = StackImages.Axis.defaultFor(imp);
			PlaneGuides guides = StackImages.planes(imp, axis, 1, 1, grey);
			int w = guides.width(), h = guides.height(), planes = guides.planes();
			int[] values = labelValues(mask, item);
			listener.imageStarted(index, items.size(), item.name(), planes);
			StackPropagation<BackboneException> prop = new StackPropagation<>(guides,
				(g, p, progress) -> backbone.attention(g, resolution, progress), resolution, settings, propagation);
			String name = item.image().getFileName().toString();
			final int idx = index;
			for (int k : GroundTruth.labelsIn(values)) {
				StackGroundTruth truth = StackGroundTruth.fromLabels(w, h, planes, values, k);
				ObjectResult<PlaneClick> withProp = simulate(name, truth, prop, true, (c, iou) -> listener.clicked(idx, items.size(), name, k, true, c, iou));
				ObjectResult<PlaneClick> base = simulate(name, truth, prop, false, (c, iou) -> listener.clicked(idx, items.size(), name, k, false, c, iou));
				report.add(withProp, base);
				listener.objectDone(index, items.size(), withProp, base, report);
			}
			planesPrepared += prop.planesPrepared();
			prop.release();
		}
		return report;
	}

	private interface ClickListener {
		void clicked(int click, double iou);
	}

	private ObjectResult<PlaneClick> simulate(String image, StackGroundTruth truth, StackPropagation<BackboneException> prop, boolean propagate,
		ClickListener listener) throws BackboneException {
		long start = System.nanoTime();
		List<PlaneClick> clicks = new ArrayList<>();
		List<Double> ious = new ArrayList<>();
		int n = truth.width() * truth.height();
		PlaneClick next = StackClickSimulator.first(truth);
		while (next != null && clicks.size() < maxClicks) {
			clicks.add(next);
			StackSegmentation seg = prop.run(clicks, propagate, ProgressListener.NONE);
			boolean[] predicted = new boolean[n * truth.planes()];
			for (int p = 0; p < truth.planes(); p++) {
				if (!seg.segmented(p)) continue;
				short[] l = seg.labels(p);
				for (int i = 0; i < n; i++) predicted[p * n + i] = l[i] != 0;
			}
			double iou = truth.iou(predicted);
			ious.add(iou);
			listener.clicked(clicks.size(), iou);
			next = clicks.size() < maxClicks ? StackClickSimulator.next(truth, predicted) : null;
		}
		return new ObjectResult<>(image, truth.label(), clicks, ious.stream().mapToDouble(Double::doubleValue).toArray(), maxClicks,
			(System.nanoTime() - start) / 1e9);
	}

	private static ImagePlus open(java.nio.file.Path p) throws DatasetException {
		try {
			return ImageFiles.open(p);
		} catch (IOException e) {
			throw new DatasetException(e.getMessage());
		}
	}

	/** The mask's labels plane after plane (8/16-bit as they are, 32-bit rounded). */
	private static int[] labelValues(ImagePlus mask, Dataset.Item item) throws DatasetException {
		if (mask.getBitDepth() == 24) throw new DatasetException("the mask " + item.mask() + " is in colour; save label stacks as 8- or 16-bit");
		ImageStack st = mask.getStack();
		int n = mask.getWidth() * mask.getHeight();
		int[] v = new int[n * st.getSize()];
		for (int s = 0; s < st.getSize(); s++) {
			var ip = st.getProcessor(s + 1);
			for (int i = 0; i < n; i++) {
				float f = ip.getf(i);
				if (!Float.isFinite(f) || f < 0) throw new DatasetException("the mask " + item.mask() + " holds a negative or non-finite value on plane " + (s + 1));
				v[s * n + i] = Math.round(f);
			}
		}
		return v;
	}
}
