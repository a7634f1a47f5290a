package io.github.m2n2.fiji;

import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import ij.IJ;
import ij.ImageListener;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.ImageCanvas;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.gui.RoiListener;

import io.github.m2n2.input.UserError;
import io.github.m2n2.engine.CanceledException;
import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.ProgressListener;

/**
 * Live mode on one image: every added, moved or removed point re-segments in the background
 * and the overlay shows each object in its own translucent colour. Edits arriving while a
 * segmentation runs are coalesced (see {@link LatestRequestWorker}); the image never waits.
 *
 * <p>Every action is reachable from a macro through {@link #action(String)}:
 * {@code call("io.github.m2n2.fiji.LiveMode.action", "next-object")}.
 */
public final class LiveMode {

	/** The actions, as macros and the live panel name them. */
	public static final String NEXT_OBJECT = "next-object", BACKGROUND = "background", ADD_TO_MANAGER = "add-to-manager",
		LABELS = "labels", CLEAR = "clear", UNDO = "undo", REDO = "redo", STOP = "stop", WAIT = "wait", STATUS = "status",
		PROPAGATE = "propagate";

	static final String ACTIONS = String.join(", ", NEXT_OBJECT, BACKGROUND, ADD_TO_MANAGER, LABELS, CLEAR, UNDO, REDO, STOP, WAIT, STATUS,
		PROPAGATE);

	/** Segments one image; live mode does not care whether through the cache or a test double. */
	public interface Segmenter {
		LabelResult segment(ImagePlus imp, List<Click> clicks, ProgressListener progress);
	}

	private static final Map<Integer, LiveMode> ACTIVE = new HashMap<>();

	private final ImagePlus imp;
	private final Segmenter segmenter;
	private final Runnable release;
	private final Executor ui;
	private final LatestRequestWorker<Prompt, LabelResult> worker;
	private final Overlay userOverlay;
	private Prompt lastSubmitted;
	private volatile LabelResult latest;
	private volatile String message = "Click objects with the multi-point tool.";
	private volatile boolean stopped;
	/** The counter new points go to: set by the actions, applied to every new point selection. */
	private volatile int chosen = 1;
	/** The point selection last seen, to notice a new one (a click after deleting, {@code makeSelection} in a macro). */
	private Roi seen;
	private final List<Runnable> detach = new ArrayList<>();
	/** The request live mode was started with, for Propagate; null for a test double segmenter. */
	private volatile SegmentationRequest request;

	private final ClickHistory history = new ClickHistory();

	/** What a segmentation depends on besides the image: the clicks, the plane they are on, the areas objects must stay in. */
	private static final class Prompt {
		final List<Click> clicks;
		final int plane;
		final Map<Integer, Roi> areas;

		Prompt(List<Click> clicks, int plane, Map<Integer, Roi> areas) {
			this.clicks = clicks;
			this.plane = plane;
			this.areas = areas;
		}

		@Override
		public boolean equals(Object o) {
			if (!(o instanceof Prompt)) return false;
			Prompt p = (Prompt) o;
			if (!p.clicks.equals(clicks) || p.plane != plane || !p.areas.keySet().equals(areas.keySet())) return false;
			for (Map.Entry<Integer, Roi> e : areas.entrySet()) if (e.getValue() != p.areas.get(e.getKey())) return false;
			return true;
		}

		@Override
		public int hashCode() { return clicks.hashCode() * 31 + plane; }
	}

	/**
	 * @param release frees what the segmenter cached for this image (attention, a model)
	 * @param ui      where results are shown: the event queue in ImageJ, the caller in tests
	 */
	LiveMode(ImagePlus imp, Segmenter segmenter, Runnable release, Executor ui) {
		this.imp = imp;
		this.segmenter = segmenter;
		this.release = release;
		this.ui = ui;
		this.userOverlay = imp.getOverlay() == null ? null : imp.getOverlay().duplicate();
		this.worker = new LatestRequestWorker<>("M2N2 live " + imp.getTitle(), this::compute, new LatestRequestWorker.Sink<>() {
			@Override
			public void result(Prompt p, LabelResult r, long g) {
				ui.execute(() -> show(r, g));
			}

			@Override
			public void failure(Prompt p, Exception e, long g) {
				ui.execute(() -> fail(e, g));
			}
		});
		adoptSelection();
		selectCounter(Math.max(1, maxCounterUsed()));
	}

