package io.github.m2n2.fiji;

import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.Setting;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.engine.stack.PropagationSettings;
import io.github.m2n2.io.ImagePlusGuide.GreyMapping;

/**
 * Everything besides the image and the clicks that decides a segmentation: the attention
 * source, its grid side, the engine settings and the working-copy size for large images.
 * The SciJava command, the ImageJ 1.x plugins and live mode all fill one of these.
 */
public final class SegmentationRequest {

	/** Longest side of the working copy when none is chosen: keeps a 4k image interactive. */
	public static final int DEFAULT_WORKING_SIZE = 1024;

	public final BackboneConfig backbone;
	/** Attention grid side r; 0 for the backbone's default (an attention file's own). */
	public final int resolution;
	public final Settings settings;
	/** Images whose longest side exceeds this are segmented on a downsampled copy. */
	public final int workingSize;
	/** The macro key and command field of the grey mapping, as the command line's {@code --grey}. */
	static final String GREY = "grey";
	/** The grey mapping choices, as their keys; the default first. */
	static final String[] GREY_CHOICES = { GreyMapping.STRETCH.key(), GreyMapping.MIN_MAX.key(), GreyMapping.DISPLAY_RANGE.key() };

	/** How a grey plane becomes the guide; {@link GreyMapping#DEFAULT} as on the command line. */
	public final GreyMapping grey;

	/** How objects are carried through a stack (Planes: all, Propagate). */
	public final PropagationSettings propagation;

	public SegmentationRequest(BackboneConfig backbone, int resolution, Settings settings, int workingSize) {
		this(backbone, resolution, settings, workingSize, GreyMapping.DEFAULT);
	}

	public SegmentationRequest(BackboneConfig backbone, int resolution, Settings settings, int workingSize, GreyMapping grey) {
		this(backbone, resolution, settings, workingSize, grey, new PropagationSettings());
	}

	public SegmentationRequest(BackboneConfig backbone, int resolution, Settings settings, int workingSize, GreyMapping grey,
		PropagationSettings propagation) {
		this.propagation = propagation.copy();
		this.backbone = backbone;
		this.resolution = resolution;
		this.settings = settings.copy();
		this.workingSize = workingSize;
		this.grey = grey;
	}

	public static SegmentationRequest defaults() {
		return new SegmentationRequest(new BackboneConfig(), 0, new Settings(), DEFAULT_WORKING_SIZE);
	}

	/** @throws IllegalArgumentException naming the first bad choice */
	public SegmentationRequest validate() {
		if (resolution != 0 && (resolution < 2 || resolution > Attention.MAX_RESOLUTION))
			throw new IllegalArgumentException("The resolution must lie in 2.." + Attention.MAX_RESOLUTION
				+ " (the attention holds r^4 values), or 0 for the backbone's default; got " + resolution + ".");
		if (workingSize < 16) throw new IllegalArgumentException("The working size must be at least 16 pixels, got " + workingSize + ".");
		settings.validate();
		propagation.validate();
		return this;
	}

	/**
	 * Identifies what the cached attention depends on: the backbone and its options, the grid,
	 * the working size, the grey mapping (it makes the guide the backbone sees) and the settings
	 * that shape the transition matrix, which a session that
	 * prepared in place cannot change.
	 */
	String attentionKey() {
		return String.join("|", backbone.key(), "r=" + resolution, "w=" + workingSize, "grey=" + grey.key(), settings.key(Setting.Effect.TRANSITION_MATRIX));
	}

	/** What a loaded backbone depends on: images with the same key share one loaded model. */
	String backboneKey() {
		return backbone.key();
	}
}
