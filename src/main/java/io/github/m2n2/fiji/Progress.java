package io.github.m2n2.fiji;

import java.util.function.BooleanSupplier;

import ij.IJ;

import io.github.m2n2.engine.ProgressListener;

/** Engine progress in ImageJ's status bar and progress bar; Esc or an interrupt cancels. */
final class Progress implements ProgressListener {

	private final BooleanSupplier canceled;
	private final boolean show;

	private Progress(boolean show, BooleanSupplier canceled) {
		this.show = show;
		this.canceled = canceled;
	}

	/** For commands: shows progress unless headless; Esc (ImageJ's usual stop key) cancels. */
	static Progress statusBar(boolean headless) {
		if (!headless) IJ.resetEscape();
		return new Progress(!headless, () -> (!headless && IJ.escapePressed()) || Thread.currentThread().isInterrupted());
	}

	@Override
	public void progress(String task, double fraction) {
		if (!show) return;
		IJ.showStatus("M2N2: " + task + " " + Math.round(fraction * 100) + "%");
		IJ.showProgress(fraction);
	}

	@Override
	public boolean isCanceled() {
		return canceled.getAsBoolean();
	}

	void done() {
		if (show) IJ.showProgress(1.0);
	}
}
