package io.github.m2n2.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.m2n2.io.AtomicFiles;

/**
 * The CSV a folder run leaves: one row per image of its share (image, status, objects, pixels
 * per label, seconds, output, message). It is rewritten whole through a temporary file, at most
 * every few seconds and at the end, so it is never half-written and a killed run's summary still
 * lists what was finished.
 */
public final class BatchSummary {

	public static final String HEADER = "image,status,objects,pixels_per_label,seconds,output,message";
	private static final long REWRITE_NANOS = 5_000_000_000L;

	/** What happened to one image. */
	public enum Status { DONE, SKIPPED, FAILED;
		@Override
		public String toString() { return name().toLowerCase(Locale.ROOT); }
	}

	/** One row. */
	public static final class Row {
		public final String image;
		public final Status status;
		/** -1 where not applicable. */
		public final int objects;
		/** {@code label:pixels} separated by spaces, background first; empty where not applicable. */
		public final String pixelsPerLabel;
		public final double seconds;
		public final String output;
		public final String message;

		public Row(String image, Status status, int objects, String pixelsPerLabel, double seconds, String output, String message) {
			this.image = image;
			this.status = status;
			this.objects = objects;
			this.pixelsPerLabel = pixelsPerLabel == null ? "" : pixelsPerLabel;
			this.seconds = seconds;
			this.output = output == null ? "" : output;
			this.message = message == null ? "" : message;
		}

		String csv() {
			return String.join(",", quote(image), status.toString(), objects < 0 ? "" : String.valueOf(objects), quote(pixelsPerLabel),
				String.format(Locale.ROOT, "%.3f", seconds), quote(output), quote(message));
		}

		@Override
		public String toString() {
			StringBuilder sb = new StringBuilder(image).append(": ").append(status);
			if (objects >= 0) sb.append(", ").append(objects).append(objects == 1 ? " object" : " objects");
			if (status == Status.DONE) sb.append(String.format(Locale.ROOT, " in %.2f s", seconds));
			if (!message.isEmpty()) sb.append(" (").append(message).append(')');
			return sb.toString();
		}
	}

	private final Path file;
	private final List<Row> rows = new ArrayList<>();
	private long lastWrite;

	public BatchSummary(Path file) {
		this.file = file;
	}

	/**
	 * The default summary file of a run: {@code m2n2-KIND-YYYYMMDD-HHMMSS[-shard-I-of-N].csv} in the
	 * output folder, numbered on when a run of the same second already wrote one.
	 */
	public static Path defaultFile(Path outDir, String kind, Shard shard) {
		String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
		String tail = shard.isAll() ? "" : "-shard-" + shard.index + "-of-" + shard.count;
		Path p = outDir.resolve("m2n2-" + kind + "-" + stamp + tail + ".csv");
		for (int k = 2; Files.exists(p); k++) p = outDir.resolve("m2n2-" + kind + "-" + stamp + "-" + k + tail + ".csv");
		return p;
	}

	/**
	 * Whether a file name is the temporary file of a summary that an earlier run of the same kind
	 * and shard was killed while writing (summaries of other shards, which may be running now,
	 * never match).
	 */
	static boolean isLeftover(String fileName, String kind, Shard shard, Path outDir) {
		int end = fileName.lastIndexOf('.', fileName.length() - ".part".length() - 1);
		if (!fileName.startsWith(".") || end <= 1) return false;
		String destination = fileName.substring(1, end);
		String tail = shard.isAll() ? "" : "-shard-" + shard.index + "-of-" + shard.count;
		return destination.matches("m2n2-" + java.util.regex.Pattern.quote(kind) + "-\\d{8}-\\d{6}(-\\d+)?" + java.util.regex.Pattern.quote(tail) + "\\.csv")
			&& AtomicFiles.isTemporaryOf(fileName, outDir.resolve(destination));
	}

	public Path file() { return file; }

	public synchronized List<Row> rows() { return List.copyOf(rows); }

	public synchronized long count(Status status) {
		return rows.stream().filter(r -> r.status == status).count();
	}

	/** Adds a row; rewrites the file when the last write is a few seconds old. */
	public synchronized void add(Row row) throws IOException {
		rows.add(row);
		if (System.nanoTime() - lastWrite > REWRITE_NANOS) write();
	}

	/** Rewrites the file now, atomically, the rows in image order. */
	public synchronized void write() throws IOException {
		StringBuilder sb = new StringBuilder(HEADER).append('\n');
		List<Row> sorted = new ArrayList<>(rows);
		sorted.sort(java.util.Comparator.comparing(r -> r.image));
		for (Row r : sorted) sb.append(r.csv()).append('\n');
		Path tmp = AtomicFiles.temporarySibling(file);
		try {
			Files.writeString(tmp, sb, StandardCharsets.UTF_8);
			Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		} finally {
			Files.deleteIfExists(tmp);
		}
		lastWrite = System.nanoTime();
	}

	static String quote(String s) {
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
		return '"' + s.replace("\"", "\"\"").replace("\r", " ").replace("\n", " ") + '"';
	}
}
