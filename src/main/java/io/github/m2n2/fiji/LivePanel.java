package io.github.m2n2.fiji;

import java.awt.BorderLayout;
import java.awt.Button;
import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.GridLayout;
import java.awt.Label;
import java.awt.Panel;
import java.awt.Point;
import java.awt.TextArea;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.KeyListener;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.HashMap;
import java.util.Map;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.gui.ImageCanvas;
import ij.gui.ImageWindow;

import io.github.m2n2.input.UserError;

/**
 * The small window beside a live image: the legend, the status line and one button per action.
 * The same keys work on the image itself while live mode runs (they are taken from ImageJ's
 * shortcuts there only): N next object, B background, A add to ROI Manager, L label image,
 * C clear, Q stop.
 */
final class LivePanel extends Frame {
	private static final long serialVersionUID = 1L;

	static final String KEYS = "Keys on the image: N next object, B background, A add to ROI Manager, L label image, P propagate (stacks), C clear, Q stop";

	static final String EDIT_KEYS = "Ctrl+Z undo, Ctrl+Shift+Z redo; Alt-click removes the nearest click";

	private static final Map<LiveMode, LivePanel> OPEN = new HashMap<>();

	private final LiveMode live;
	/** Two wrapped lines: a Label would cut a long status off. */
	private final TextArea status = new TextArea("", 2, 70, TextArea.SCROLLBARS_NONE);

	private LivePanel(LiveMode live) {
		super("M2N2 Live: " + live.image().getTitle());
		this.live = live;
		setLayout(new BorderLayout(4, 4));
		Panel text = new Panel(new BorderLayout());
		Panel legend = new Panel(new GridLayout(3, 1));
		legend.add(new Label("One counter = one object; several: counter 0 = background, counter k = object k."));
		legend.add(new Label(KEYS));
		legend.add(new Label(EDIT_KEYS));
		text.add(legend, BorderLayout.NORTH);
		status.setEditable(false);
		status.setFocusable(false);
		text.add(status, BorderLayout.CENTER);
		add(text, BorderLayout.NORTH);
		Panel buttons = new Panel(new GridLayout(0, 4, 4, 4));
		addButton(buttons, "Next object (N)", LiveMode.NEXT_OBJECT);
		addButton(buttons, "Background (B)", LiveMode.BACKGROUND);
		addButton(buttons, "Add to ROI Manager (A)", LiveMode.ADD_TO_MANAGER);
		addButton(buttons, "Label image (L)", LiveMode.LABELS);
		addButton(buttons, "Undo (Ctrl+Z)", LiveMode.UNDO);
		if (io.github.m2n2.io.StackImages.isStack(live.image())) addButton(buttons, "Propagate (P)", LiveMode.PROPAGATE);
		addButton(buttons, "Clear (C)", LiveMode.CLEAR);
		addButton(buttons, "Redo (Ctrl+Shift+Z)", LiveMode.REDO);
		addButton(buttons, "Stop (Q)", LiveMode.STOP);
		add(buttons, BorderLayout.CENTER);
		addKeyListener(keys(live));
		addWindowListener(new WindowAdapter() {
			@Override
			public void windowClosing(WindowEvent e) {
				live.stop();
			}
		});
		status.setText(live.message());
		pack();
	}

	private void addButton(Panel p, String label, String action) {
		Button b = new Button(label);
		b.addActionListener(e -> run(live, action));
		b.addKeyListener(keys(live));
		p.add(b);
	}

	/** Actions can block (waiting for the running segmentation): never on the event queue. */
	private static void run(LiveMode live, String action) {
		Thread t = new Thread(() -> {
			try {
				live.perform(action);
			} catch (UserError e) {
				IJ.showStatus("M2N2 live: " + e.getMessage());
			}
		}, "M2N2 live action");
		t.setDaemon(true);
		t.start();
	}

