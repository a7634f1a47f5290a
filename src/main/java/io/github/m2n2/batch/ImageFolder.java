package io.github.m2n2.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The images of a folder, sorted by file name (the order that sharding deals from, the same on
 * every machine), each paired with its {@code NAME.csv} points and its output file.
 */
public final class ImageFolder {

	/** Extensions taken as images; other files (notes, points, outputs) are not listed. */
	public static final Set<String> EXTENSIONS = Set.of("tif", "tiff", "png", "jpg", "jpeg", "gif", "bmp", "pgm", "ppm", "pnm",
		"fits", "fit", "fts", "dcm");

	private ImageFolder() { }

	/** Regular, non-hidden files with an image extension, sorted by name (code point order). */
	public static List<Path> images(Path dir) throws IOException {
		if (!Files.isDirectory(dir)) throw new IOException("the folder " + dir + " does not exist");
		List<Path> images = new ArrayList<>();
		try (Stream<Path> s = Files.list(dir)) {
			s.filter(p -> !p.getFileName().toString().startsWith(".") && Files.isRegularFile(p) && isImageName(p.getFileName().toString()))
				.forEach(images::add);
		}
		images.sort(Comparator.comparing(p -> p.getFileName().toString()));
		return images;
	}

	static boolean isImageName(String name) {
		int dot = name.lastIndexOf('.');
		return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

	/**
	 * Pairs every image with {@code pointsDir/NAME.csv} (null when pointsDir is null or the file is
	 * missing) and its output. Files that are this run's own outputs (when the output folder is
	 * the image folder) are left out; two images with one name (a.tif, a.png) share a points file and
	 * an output, so both are marked with a problem: which one the clicks are for is not known.
	 *
	 * @param output the output file of an image name
	 */
	public static List<BatchItem> items(Path imageDir, Path pointsDir, Function<String, Path> output) throws IOException {
		List<Path> images = images(imageDir);
		Set<String> outputs = new java.util.HashSet<>();
		for (Path p : images) outputs.add(output.apply(FileSegmenter.baseName(p)).toAbsolutePath().normalize().toString());
		List<BatchItem> items = new ArrayList<>();
		Map<String, List<String>> withName = new HashMap<>();
		for (Path image : images)
			if (!outputs.contains(image.toAbsolutePath().normalize().toString()))
				withName.computeIfAbsent(FileSegmenter.baseName(image), k -> new ArrayList<>()).add(image.getFileName().toString());
		for (Path image : images) {
			if (outputs.contains(image.toAbsolutePath().normalize().toString())) continue;
			String name = FileSegmenter.baseName(image);
			Path csv = pointsDir == null ? null : pointsDir.resolve(name + ".csv");
			if (csv != null && !Files.exists(csv)) csv = null;
			List<String> same = withName.get(name);
			// neither is done: the one NAME.csv cannot say which image its clicks are for
			String problem = same.size() < 2 ? null
				: String.join(" and ", same) + " share the name " + name + " (its points file and output); rename all but one";
			items.add(new BatchItem(name, image, csv, output.apply(name), problem));
		}
		return items;
	}
}
