package io.github.m2n2.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.github.m2n2.input.UserError;

/**
 * What every command checks of an output file before it starts work, so that a run is refused at
 * once rather than after minutes of computing, and nothing the user has is replaced by mistake:
 * the name must say the format that is written, a file the command reads is never replaced (not
 * even with {@code --overwrite}), an existing file only with {@code --overwrite}, and the folder
 * must exist and be writable.
 */
final class OutputPaths {

	/** A file format by the name endings that announce it (lower case; the first is suggested). */
	static final class Format {
		final String description;
		final List<String> endings;

		Format(String description, String... endings) {
			this.description = description;
			this.endings = List.of(endings);
		}

		boolean names(Path file) {
			if (endings.isEmpty()) return true;
			Path name = file.getFileName();
			String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
			return endings.stream().anyMatch(n::endsWith);
		}
	}

	static final Format TIFF = new Format("a TIFF", ".tif", ".tiff");
	static final Format PNG = new Format("a PNG", ".png");
	static final Format NPY = new Format("a NumPy array", ".npy");
	static final Format CSV = new Format("CSV text", ".csv");
	/** Text whose readers do not look at the name (the JSON report). */
	static final Format ANY = new Format("text");

	private OutputPaths() { }

	/**
	 * @param inputs files the command reads (null entries are skipped)
	 * @throws UserError naming the first problem
	 */
	static void check(Path output, String option, Format format, boolean overwrite, Path... inputs) {
		if (!format.names(output))
			throw new UserError(option + " " + output + ": this file is written as " + format.description + "; give a name ending in "
				+ format.endings.get(0));
		for (Path input : inputs) {
			if (input == null) continue;
			try {
				if (Files.exists(input) && Files.exists(output) && Files.isSameFile(input, output))
					throw new UserError(option + " " + output + " would replace the input " + input + "; choose another file");
			} catch (IOException e) {
				throw new UserError("cannot check " + output + ": " + e.getMessage());
			}
		}
		if (Files.isDirectory(output)) throw new UserError(option + " " + output + " is a folder; give a file name");
		if (Files.exists(output) && !overwrite) throw new UserError(option + " " + output + " already exists; pass --overwrite to replace it");
		Path dir = output.toAbsolutePath().getParent();
		if (dir != null && !Files.isDirectory(dir)) throw new UserError("the folder of " + option + " " + dir + " does not exist");
		if (dir != null && !Files.isWritable(dir)) throw new UserError("the folder " + dir + " is not writable");
	}

	/** Two outputs of one run must be two files. */
	static void distinct(Path a, String optionA, Path b, String optionB) {
		if (a != null && b != null && a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize()))
			throw new UserError(optionA + " and " + optionB + " name the same file " + a + "; give each its own");
	}

	/** An output must not land among a data set's or a folder run's inputs. */
	static void outside(Path output, String option, Path folder, String what) {
		Path parent = output.toAbsolutePath().normalize().getParent();
		if (parent != null && parent.equals(folder.toAbsolutePath().normalize()))
			throw new UserError(option + " " + output + " lies in " + what + " " + folder + "; write it elsewhere");
	}
}