	/** Starts live mode on the image (or returns the one already running there). */
	public static LiveMode start(ImagePlus imp, SegmentationRequest request) {
		synchronized (ACTIVE) {
			LiveMode running = ACTIVE.get(imp.getID());
			if (running != null) return running;
			request.validate();
			SessionCache cache = SessionCache.shared();
			ImageSegmenter segmenter = new ImageSegmenter(cache);
			boolean gui = !GraphicsEnvironment.isHeadless();
			LiveMode live = new LiveMode(imp, (i, c, p) -> segmenter.segment(i, c, request, p), () -> cache.release(imp.getID()),
				gui ? EventQueue::invokeLater : Runnable::run);
			live.request = request;
			ACTIVE.put(imp.getID(), live);
			live.listen();
			if (gui && imp.getWindow() != null) live.detach.add(LivePanel.open(live, imp));
			live.refresh();
			return live;
		}
	}

	/** The live mode running on this image, or null. */
	public static LiveMode of(ImagePlus imp) {
		synchronized (ACTIVE) {
			return imp == null ? null : ACTIVE.get(imp.getID());
		}
	}

	/**
	 * Macro entry point: performs an action on the live mode of the current image.
	 *
	 * @return the live mode's status line, or a message starting with "Error:"
	 */
	public static String action(String name) {
		LiveMode live = of(WindowManager.getCurrentImage());
		if (live == null) return "Error: live mode is not running on the current image; start it with run(\"M2N2 Live\").";
		try {
			return live.perform(name);
		} catch (UserError e) {
			return "Error: " + e.getMessage();
		}
	}

	public ImagePlus image() { return imp; }

	/** Runs this when live mode stops (restoring what starting it changed). */
	synchronized void whenStopped(Runnable r) {
		if (stopped) r.run();
		else detach.add(r);
	}

	public LabelResult latest() { return latest; }

	public String message() { return message; }

	public boolean isStopped() { return stopped; }

	LatestRequestWorker<?, ?> worker() { return worker; }

	/** Performs one of {@link #ACTIONS}; returns the status line afterwards. */
	public String perform(String action) {
		String a = action == null ? "" : action.trim().toLowerCase().replace(' ', '-').replace('_', '-');
		adoptSelection(); // a selection the listeners have not seen yet counts for next-object
		switch (a) {
			case NEXT_OBJECT: selectCounter(nextObjectCounter()); break;
			case BACKGROUND: selectCounter(0); break;
			case ADD_TO_MANAGER: addToManager(); break;
			case LABELS: showLabelImage(); break;
			case CLEAR: clear(); break;
			case UNDO: step(true); break;
			case REDO: step(false); break;
			case STOP: stop(); break;
			case WAIT: awaitResult(); break;
			case STATUS: break;
			case PROPAGATE: propagate(); break;
			default: throw new UserError("Unknown live action '" + action + "'; use one of " + ACTIONS + ".");
		}
		return message;
	}

	/** Reads the point selection and asks for a new segmentation if the prompt changed. */
	public void refresh() {
		if (stopped) return;
		Roi roi = imp.getRoi();
		if (roi != null && !(roi instanceof PointRoi) && ShapePrompts.isPrompt(roi)) {
			if (roi.getState() != Roi.NORMAL) return; // still being drawn
			addShape(roi);
		}
		adoptSelection();
		int plane = imp.getCurrentSlice();
		PointSnapshot now;
		synchronized (this) {
			now = PointSnapshot.of(imp.getRoi(), history.current().areas);
			history.record(now);
		}
		Prompt p = new Prompt(PointPrompts.of(imp), plane, now.areasByLabel(plane));
		synchronized (this) {
			if (p.equals(lastSubmitted)) return;
			lastSubmitted = p;
		}
		if (p.clicks.isEmpty()) {
			worker.discard();
			ui.execute(this::showNothing);
			return;
		}
		worker.submit(p);
	}

