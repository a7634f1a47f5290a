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

	static void error(String title, String message) {
		if (IJ.getInstance() == null || IJ.isMacro() && Interpreter.isBatchMode()) IJ.log(title + ": " + message);
		else IJ.showMessage(title, message);
	}
}
