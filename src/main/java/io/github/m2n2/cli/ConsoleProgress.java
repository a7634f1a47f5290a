package io.github.m2n2.cli;

import java.io.PrintStream;

import io.github.m2n2.engine.ProgressListener;

/**
 * A one-line progress bar on standard error, redrawn at most a few times a second; silent when
 * the output is not a terminal so logs stay clean.
 */
public final class ConsoleProgress implements ProgressListener {

	private final PrintStream err;
	private final boolean enabled;
	private long lastDraw;
	private String lastTask = "";
	private boolean drawn;

	public ConsoleProgress(PrintStream err, boolean enabled) {
		this.err = err;
		this.enabled = enabled;
	}

	/** Enabled when a console is attached and M2N2_PROGRESS is not 0. */
	public static ConsoleProgress auto(PrintStream err) {
		boolean tty = System.console() != null && !"0".equals(System.getenv("M2N2_PROGRESS"));
		return new ConsoleProgress(err, tty || "1".equals(System.getenv("M2N2_PROGRESS")));
	}

	@Override
	public synchronized void progress(String task, double fraction) {
		if (!enabled) return;
		long now = System.nanoTime();
		if (task.equals(lastTask) && now - lastDraw < 200_000_000L && fraction < 1) return;
		lastDraw = now;
		lastTask = task;
		int width = 30;
		int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
		String bar = "#".repeat(filled) + "-".repeat(width - filled);
		err.print(String.format("\r%-40.40s [%s] %3d%%", task, bar, (int) Math.round(fraction * 100)));
		err.flush();
		drawn = true;
	}

	/** Clears the bar before normal output. */
	public synchronized void finish() {
		if (enabled && drawn) {
			err.print("\r" + " ".repeat(79) + "\r");
			err.flush();
			drawn = false;
		}
	}
}