	private LabelResult compute(Prompt p, java.util.function.BooleanSupplier stale) {
		boolean gui = !GraphicsEnvironment.isHeadless();
		if (gui) IJ.resetEscape(); // an Esc from before this click does not cancel it
		LabelResult r = segmenter.segment(imp, p.clicks, new ProgressListener() {
			@Override
			public void progress(String task, double fraction) {
				message = "M2N2 live: " + task + " " + Math.round(fraction * 100) + "%";
			}

			@Override
			public boolean isCanceled() { return stale.getAsBoolean() || stopped || gui && IJ.escapePressed(); }
		});
		for (Map.Entry<Integer, Roi> e : p.areas.entrySet()) r = ShapePrompts.clip(r, e.getValue(), e.getKey());
		return r;
	}

	/**
	 * A line or area drawn in live mode: its clicks join the points, in the chosen counter (an
	 * area also keeps that object inside it), and the point selection comes back.
	 */
	private synchronized void addShape(Roi shape) {
		int counter = chosen;
		int plane = imp.getStackSize() > 1 ? imp.getCurrentSlice() : 0;
		List<Click> clicks = ShapePrompts.clicks(shape, counter, imp.getWidth(), imp.getHeight());
		PointSnapshot merged = history.current().plus(clicks, counter, plane, shape.isArea() && counter != 0 ? shape : null);
		put(merged);
		history.record(PointSnapshot.of(imp.getRoi(), merged.areas)); // the area lives in the snapshot, not in the selection
	}

	/** Puts these prompts on the image as its point selection, without treating them as a new selection to adopt. */
	private synchronized void put(PointSnapshot s) {
		PointRoi r = s.toRoi();
		seen = r;
		if (r == null) imp.deleteRoi();
		else {
			r.setCounter(chosen);
			imp.setRoi(r);
		}
	}

	/** Undo ({@code back}) or redo one change of the points; the segmentation follows, from cached maps. */
	private void step(boolean back) {
		synchronized (this) {
			PointSnapshot s = back ? history.undo() : history.redo();
			if (s == null) {
				message = "M2N2 live: nothing to " + (back ? "undo" : "redo");
				IJ.showStatus(message);
				LivePanel.update(this);
				return;
			}
			put(s);
			// the selection ImageJ made of it may differ in the last float bit: that is the state, not a new step
			history.replaceCurrent(PointSnapshot.of(imp.getRoi(), s.areas));
		}
		refresh();
	}

	/** Alt-click: removes the click nearest to (x, y) on this plane; one step for undo. */
	void removeNearest(double x, double y) {
		synchronized (this) {
			PointSnapshot now = PointSnapshot.of(imp.getRoi(), history.current().areas);
			PointSnapshot less = now.withoutNearest(x, y, imp.getCurrentSlice());
			if (less == now) return;
			put(less);
		}
		refresh();
	}

	private void show(LabelResult r, long g) {
		if (!worker.isCurrent(g)) return;
		latest = r;
		List<Roi> rois = ObjectRois.of(r, imp);
		imp.setOverlay(ObjectRois.replaceInOverlay(userOverlay, ObjectRois.overlayParts(rois)));
		message = "M2N2 live: " + UserMessages.summary(rois.size(), r.clicks().size())
			+ (r.note() != null ? " (working copy)" : "") + "; new points: " + newPoints();
		IJ.showStatus(message);
		LivePanel.update(this);
	}

	private void showNothing() {
		latest = null;
		imp.setOverlay(userOverlay == null ? null : userOverlay.duplicate());
		message = "M2N2 live: no points yet; new points: " + newPoints();
		LivePanel.update(this);
	}

	private void fail(Exception e, long g) {
		if (!worker.isCurrent(g) || stopped) return;
		if (e instanceof CanceledException) { // Esc: the same points may be asked for again
			synchronized (this) {
				lastSubmitted = null;
			}
			message = "M2N2 live: stopped (Esc); click, or press L or A, to segment again";
			IJ.showStatus(message);
			LivePanel.update(this);
			return;
		}
		// one line in the status bar, not a dialog per click: the user is still clicking
		message = "M2N2 live: " + (e instanceof UserError || e instanceof IllegalArgumentException ? e.getMessage() : "error: " + e);
		IJ.showStatus(message);
		LivePanel.update(this);
	}

