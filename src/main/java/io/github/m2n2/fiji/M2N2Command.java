package io.github.m2n2.fiji;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.Button;
import org.scijava.widget.FileWidget;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.gui.Roi;

import io.github.m2n2.backbone.AttentionFileBackbone;
import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.backbone.BackboneOption;
import io.github.m2n2.backbone.Backbones;
import io.github.m2n2.input.PointsParser;
import io.github.m2n2.input.UserError;
import io.github.m2n2.engine.CanceledException;
import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.Setting;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.engine.stack.PropagationSettings;
import io.github.m2n2.io.StackImages;

/**
 * Plugins > Segmentation > M2N2 in Fiji: the image's point selection (or the points text) in,
 * a label image, ROI Manager entries and optionally an overlay out. Parameter names are
 * lower-case (snake case) because they are the keys of the recorded macro call
 * {@code run("M2N2", "points=[...] backbone=embedded working_size=1024 ...")}, the same keys
 * as the ImageJ 1.x command {@link SegmentPlugin} reads.
 *
 * <p>In the GUI the ROIs and the points text stay null: they are in the ROI Manager and the
 * status bar already, and as outputs Fiji would open a window for each.
 *
 * <p>The dialog is short: {@link ShortDialogPreprocessor} marks the backbone options and engine
 * settings resolved, and SciJava's input harvester shows only unresolved inputs; the
 * <em>Advanced...</em> button edits them in the ImageJ 1.x Advanced dialog. They keep normal
 * visibility on purpose: {@code ItemVisibility.INVISIBLE} does not hide an input from the
 * harvester (scijava-common 2.100.1) but does drop it from recorded macros. Macro values
 * (imagej-legacy's MacroPreprocessor) and a headless inputs map are set and resolved before
 * that preprocessor runs, so every key is read as before.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>M2N2", headless = true, initializer = "beforeTheDialog",
	description = "Training-free interactive segmentation from point prompts (M2N2)")
public class M2N2Command extends ContextCommand {

	static final String PLANES_CURRENT = "current";
	static final String PLANES_ALL = "all (propagate)";

	/**
	 * Whether a planes value asks for all planes: {@link #PLANES_ALL} or plain {@code all}, and
	 * {@link #PLANES_CURRENT}; anything else is refused (a macro's {@code planes=all} used to fall
	 * back to the current plane without a word).
	 */
	static boolean allPlanes(String value) {
		String v = value == null ? PLANES_CURRENT : value.trim().toLowerCase(Locale.ROOT);
		if (v.equals(PLANES_CURRENT) || v.isEmpty()) return false;
		if (v.equals(PLANES_ALL) || v.equals("all")) return true;
		throw new UserError("Planes must be " + PLANES_CURRENT + " or " + PLANES_ALL + " (or all), got '" + value + "'.");
	}

	/** Field defaults come from the engine so the dialog and the command line agree. */
	private static final Settings DEFAULTS = new Settings();

	@Parameter(label = "Image", description = "The image to segment: its current plane, or with Planes: all the whole stack.")
	private ImagePlus imp;

	@SuppressWarnings("unused")
	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String legend = PointPrompts.LEGEND;

	@Parameter(label = "Points (x,y,label;...)", required = false, persist = false,
		description = "Leave empty to use the image's multi-point selection. Otherwise pixel coordinates and a label, "
			+ "e.g. 120,80,1;300,40,0 (label 0 = background, k = object k).")
	private String points = "";

	@Parameter(label = "Planes", choices = { PLANES_CURRENT, PLANES_ALL },
		description = "current: segment the plane on display. all (propagate): on a stack, click each object once on any slice or frame; "
			+ "it is carried through the stack and the label stack has the image's slices and frames.")
	private String planes = PLANES_CURRENT;

	@Parameter(label = "Backbone", choices = { "embedded", "sd2", "file" },
		description = "Where attention comes from: embedded (no download, fast), sd2 (Stable Diffusion 2, the published method), "
			+ "or file (an attention .npy computed elsewhere).")
	private String backbone = "embedded";

	@Parameter(label = "Attention file (.npy)", required = false, style = FileWidget.OPEN_STYLE,
		description = "For the file backbone: attention of shape (r,r,r,r) or (r*r,r*r).")
	private File attention;

	@Parameter(label = "Model (hub id or folder)", required = false,
		description = "For sd2: a Hugging Face model id or a local diffusers folder.")
	private String model = new BackboneConfig().get("model");

	@Parameter(label = "Resolution (attention grid r, 0 = default)", min = "0", max = "215",
		description = "Side of the attention token grid: 64 is CPU-friendly, 128 the published GPU setting. 0 = the backbone's default.")
	private int resolution = 0;

	@Parameter(label = "Working size (longest side, px)", min = "16",
		description = "Larger images are segmented on a copy of this size; labels are returned at full size.")
	private int working_size = SegmentationRequest.DEFAULT_WORKING_SIZE;

	@Parameter(label = "Label image", description = "Create a 16-bit label image <image>-labels (0 background, k object k).")
	private boolean labels = true;

	@Parameter(label = "Add to ROI Manager", description = "One ROI per object, named 'M2N2 object k', on the segmented plane.")
	private boolean rois = true;

	@Parameter(label = "Show as overlay", description = "Draw the objects on the image's overlay (other overlay parts are kept).")
	private boolean overlay = false;

	@SuppressWarnings("unused")
	@Parameter(label = "Advanced...", callback = "editAdvanced", required = false, persist = false,
		description = "Backbone options (sd2, file) and engine settings; published defaults until changed. Kept for this ImageJ session.")
	private Button advanced;

	@Parameter(label = "Device (sd2)", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Parameter(label = "Precision (sd2)", choices = { "auto", "fp32", "fp16" })
	private String precision = "auto";

	@Parameter(label = "Timestep (sd2)", min = "0", max = "999")
	private int timestep = 100;

	@Parameter(label = io.github.m2n2.backbone.EmbeddedBackbone.OBJECT_SIZE_LABEL, required = false,
		description = io.github.m2n2.backbone.EmbeddedBackbone.OBJECT_SIZE_HELP)
	private String object_size = optionDefault(io.github.m2n2.backbone.EmbeddedBackbone.OBJECT_SIZE);

	@Parameter(label = io.github.m2n2.backbone.EmbeddedBackbone.POSITION_SIGMA_LABEL, required = false,
		description = io.github.m2n2.backbone.EmbeddedBackbone.POSITION_SIGMA_HELP)
	private String position_sigma = optionDefault(io.github.m2n2.backbone.EmbeddedBackbone.POSITION_SIGMA);

	@Parameter(label = io.github.m2n2.backbone.EmbeddedBackbone.COLOUR_WEIGHT_LABEL, required = false,
		description = io.github.m2n2.backbone.EmbeddedBackbone.COLOUR_WEIGHT_HELP)
	private String colour_weight = optionDefault(io.github.m2n2.backbone.EmbeddedBackbone.COLOUR_WEIGHT);

	@Parameter(label = io.github.m2n2.backbone.EmbeddedBackbone.TEXTURE_WEIGHT_LABEL, required = false,
		description = io.github.m2n2.backbone.EmbeddedBackbone.TEXTURE_WEIGHT_HELP)
	private String texture_weight = optionDefault(io.github.m2n2.backbone.EmbeddedBackbone.TEXTURE_WEIGHT);

	@Parameter(label = io.github.m2n2.backbone.EmbeddedBackbone.CONTEXT_WEIGHT_LABEL, required = false,
		description = io.github.m2n2.backbone.EmbeddedBackbone.CONTEXT_WEIGHT_HELP)
	private String context_weight = optionDefault(io.github.m2n2.backbone.EmbeddedBackbone.CONTEXT_WEIGHT);

	private static String optionDefault(String option) {
		return Backbones.option(option).defaultValue();
	}

	@Parameter(label = "Grey mapping", choices = { "stretch", "minmax", "display" },
		description = "How a grey image becomes the guide the backbone sees (as the command line's --grey): stretch (default): "
			+ io.github.m2n2.io.ImagePlusGuide.GreyMapping.STRETCH_HELP + "; minmax: the plane's minimum and maximum; display: the display range.")
	private String grey = io.github.m2n2.io.ImagePlusGuide.GreyMapping.DEFAULT.key();

	// The engine settings: one field per Settings.ALL entry, named by its key; SettingsParityTest
	// checks label, help, default, range and choices against the descriptions, and request()
	// reads them by those keys. On/off are choices rather than checkboxes: a macro that leaves
	// a checkbox out turns it off.
	@Parameter(label = "Temperature", min = "0.001", stepSize = "0.05", description = "attention temperature T")
	private double temperature = DEFAULTS.temperature();

	@Parameter(label = "Sinkhorn iterations", min = "0", description = "balancing iterations of the transition matrix")
	private int sinkhorn = DEFAULTS.sinkhornIterations();

	@Parameter(label = "Sinkhorn stop", choices = { "converged", "fixed" }, description = "converged: stop early once iterations change nothing at float precision (same matrix); fixed: run all")
	private String sinkhorn_stop = "converged";

	@Parameter(label = "Matrix storage", choices = { "auto", "float", "packed16" }, description = Settings.MATRIX_HELP)
	private String matrix = "auto";

	@Parameter(label = "Markov threshold", min = "0.001", max = "0.999", stepSize = "0.05", description = "Markov-map threshold theta on the walk state (max 1)")
	private double theta = DEFAULTS.markovThreshold();

	@Parameter(label = "Markov max steps", min = "1", description = "step limit of the Markov-map")
	private int max_steps = DEFAULTS.markovMaxSteps();

	@Parameter(label = "Interpolation of crossing steps", choices = { "on", "off" }, description = "linear interpolation of the step at which theta is crossed")
	private String interpolation = "on";

	@Parameter(label = "Krylov dimension", min = "0", description = "walks continue in a Krylov subspace of this starting size after the exact steps; 0 = exact walk")
	private int krylov_dimension = DEFAULTS.krylovDimension();

	@Parameter(label = "Krylov after steps", min = "0", description = "exact walk steps before the Krylov continuation")
	private int krylov_after = DEFAULTS.krylovAfterSteps();

	@Parameter(label = "Krylov tolerance", min = "0.0", description = Settings.KRYLOV_TOLERANCE_HELP)
	private double krylov_tolerance = DEFAULTS.krylovTolerance();

	@Parameter(label = "Sigma spatial", min = "0.001", description = "upsampler spatial sigma, in token cells")
	private double sigma_spatial = DEFAULTS.sigmaSpatial();

	@Parameter(label = "Sigma range", min = "0.001", description = "upsampler colour sigma")
	private double sigma_range = DEFAULTS.sigmaRange();

	@Parameter(label = "Upsampling", choices = { "exact", "fast", "refined" },
		description = "bilateral window complete (exact), sampled (fast), or sampled but complete where the click's region is decided (refined)")
	private String upsampling = "refined";

	@Parameter(label = "Samples per token cell", min = "1", description = "samples per token cell and axis in fast upsampling")
	private int samples = DEFAULTS.fastSamplesPerCell();

	@Parameter(label = "Refine radius (token cells)", min = "0.0",
		description = "refined upsampling: guide-edge pixels within this many token cells of the click get the complete window")
	private double refine_radius = DEFAULTS.refineRadius();

	@Parameter(label = "Flood fill", choices = { "on", "off" }, description = "minimax flood fill of the distance map")
	private String flood_fill = "on";

	@Parameter(label = "Max segment area", min = "0.001", max = "1", stepSize = "0.05", description = "area prior, as a fraction of the image")
	private double max_area = DEFAULTS.maxAreaPrior();

	@Parameter(label = "Prior score term", choices = { "on", "off" }, description = "score term: area prior")
	private String prior = "on";

	@Parameter(label = "Edge score term", choices = { "on", "off" }, description = "score term: edge strength at the threshold")
	private String edge = "on";

	@Parameter(label = "Pos score term", choices = { "on", "off" }, description = "score term: own points inside")
	private String pos = "on";

	@Parameter(label = "Neg score term", choices = { "on", "off" }, description = "score term: other points outside")
	private String neg = "on";

	@Parameter(label = "Correction clicks", choices = { "published", "local" }, description = Settings.CORRECTION_HELP)
	private String correction = "published";

	// The stack propagation settings (Planes: all), after the engine's: one field per
	// PropagationSettings.ALL entry, named by its key, checked by SettingsParityTest likewise.
	@Parameter(label = "Min overlap", min = "0.0", max = "1", stepSize = "0.05",
		description = "an object carried onto a plane ends there below this IoU with its region on the plane before")
	private double min_overlap = PropagationSettings.MIN_OVERLAP.defaultValue();

	@Parameter(label = "Clicks per object", min = "1", max = "64",
		description = "most clicks derived from one object's region per plane (more for long or large regions)")
	private int clicks_per_object = (int) PropagationSettings.CLICKS_PER_OBJECT.defaultValue();

	@Parameter(label = "Background clicks", min = "0", max = "64",
		description = "most background clicks derived per plane from the background of the plane before")
	private int background_clicks = (int) PropagationSettings.BACKGROUND_CLICKS.defaultValue();

	@Parameter(label = "Min contrast", min = "0.0", max = "1", stepSize = "0.05",
		description = PropagationSettings.MIN_CONTRAST_HELP)
	private double min_contrast = PropagationSettings.MIN_CONTRAST.defaultValue();

	@Parameter(type = ItemIO.OUTPUT, label = "Labels")
	private ImagePlus labelimage;

	@Parameter(type = ItemIO.OUTPUT, label = "Objects")
	private Roi[] objects;

	@Parameter(type = ItemIO.OUTPUT, label = "Points used")
	private String prompts;

	@Parameter
	private LogService log;

	/** Parameter fields that carry backbone options, each named as its option's macro key (SettingsParityTest checks them). */
	static final List<String> BACKBONE_OPTION_FIELDS = List.of("attention", "model", "device", "precision", "timestep", "object_size",
		"position_sigma", "colour_weight", "texture_weight", "context_weight");

	/** Inputs behind the Advanced button: the backbone options, the grey mapping, then the engine settings. */
	static final List<String> ADVANCED_FIELDS;
	static {
		List<String> names = new ArrayList<>(BACKBONE_OPTION_FIELDS);
		names.add(SegmentationRequest.GREY);
		for (Setting d : Settings.ALL) names.add(d.key());
		for (Setting d : PropagationSettings.ALL) names.add(d.key());
		ADVANCED_FIELDS = Collections.unmodifiableList(names);
	}

	/**
	 * Runs before SciJava's dialog (InitPreprocessor): stops with one clear message when there
	 * is nothing to segment, so nobody fills in a dialog for nothing. Inside an ImageJ macro the
	 * points are left to {@link #run} (a canceled module would abort the macro).
	 */
	@SuppressWarnings("unused")
	private void beforeTheDialog() {
		boolean headless = GraphicsEnvironment.isHeadless();
		if (imp != null && (points == null || points.isBlank()) && (headless || Macro.getOptions() == null)) {
			try {
				ImageSegmenter.check(SelectionPrompt.of(imp).clicks, imp.getWidth(), imp.getHeight());
			} catch (UserError e) {
				if (!headless) UserMessages.error("M2N2", imp.getTitle() + ": " + e.getMessage());
				else log.error("M2N2: " + e.getMessage());
				cancel(e.getMessage());
			}
		}
	}

	/** Starts a hidden input from this session's Advanced value, if one was chosen. */
	void startFromAdvanced(String name) {
		String v = RequestDialog.advancedValues().get(macroKey(name));
		if (v != null) setField(name, v);
	}

	/** The Advanced button: the ImageJ 1.x Advanced dialog, its values written back into the hidden inputs. */
	void editAdvanced() {
		Map<String, String> chosen = RequestDialog.editAdvanced();
		for (String name : ADVANCED_FIELDS) {
			String v = chosen.get(macroKey(name));
			setField(name, v != null ? v : defaultText(name));
		}
	}

	private static String macroKey(String field) {
		BackboneOption o = Backbones.option(field);
		return o != null ? o.macroKey() : field;
	}

	private static String defaultText(String field) {
		BackboneOption o = Backbones.option(field);
		if (o != null) return o.defaultValue() == null ? "" : o.defaultValue();
		if (field.equals(SegmentationRequest.GREY)) return io.github.m2n2.io.ImagePlusGuide.GreyMapping.DEFAULT.key();
		for (Setting d : Settings.ALL) if (d.key().equals(field)) return d.format(d.defaultValue());
		for (Setting d : PropagationSettings.ALL) if (d.key().equals(field)) return d.format(d.defaultValue());
		throw new IllegalStateException("no setting '" + field + "'");
	}

	/** Sets a parameter field from its macro text (the Advanced dialog's values are text). */
	private void setField(String name, String text) {
		try {
			java.lang.reflect.Field f = M2N2Command.class.getDeclaredField(name);
			Class<?> t = f.getType();
			if (t == int.class) f.setInt(this, (int) Math.round(Double.parseDouble(text)));
			else if (t == double.class) f.setDouble(this, Double.parseDouble(text));
			else if (t == File.class) f.set(this, text.isBlank() ? null : new File(text));
			else f.set(this, text);
		} catch (NoSuchFieldException | IllegalAccessException e) {
			throw new IllegalStateException("M2N2Command has no parameter field '" + name + "'", e);
		}
	}

	@Override
	public void run() {
		boolean headless = GraphicsEnvironment.isHeadless();
		try {
			if (imp == null) throw new UserError("No image: open an image and click objects with the multi-point tool.");
			if (!labels && !rois && !overlay)
				throw new UserError("No output chosen: tick the label image, the ROI Manager or the overlay (macro keys labels, rois, overlay).");
			if (allPlanes(planes) && StackImages.isStack(imp)) {
				runStack(headless);
				return;
			}
			SelectionPrompt prompt = points == null || points.isBlank() ? SelectionPrompt.of(imp) : null;
			List<Click> clicks = prompt != null ? prompt.clicks : PointsParser.parseList(points);
			Progress progress = Progress.statusBar(headless);
			LabelResult result = new ImageSegmenter(SessionCache.shared()).segment(imp, clicks, request(), progress);
			if (prompt != null) result = prompt.apply(result);
			progress.done();
			List<Roi> list = ObjectRois.of(result, imp);
			if (headless) {
				objects = list.toArray(new Roi[0]);
				prompts = PointPrompts.toText(clicks);
			}
			if (labels) labelimage = LabelImages.of(result, imp);
			if (overlay) imp.setOverlay(ObjectRois.replaceInOverlay(imp.getOverlay(), ObjectRois.overlayParts(list)));
			if (!headless && rois) ObjectRois.addToManager(list, ObjectRois.manager(), imp);
			tell(headless, UserMessages.summary(list.size(), clicks.size()), result.note());
		} catch (UserError | IllegalArgumentException e) {
			fail(headless, e.getMessage());
		} catch (CanceledException e) {
			fail(headless, null);
		}
	}

	/** Planes: all. Objects clicked on any plane are carried through the stack; outputs appear only when every plane is done. */
	private void runStack(boolean headless) {
		List<StackPrompts.Prompt> clicks = points == null || points.isBlank() ? StackPrompts.of(imp) : StackPrompts.parse(points, imp);
		Progress progress = Progress.statusBar(headless);
		StackRun.Result result = StackRun.run(imp, clicks, request(), progress);
		progress.done();
		if (headless) {
			objects = result.rois.toArray(new Roi[0]);
			prompts = StackPrompts.toText(clicks, imp);
		}
		if (labels) labelimage = result.labels;
		if (overlay) imp.setOverlay(ObjectRois.replaceInOverlay(imp.getOverlay(), ObjectRois.overlayParts(result.rois)));
		if (!headless && rois) ObjectRois.addToManager(result.rois, ObjectRois.manager(), imp);
		tell(headless, result.summary() + " from " + clicks.size() + " points", null);
	}

	private SegmentationRequest request() {
		Map<String, String> options = new HashMap<>();
		for (String name : BACKBONE_OPTION_FIELDS) {
			Object v = fieldValue(name);
			String text = v instanceof File ? ((File) v).getPath() : v == null ? "" : v.toString().trim();
			// fields are named by the option's macro key (object_size for object-size)
			if (!text.isEmpty()) options.put(Backbones.option(name).name(), text);
		}
		BackboneConfig b = new BackboneConfig(backbone, options);
		if (b.name().equals(AttentionFileBackbone.NAME) && !b.has(AttentionFileBackbone.ATTENTION))
			throw new UserError("The file backbone needs an attention file (.npy); choose one or pick another backbone.");
		Settings s = new Settings();
		for (Setting d : Settings.ALL) {
			Object v = fieldValue(d.key());
			s.set(d, v instanceof Number ? ((Number) v).doubleValue() : d.parse(v == null ? d.format(d.defaultValue()) : v.toString()));
		}
		PropagationSettings propagation = new PropagationSettings();
		for (Setting d : PropagationSettings.ALL) propagation.set(d, ((Number) fieldValue(d.key())).doubleValue());
		return new SegmentationRequest(b, resolution, s, working_size, io.github.m2n2.io.ImagePlusGuide.GreyMapping.of(grey == null ? "" : grey),
			propagation);
	}

	/** The parameter field of this name: engine settings and backbone options are read by name. */
	private Object fieldValue(String name) {
		try {
			return M2N2Command.class.getDeclaredField(name).get(this);
		} catch (NoSuchFieldException | IllegalAccessException e) {
			throw new IllegalStateException("M2N2Command has no parameter field '" + name + "'", e);
		}
	}

	private void tell(boolean headless, String summary, String note) {
		if (headless) {
			log.info("M2N2: " + summary);
			if (note != null) log.warn(note);
		} else {
			IJ.showStatus("M2N2: " + summary);
			if (note != null) IJ.log(note);
		}
	}

	/**
	 * One clear message, no stack trace. Headless the module ends canceled with the message as
	 * reason (scripts read it); with a display the message is shown once, by
	 * {@link UserMessages}, and a macro goes on (a canceled module would abort it).
	 */
	private void fail(boolean headless, String message) {
		String reason = message == null ? "M2N2 was canceled." : message;
		if (headless) {
			if (message != null) log.error("M2N2: " + message);
			cancel(reason);
		} else if (message != null) UserMessages.error("M2N2", (imp == null ? "" : imp.getTitle() + ": ") + message);
		else IJ.showStatus(reason);
	}
}
