package io.github.m2n2.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;

import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.SegmentationSession;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.io.ImageFiles;
import io.github.m2n2.io.ImagePlusGuide;

/**
 * Runs the NoC protocol over a data set: per image one attention and one prepared session,
 * shared by all its objects (a click's distance map depends on its position only, so objects
 * of one label image even share cached maps); per object the {@link SimulatedUser}.
 */
public final class Evaluation {

	/** Progress of a run, for a console bar and logs. */
	public interface Listener {
		/** Before image {@code index} (0-based) of {@code images}. */
		default void imageStarted(int index, int images, String name) { }

		/** During an object, after each click. */
		default void clicked(int index, int images, String name, int click, double iou, NocReport soFar) { }

		default void objectDone(int index, int images, ObjectResult<SimulatedClick> result, NocReport soFar) { }

		/** After the everyday workflow of one image. */
		default void workflowDone(int index, int images, WorkflowResult result, List<WorkflowResult> soFar) { }

		/** Engine progress (attention, preparation) of the current image. */
		default ProgressListener engine() { return ProgressListener.NONE; }

		/** Something about the data the user may want to know, that does not stop the run. */
		default void note(String message) { }
	}

	private final Backbone backbone;
	private final int resolution;
	private final Settings settings;
	private final int maxClicks;
	private final boolean labelImages;
	private final boolean workflow;
	private final ImagePlusGuide.GreyMapping greyMapping;
	private final List<WorkflowResult> workflowResults = new ArrayList<>();
	private double attentionSeconds;
	private double preparationSeconds;

	/**
	 * @param resolution  attention grid side (0 for the backbone's default)
	 * @param maxClicks   clicks per object of the NoC protocol; 0 skips it (workflow only)
	 * @param labelImages masks are label images (each label one object), not single-object masks
	 * @param workflow    also run the {@link EverydayWorkflow} on every label image
	 * @param greyMapping how grey images become the guide
	 */
	public Evaluation(Backbone backbone, int resolution, Settings settings, int maxClicks, boolean labelImages, boolean workflow,
		ImagePlusGuide.GreyMapping greyMapping) {
		if (maxClicks < 0 || maxClicks == 0 && !workflow) throw new IllegalArgumentException("max clicks must be at least 1");
		if (workflow && !labelImages) throw new IllegalArgumentException("the everyday workflow needs label images");
		this.backbone = backbone;
		this.resolution = resolution;
		this.settings = settings.copy().validate();
		this.maxClicks = maxClicks;
		this.labelImages = labelImages;
		this.workflow = workflow;
		this.greyMapping = greyMapping;
	}

	/** The everyday workflow's results so far, one per image (empty unless asked for). */
	public List<WorkflowResult> workflowResults() { return List.copyOf(workflowResults); }

	/** Total seconds spent computing attention so far. */
	public double attentionSeconds() { return attentionSeconds; }

	/** Total seconds spent preparing transition matrices (temperature + Sinkhorn) so far. */
	public double preparationSeconds() { return preparationSeconds; }

	/** @return the NoC report; null when {@code maxClicks} is 0 */
	public NocReport run(Dataset dataset, Listener listener) throws DatasetException, BackboneException {
		NocReport report = maxClicks > 0 ? new NocReport(maxClicks) : null;
		List<Dataset.Item> items = dataset.items();
		check(items, listener);
		for (int index = 0; index < items.size(); index++) {
			Dataset.Item item = items.get(index);
			listener.imageStarted(index, items.size(), item.name());
			ImagePlus imp;
			try {
				imp = ImageFiles.open(item.image());
			} catch (IOException e) {
				throw new DatasetException(e.getMessage());
			}
			GuideImage guide = ImagePlusGuide.of(imp, greyMapping);
			List<GroundTruth> objects = objects(item, guide.width(), guide.height());
			String imageName = item.image().getFileName().toString();
			long t0 = System.nanoTime();
			int r = resolution > 0 ? resolution : backbone.defaultResolution();
			Attention attention = backbone.attention(guide, r, listener.engine());
			long t1 = System.nanoTime();
			SegmentationSession session = new SegmentationSession(guide, attention, settings, true, listener.engine());
			attentionSeconds += (t1 - t0) / 1e9;
			preparationSeconds += (System.nanoTime() - t1) / 1e9;
			final int idx = index;
			if (workflow) {
				long w0 = System.nanoTime();
				int[] mask = Dataset.readMask(item.mask(), guide.width(), guide.height());
				List<io.github.m2n2.engine.Click> clicks = EverydayWorkflow.clicks(mask, guide.width(), guide.height());
				short[] predicted = session.segment(clicks, listener.engine()).labels();
				WorkflowResult result = EverydayWorkflow.score(imageName, mask, predicted, clicks.size(), (System.nanoTime() - w0) / 1e9);
				workflowResults.add(result);
				listener.workflowDone(index, items.size(), result, workflowResults());
			}
			if (report == null) continue;
			for (GroundTruth truth : objects) {
				ObjectResult<SimulatedClick> result = SimulatedUser.evaluate(imageName, truth, clicks -> session.segment(clicks, listener.engine()).labels(),
					maxClicks, (click, iou) -> listener.clicked(idx, items.size(), imageName, click, iou, report));
				report.add(result);
				listener.objectDone(index, items.size(), result, report);
			}
		}
		return report;
	}

	/**
	 * Reads every image and mask once before the first click: a mask of the wrong size, in colour
	 * or without objects is named at once, instead of ending a long run at that image without a
	 * report.
	 */
	private void check(List<Dataset.Item> items, Listener listener) throws DatasetException {
		for (Dataset.Item item : items) {
			ImagePlus imp;
			try {
				imp = ImageFiles.open(item.image());
			} catch (IOException e) {
				throw new DatasetException(e.getMessage());
			}
			List<GroundTruth> objects = objects(item, imp.getWidth(), imp.getHeight());
			// 255 can be a real label, so this is said rather than refused
			if (labelImages && objects.size() == 1 && objects.get(0).label() == 255)
				listener.note("the label image " + item.mask() + " holds only 255: if it is a binary mask, its objects count as one;"
					+ " leave out --labels for binary masks");
		}
	}

	private List<GroundTruth> objects(Dataset.Item item, int w, int h) throws DatasetException {
		int[] mask = Dataset.readMask(item.mask(), w, h);
		List<GroundTruth> objects = new ArrayList<>();
		if (labelImages) {
			for (int k : GroundTruth.labelsIn(mask)) objects.add(GroundTruth.fromLabelImage(w, h, mask, k));
			if (objects.isEmpty()) throw new DatasetException("the label image " + item.mask() + " holds no object (all 0)");
		} else {
			GroundTruth t = GroundTruth.fromBinaryMask(w, h, mask);
			if (t.objectPixels() == 0)
				throw new DatasetException("the mask " + item.mask() + " has no object pixels (only 0 and 128); is it a label image (--labels)?");
			objects.add(t);
		}
		return objects;
	}
}
