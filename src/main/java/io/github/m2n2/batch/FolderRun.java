package io.github.m2n2.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.batch.BatchSummary.Row;
import io.github.m2n2.batch.BatchSummary.Status;
import io.github.m2n2.input.UserError;
import io.github.m2n2.engine.CanceledException;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.io.AtomicFiles;

/**
 * Runs one job over a shard of a folder's images without a person at the screen: an image whose
 * output exists is skipped (so a killed run resumes where it stopped), one that cannot be done is
 * reported in the summary and the run goes on, and temporary files that a killed run of the same
 * images left are removed first.
 */
public final class FolderRun {

	/** Makes one image's output file. */
	public interface Job {
		/**
		 * Writes {@code item.output} atomically (never a partial file). A mistake in the input is
		 * thrown as {@link UserError}, {@link IOException} or {@link BackboneException} with a message
		 * for the user.
		 */
		Outcome process(BatchItem item, ProgressListener progress) throws Exception;

		/** Whether an image needs a points file (images without one are skipped). */
		default boolean needsPoints() { return true; }
	}

	/** What the summary reports of a finished image besides its time. */
	public static final class Outcome {
		public static final Outcome NONE = new Outcome(-1, "");
		final int objects;
		final String pixelsPerLabel;

		public Outcome(int objects, String pixelsPerLabel) {
			this.objects = objects;
			this.pixelsPerLabel = pixelsPerLabel;
		}
	}

	private final String kind;
	private final Shard shard;
	private final Path outDir;
	private final boolean overwrite;

	/**
	 * @param kind      names the summary file ({@code batch}, {@code attention})
	 * @param overwrite redo images whose output exists instead of skipping them
	 */
	public FolderRun(String kind, Shard shard, Path outDir, boolean overwrite) {
		this.kind = kind;
		this.shard = shard;
		this.outDir = outDir;
		this.overwrite = overwrite;
	}

	/**
	 * Lists the images of a folder (with their points from {@code pointsDir}, which may be null for
	 * jobs that need none) and processes this run's share.
	 *
	 * @param output      the output file of an image name
	 * @param summaryFile the summary CSV, or null for {@link BatchSummary#defaultFile} in the output folder
	 */
	public BatchSummary run(Path imageDir, Path pointsDir, Function<String, Path> output, Job job, Path summaryFile,
		ProgressListener progress, Consumer<String> log) throws IOException {
		List<BatchItem> items = ImageFolder.items(imageDir, pointsDir, output);
		BatchSummary summary = new BatchSummary(summaryFile != null ? summaryFile : BatchSummary.defaultFile(outDir, kind, shard));
		log.accept("m2n2 " + kind + ": " + shard.of(items).size() + " of " + items.size() + " images"
			+ (shard.isAll() ? "" : " (shard " + shard + ")") + " from " + imageDir + " -> " + outDir);
		run(items, job, summary, progress, row -> log.accept(row.toString()));
		log.accept(String.format(Locale.ROOT, "m2n2 %s: %d done, %d skipped, %d failed; summary %s", kind, summary.count(Status.DONE),
			summary.count(Status.SKIPPED), summary.count(Status.FAILED), summary.file()));
		return summary;
	}

