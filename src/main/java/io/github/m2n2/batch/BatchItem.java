package io.github.m2n2.batch;

import java.nio.file.Path;

/** One image of a folder run: its name, its points file (null where it has none) and its output. */
public final class BatchItem {

	public final String name;
	public final Path image;
	public final Path points;
	public final Path output;
	/** Why the image cannot be processed before trying (a clash of names); null when it can. */
	public final String problem;

	BatchItem(String name, Path image, Path points, Path output, String problem) {
		this.name = name;
		this.image = image;
		this.points = points;
		this.output = output;
		this.problem = problem;
	}

	@Override
	public String toString() { return image.getFileName().toString(); }
}
