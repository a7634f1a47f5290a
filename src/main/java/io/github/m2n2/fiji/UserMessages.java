package io.github.m2n2.fiji;

import ij.IJ;
import ij.macro.Interpreter;

/**
 * How a user's mistake reaches the user. Not through {@code IJ.error}: that aborts a running
 * macro, so a folder macro's own "failed on NAME" branch never runs, and under {@code -batch}
 * ImageJ can hang in the abort.
 * <ul>
 * <li>inside a batch-mode macro (or without ImageJ's window, as with {@code -batch}): one line in
 * the Log (standard output without a window), no dialog; the macro goes on and sees the image
 * unchanged;</li>
 * <li>otherwise a dialog titled with the command's name, which does not abort a macro either.</li>
 * </ul>
 */
final class UserMessages {

	private UserMessages() { }

	/** Dialog lines longer than this are wrapped: a one-line message of 150 characters is wider than a laptop screen. */
	static final int LINE = 90;

	static void error(String title, String message) {
		if (IJ.getInstance() == null || IJ.isMacro() && Interpreter.isBatchMode()) IJ.log(title + ": " + message);
		else IJ.showMessage(title, wrap(message));
	}

	/** "2 objects from 1 point": the line every segment command ends with. */
	static String summary(int objects, int points) {
		return objects + (objects == 1 ? " object" : " objects") + " from " + points + (points == 1 ? " point" : " points");
	}

	static String wrap(String text) {
		StringBuilder out = new StringBuilder();
		int column = 0;
		for (String word : text.split(" ")) {
			if (column > 0 && column + 1 + word.length() > LINE) {
				out.append('\n');
				column = 0;
			} else if (column > 0) {
				out.append(' ');
				column++;
			}
			out.append(word);
			column += word.length();
		}
		return out.toString();
	}
}