	/**
	 * Processes this run's share of the items.
	 *
	 * @param progress receives "image k of n" with an estimate of the time left, and the job's own steps
	 * @param log      receives each row as it is decided
	 * @return the summary (already written to its file)
	 * @throws CanceledException when the progress listener asks to stop (the summary is written first)
	 */
	public BatchSummary run(List<BatchItem> items, Job job, BatchSummary summary, ProgressListener progress, Consumer<Row> log)
		throws IOException {
		List<BatchItem> share = shard.of(items);
		removeLeftovers(share);
		List<BatchItem> pending = new ArrayList<>();
		for (BatchItem item : share) {
			Row skip = null;
			if (item.problem != null) skip = new Row(item.toString(), Status.FAILED, -1, "", 0, "", item.problem);
			else if (job.needsPoints() && item.points == null)
				skip = new Row(item.toString(), Status.SKIPPED, -1, "", 0, "", "no points file " + item.name + ".csv");
			else if (!overwrite && Files.exists(item.output))
				skip = new Row(item.toString(), Status.SKIPPED, -1, "", 0, name(item.output), "output exists");
			if (skip == null) pending.add(item);
			else record(summary, skip, log);
		}
		long start = System.nanoTime();
		// a task stopped by its scheduler (SIGTERM at the time limit) still leaves its summary
		Thread writeOnExit = new Thread(() -> {
			try {
				summary.write();
			} catch (IOException e) {
				// the process is ending; the rows written earlier remain
			}
		}, "m2n2-summary-on-exit");
		Runtime.getRuntime().addShutdownHook(writeOnExit);
		try {
			for (int k = 0; k < pending.size(); k++) {
				BatchItem item = pending.get(k);
				progress.checkCanceled();
				String step = String.format(Locale.ROOT, "%d/%d%s", k + 1, pending.size(), eta(start, k, pending.size()));
				double base = (double) k / pending.size(), width = 1.0 / pending.size();
				ProgressListener inner = new ProgressListener() {
					@Override
					public void progress(String task, double fraction) {
						progress.progress(step + " " + item.name + ": " + task, base + width * Math.max(0, Math.min(1, fraction)));
					}

					@Override
					public boolean isCanceled() { return progress.isCanceled(); }
				};
				inner.progress("starting", 0);
				record(summary, process(item, job, inner), log);
			}
		} finally {
			try {
				Runtime.getRuntime().removeShutdownHook(writeOnExit);
			} catch (IllegalStateException e) {
				// already shutting down: the hook writes the summary
			}
			summary.write();
		}
		progress.progress("done", 1);
		return summary;
	}

	private Row process(BatchItem item, Job job, ProgressListener progress) {
		long t0 = System.nanoTime();
		String problem;
		try {
			Outcome o = job.process(item, progress);
			return new Row(item.toString(), Status.DONE, o.objects, o.pixelsPerLabel, seconds(t0), name(item.output), "");
		} catch (CanceledException e) {
			throw e;
		} catch (UserError | IOException | BackboneException e) {
			problem = e.getMessage();
		} catch (OutOfMemoryError e) {
			problem = "out of memory; use a smaller --resolution or give Java more memory (M2N2_JAVA_OPTS=-Xmx16g)";
		} catch (Exception e) {
			problem = "internal error: " + e;
		}
		return new Row(item.toString(), Status.FAILED, -1, "", seconds(t0), "", problem);
	}

	private static void record(BatchSummary summary, Row row, Consumer<Row> log) throws IOException {
		summary.add(row);
		log.accept(row);
	}

	/** Removes temporary files of this share's outputs and of this shard's summaries: never another task's. */
	private void removeLeftovers(List<BatchItem> share) throws IOException {
		if (!Files.isDirectory(outDir)) return;
		List<Path> candidates = new ArrayList<>();
		try (Stream<Path> s = Files.list(outDir)) {
			s.filter(p -> {
				String n = p.getFileName().toString();
				return n.startsWith(".") && n.endsWith(".part");
			}).forEach(candidates::add);
		}
		for (Path p : candidates) {
			String n = p.getFileName().toString();
			boolean ours = BatchSummary.isLeftover(n, kind, shard, outDir);
			for (int i = 0; i < share.size() && !ours; i++) ours = AtomicFiles.isTemporaryOf(n, share.get(i).output);
			if (ours) Files.deleteIfExists(p);
		}
	}

	/** ", ETA 3m20s" from the mean time of the images done so far; empty before the first. */
	static String eta(long startNanos, int done, int total) {
		if (done == 0) return "";
		double left = (System.nanoTime() - startNanos) / 1e9 / done * (total - done);
		long s = Math.round(left);
		String text = s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
			: s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
		return ", ETA " + text;
	}

	private static double seconds(long t0) { return (System.nanoTime() - t0) / 1e9; }

	private static String name(Path p) { return p.getFileName().toString(); }
}