	/**
	 * A new point selection with counter 0 only (ImageJ puts points there unless told otherwise:
	 * a selection made before live mode, a click after deleting the points, {@code makeSelection}
	 * in a macro) means one object: its points go to the chosen counter, so that the next object
	 * or a background click does not turn them into background. Unless background is chosen.
	 */
	private synchronized void adoptSelection() {
		Roi roi = imp.getRoi();
		if (roi == seen) return;
		seen = roi;
		if (!(roi instanceof PointRoi)) return;
		PointRoi p = (PointRoi) roi;
		int[] counters = p.getCounters();
		int target = chosen;
		if (counters != null && target != 0) {
			boolean allZero = true;
			for (int c : counters) allZero &= (c & 0xff) == 0;
			if (allZero) {
				int[] moved = counters.clone();
				for (int i = 0; i < moved.length; i++) moved[i] |= target;
				p.setCounters(moved);
			}
		}
		p.setCounter(target);
	}

	private String newPoints() {
		int c = chosen;
		return c == 0 ? "background (counter 0)" : "object " + c + " (counter " + c + ")";
	}

	private int maxCounterUsed() {
		Roi roi = imp.getRoi();
		int max = 0;
		if (roi instanceof PointRoi) {
			PointRoi p = (PointRoi) roi;
			for (int i = 0; i < p.size(); i++) max = Math.max(max, p.getCounter(i));
		}
		return max;
	}

	private int nextObjectCounter() {
		return Math.min(PointRoi.MAX_COUNTERS - 1, maxCounterUsed() + 1);
	}

	/**
	 * New points go to this counter, in the current selection and in the next one made (see
	 * {@link #adoptSelection}). ImageJ's own default counter is left alone: other macros rely on it.
	 */
	private void selectCounter(int counter) {
		chosen = counter;
		Roi roi = imp.getRoi();
		if (roi instanceof PointRoi) ((PointRoi) roi).setCounter(counter);
		message = "M2N2 live: new points are " + newPoints();
		IJ.showStatus(message);
		LivePanel.update(this);
	}

	/** The counter new points go to. */
	public int activeCounter() {
		return chosen;
	}

	private LabelResult requireResult() {
		awaitResult();
		if (latest == null) throw new UserError("There is no segmentation yet: click at least one object.");
		return latest;
	}

	void addToManager() {
		LabelResult r = requireResult();
		List<Roi> rois = ObjectRois.of(r, imp);
		ObjectRois.addToManager(rois, ObjectRois.manager(), imp);
		message = "M2N2 live: added " + rois.size() + " ROIs to the ROI Manager";
		IJ.showStatus(message);
		LivePanel.update(this);
	}

	ImagePlus labelImage() {
		return LabelImages.of(requireResult(), imp);
	}

	/**
	 * Carries the objects clicked so far (on any slice or frame) through the stack: shows the
	 * label stack and adds one ROI per object and plane to the ROI Manager. Esc cancels, and a
	 * canceled run shows nothing.
	 */
	void propagate() {
		if (!io.github.m2n2.io.StackImages.isStack(imp)) throw new UserError("Propagate needs a stack (slices or frames); this image has one plane.");
		if (request == null) throw new UserError("Propagate needs live mode started from M2N2 Live.");
		message = "M2N2 live: propagating through the stack (Esc cancels)";
		IJ.showStatus(message);
		try {
			Progress progress = Progress.statusBar(GraphicsEnvironment.isHeadless());
			StackRun.Result r = StackRun.run(imp, StackPrompts.of(imp), request, progress);
			progress.done();
			ObjectRois.addToManager(r.rois, ObjectRois.manager(), imp);
			r.labels.show();
			message = "M2N2 live: " + r.summary();
		} catch (CanceledException e) {
			message = "M2N2 live: propagation canceled";
		}
		IJ.showStatus(message);
	}

