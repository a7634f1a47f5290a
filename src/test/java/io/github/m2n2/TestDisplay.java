package io.github.m2n2;

import java.awt.GraphicsEnvironment;

/** Whether window tests can run: they skip (not fail) where no display answers, e.g. plain `mvn -B verify` without xvfb-run. */
public final class TestDisplay {

	private TestDisplay() { }

	/** DISPLAY may be set with no X server behind it, or not set at all: ask AWT itself. */
	public static boolean works() {
		if (GraphicsEnvironment.isHeadless()) return false;
		try {
			return GraphicsEnvironment.getLocalGraphicsEnvironment().getScreenDevices().length > 0;
		} catch (Throwable e) { // AWTError or its initializer error: no display to talk to
			return false;
		}
	}
}