	static KeyListener keys(LiveMode live) {
		return new KeyAdapter() {
			@Override
			public void keyPressed(KeyEvent e) {
				int mods = e.getModifiersEx();
				int shortcut = java.awt.Toolkit.getDefaultToolkit().getMenuShortcutKeyMaskEx(); // Ctrl, Cmd on a Mac
				if (e.getKeyCode() == KeyEvent.VK_Z && (mods & shortcut) != 0) {
					e.consume(); // before ImageJ's Edit > Undo sees it
					run(live, (mods & KeyEvent.SHIFT_DOWN_MASK) != 0 ? LiveMode.REDO : LiveMode.UNDO);
					return;
				}
				if (mods != 0) return;
				String action;
				switch (e.getKeyCode()) {
					case KeyEvent.VK_N: action = LiveMode.NEXT_OBJECT; break;
					case KeyEvent.VK_B: action = LiveMode.BACKGROUND; break;
					case KeyEvent.VK_A: action = LiveMode.ADD_TO_MANAGER; break;
					case KeyEvent.VK_L: action = LiveMode.LABELS; break;
					case KeyEvent.VK_P: action = LiveMode.PROPAGATE; break;
					case KeyEvent.VK_C: action = LiveMode.CLEAR; break;
					case KeyEvent.VK_Q: action = LiveMode.STOP; break;
					default: return;
				}
				e.consume();
				run(live, action);
			}
		};
	}

	/**
	 * Where a panel wanted at {@code want} covers no other open live panel (two images at the same
	 * place, or both at the bottom of the screen, would otherwise put their panels on top of each
	 * other): moved up a panel at a time (from the bottom again past the top), then a column further right.
	 */
	static Point free(java.awt.Rectangle want, java.awt.Rectangle screen) {
		java.util.List<java.awt.Rectangle> taken = new java.util.ArrayList<>();
		for (LivePanel o : OPEN.values()) taken.add(o.getBounds());
		return free(want, screen, taken);
	}

	static Point free(java.awt.Rectangle want, java.awt.Rectangle screen, java.util.List<java.awt.Rectangle> taken) {
		int stepY = want.height + 4, stepX = want.width + 4;
		int rows = Math.max(1, screen.height / stepY), columns = Math.max(1, screen.width / stepX);
		java.awt.Rectangle r = new java.awt.Rectangle(want);
		for (int c = 0; c < columns; c++) {
			r.x = want.x + c * stepX;
			if (r.x + want.width > screen.x + screen.width) r.x -= columns * stepX; // wrap to the left part
			r.x = Math.max(screen.x, r.x);
			r.y = want.y;
			for (int row = 0; row < rows; row++) {
				boolean clash = false;
				for (java.awt.Rectangle t : taken) clash |= t.intersects(r);
				if (!clash) return r.getLocation();
				r.y -= stepY;
				if (r.y < screen.y) r.y = Math.min(r.y + rows * stepY, screen.y + screen.height - want.height);
			}
		}
		return want.getLocation(); // the screen is full of panels: overlap rather than hide one
	}

	/** Opens the panel beside the image and takes the keys on its canvas; the returned action undoes both. */
	static Runnable open(LiveMode live, ImagePlus imp) {
		LivePanel panel = new LivePanel(live);
		ImageWindow win = imp.getWindow();
		Point at = win.getLocation();
		// under the image, but on the screen: a window at the right edge would push it off
		java.awt.Rectangle screen = win.getGraphicsConfiguration().getBounds();
		int x = Math.max(screen.x, Math.min(at.x, screen.x + screen.width - panel.getWidth()));
		int y = Math.max(screen.y, Math.min(at.y + win.getHeight() + 4, screen.y + screen.height - panel.getHeight()));
		synchronized (OPEN) {
			panel.setLocation(free(new java.awt.Rectangle(x, y, panel.getWidth(), panel.getHeight()), screen));
			OPEN.put(live, panel);
		}
		panel.setVisible(true);
		ImageCanvas canvas = imp.getCanvas();
		KeyListener keys = keys(live);
		ImageJ ij = IJ.getInstance();
		// listeners run in the order added: ours must see the key before ImageJ's shortcuts do
		if (ij != null) canvas.removeKeyListener(ij);
		canvas.addKeyListener(keys);
		if (ij != null) canvas.addKeyListener(ij);
		return () -> {
			canvas.removeKeyListener(keys);
			synchronized (OPEN) {
				OPEN.remove(live);
			}
			EventQueue.invokeLater(panel::dispose);
		};
	}

	static void update(LiveMode live) {
		LivePanel p;
		synchronized (OPEN) {
			p = OPEN.get(live);
		}
		if (p != null) EventQueue.invokeLater(() -> p.status.setText(live.message()));
	}
}