	private void showLabelImage() {
		ImagePlus labels = labelImage();
		labels.show();
		message = "M2N2 live: label image " + labels.getTitle() + " shown";
		IJ.showStatus(message);
		LivePanel.update(this);
	}

	/** Removes all points and the coloured objects; live mode keeps running. */
	void clear() {
		imp.deleteRoi();
		selectCounter(1);
		refresh();
	}

	/** Blocks until the latest edit has been segmented and shown (macros call this before reading results). */
	void awaitResult() {
		refresh();
		try {
			worker.awaitIdle(10 * 60 * 1000L);
			if (!EventQueue.isDispatchThread() && !GraphicsEnvironment.isHeadless()) EventQueue.invokeAndWait(() -> { });
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (java.lang.reflect.InvocationTargetException e) {
			throw new IllegalStateException(e.getCause());
		}
	}

	/** Leaves live mode: listeners off, overlay back to the user's, cached attention and model released. */
	public void stop() {
		synchronized (ACTIVE) {
			if (stopped) return;
			stopped = true;
			ACTIVE.remove(imp.getID());
		}
		worker.close();
		for (Runnable r : detach) r.run();
		detach.clear();
		imp.setOverlay(userOverlay);
		latest = null;
		release.run();
		message = "M2N2 live mode stopped.";
		IJ.showStatus(message);
	}

	/** ROI edits, clicks on the canvas, plane changes and closing the image. */
	void listen() {
		RoiListener roiListener = (image, id) -> {
			if (image == imp) refreshLater();
		};
		Roi.addRoiListener(roiListener);
		detach.add(() -> Roi.removeRoiListener(roiListener));
		ImageListener imageListener = new ImageListener() {
			@Override
			public void imageOpened(ImagePlus i) { }

			@Override
			public void imageClosed(ImagePlus i) {
				if (i == imp) stop();
			}

			@Override
			public void imageUpdated(ImagePlus i) {
				if (i == imp) refreshLater(); // a new plane; unchanged prompts are ignored by refresh
			}
		};
		ImagePlus.addImageListener(imageListener);
		detach.add(() -> ImagePlus.removeImageListener(imageListener));
		ImageCanvas canvas = imp.getCanvas();
		if (canvas != null) {
			MouseAdapter mouse = new MouseAdapter() {
				@Override
				public void mouseReleased(MouseEvent e) {
					refreshLater(); // after ImageJ's own handler has updated the points
				}
			};
			canvas.addMouseListener(mouse);
			detach.add(() -> canvas.removeMouseListener(mouse));
			AltClick alt = new AltClick(canvas);
			canvas.removeMouseListener(canvas);
			canvas.addMouseListener(alt);
			detach.add(() -> {
				canvas.removeMouseListener(alt);
				canvas.addMouseListener(canvas);
			});
		}
	}

	/**
	 * Stands in for the canvas as its own mouse listener: an Alt-click with the point tool removes
	 * the nearest click instead of reaching ImageJ (which would add a point there); every other
	 * event goes to the canvas unchanged.
	 */
	private final class AltClick implements java.awt.event.MouseListener {
		private final ImageCanvas canvas;
		private boolean swallowed;

		AltClick(ImageCanvas canvas) {
			this.canvas = canvas;
		}

		@Override
		public void mousePressed(MouseEvent e) {
			if (e.isAltDown() && ij.gui.Toolbar.getToolId() == ij.gui.Toolbar.POINT) {
				swallowed = true;
				removeNearest(canvas.offScreenXD(e.getX()), canvas.offScreenYD(e.getY()));
				return;
			}
			canvas.mousePressed(e);
		}

		@Override
		public void mouseReleased(MouseEvent e) {
			if (swallowed) {
				swallowed = false;
				return;
			}
			canvas.mouseReleased(e);
		}

		@Override
		public void mouseClicked(MouseEvent e) { canvas.mouseClicked(e); }

		@Override
		public void mouseEntered(MouseEvent e) { canvas.mouseEntered(e); }

		@Override
		public void mouseExited(MouseEvent e) { canvas.mouseExited(e); }
	}

	private void refreshLater() {
		ui.execute(this::refresh);
	}
}
