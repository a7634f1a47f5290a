package io.github.m2n2.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import io.github.m2n2.input.UserError;
import io.github.m2n2.batch.BatchSummary;
import io.github.m2n2.batch.FolderRun;
import io.github.m2n2.batch.Shard;

/** The options of the folder commands ({@code batch}, {@code attention --images}) and how they run. */
final class FolderOptions {

	static final List<String> NAMES = List.of("images", "out", "shard", "summary", "overwrite");

	static final String USAGE = String.join("\n",
		"  --shard I/N              do only task I of N (1-based) of the images sorted by name; N tasks with",
		"                           I = 1..N together do every image once (SLURM: --array=1-N, see scripts/slurm/)",
		"  --summary FILE.csv       the run's summary (default OUT/m2n2-KIND-DATE-TIME[-shard-I-of-N].csv)",
		"  --overwrite              redo images whose output exists (by default they are skipped, so a killed",
		"                           run can simply be started again)");

	private FolderOptions() { }

	static Shard shard(Args a) {
		if (!a.has("shard")) return Shard.ALL;
		try {
			return Shard.parse(a.get("shard"));
		} catch (IllegalArgumentException e) {
			throw new UserError(e.getMessage());
		}
	}

	static Path folder(Args a, String option) {
		Path dir = Path.of(a.require(option));
		if (!Files.isDirectory(dir)) throw new UserError("--" + option + " " + dir + " is not a folder");
		return dir;
	}

	/** The output folder, created when missing (array tasks may race to create it; that is harmless). */
	static Path outFolder(Args a) {
		Path out = Path.of(a.require("out"));
		if (Files.exists(out) && !Files.isDirectory(out)) throw new UserError("--out " + out + " is a file; give a folder");
		try {
			Files.createDirectories(out);
		} catch (IOException e) {
			throw new UserError("cannot create the output folder " + out + ": " + e.getMessage());
		}
		if (!Files.isWritable(out)) throw new UserError("the output folder " + out + " is not writable");
		return out;
	}

	/**
	 * Runs the job over the shard, printing a line per image on {@code out} (for logs) and a bar
	 * with the time left on a terminal.
	 *
	 * @return 0 when no image failed, 1 otherwise
	 */
	static int run(Args a, String kind, Path images, Path points, Path outDir, Function<String, Path> output, FolderRun.Job job,
		PrintStream out, PrintStream err) throws IOException {
		Path summaryFile = a.path("summary");
		if (summaryFile != null) {
			// an earlier run's summary is its record: replaced only when asked, as the images are
			OutputPaths.check(summaryFile, "--summary", OutputPaths.CSV, a.flag("overwrite"));
			OutputPaths.outside(summaryFile, "--summary", images, "the images folder");
		}
		ConsoleProgress progress = ConsoleProgress.auto(err);
		BatchSummary summary;
		try {
			summary = new FolderRun(kind, shard(a), outDir, a.flag("overwrite")).run(images, points, output, job, a.path("summary"), progress,
				line -> {
					progress.finish();
					out.println(line);
				});
		} finally {
			progress.finish();
		}
		return summary.count(BatchSummary.Status.FAILED) > 0 ? 1 : 0;
	}
}
