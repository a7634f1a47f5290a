package io.github.m2n2.fiji;

import java.util.ArrayList;
import java.util.List;

/**
 * Undo and redo of live mode's prompts: each change of the points (a click, a moved or removed
 * point, a drawn shape) is one step. Going back only restores the points; the segmentation of
 * the restored points reuses the maps the session cached for them.
 */
final class ClickHistory {

	/** Steps kept: a snapshot is a few bytes per point. */
	static final int LIMIT = 200;

	private final List<PointSnapshot> undo = new ArrayList<>(), redo = new ArrayList<>();
	private PointSnapshot current = PointSnapshot.EMPTY;

	PointSnapshot current() { return current; }

	/** A new state made by the user; forgets what could be redone. @return whether it differs from the current one */
	boolean record(PointSnapshot s) {
		if (s.equals(current)) return false;
		undo.add(current);
		if (undo.size() > LIMIT) undo.remove(0);
		redo.clear();
		current = s;
		return true;
	}

	/** The state before the current one (now current), or null when there is none. */
	PointSnapshot undo() {
		if (undo.isEmpty()) return null;
		redo.add(current);
		current = undo.remove(undo.size() - 1);
		return current;
	}

	/** The state undone last (now current), or null when there is none. */
	PointSnapshot redo() {
		if (redo.isEmpty()) return null;
		undo.add(current);
		current = redo.remove(redo.size() - 1);
		return current;
	}

	/** The current state as it turned out on the image (not a new step). */
	void replaceCurrent(PointSnapshot s) {
		current = s;
	}

	boolean canUndo() { return !undo.isEmpty(); }

	boolean canRedo() { return !redo.isEmpty(); }
}
