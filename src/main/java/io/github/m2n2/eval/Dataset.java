package io.github.m2n2.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import io.github.m2n2.io.ImageFiles;

/**
 * A folder with {@code images/NAME.<ext>} and {@code masks/NAME.<png|tif|tiff>}, paired by
 * NAME. Images are listed in name order so that {@code --limit} always takes the same ones.
 * Masks without an image are left alone (a data set may carry more masks than images).
 */
public final class Dataset {

	/** Mask file extensions looked for, lower case. */
	public static final List<String> MASK_EXTENSIONS = List.of("png", "tif", "tiff");

	/** One image with its mask. */
	public static final class Item {
		private final String name;
		private final Path image;
		private final Path mask;

		Item(String name, Path image, Path mask) {
			this.name = name;
			this.image = image;
			this.mask = mask;
		}

		public String name() { return name; }

		public Path image() { return image; }

		public Path mask() { return mask; }
	}

	private final Path root;
	private final List<Item> items;

	private Dataset(Path root, List<Item> items) {
		this.root = root;
		this.items = items;
	}

	public Path root() { return root; }

	public List<Item> items() { return items; }

	/** Lists and pairs the files; checks names only, not contents. */
	public static Dataset scan(Path root) throws DatasetException {
		if (!Files.isDirectory(root)) throw new DatasetException("the dataset folder " + root + " does not exist (or is not a folder)");
		Path images = root.resolve("images"), masks = root.resolve("masks");
		if (!Files.isDirectory(images)) throw new DatasetException("the dataset folder " + root + " has no images/ folder");
		if (!Files.isDirectory(masks)) throw new DatasetException("the dataset folder " + root + " has no masks/ folder");
		Map<String, Path> imageByName = byName(images, null);
		Map<String, Path> maskByName = byName(masks, MASK_EXTENSIONS);
		if (imageByName.isEmpty()) throw new DatasetException("the folder " + images + " holds no images");
		List<Item> items = new ArrayList<>();
		for (Map.Entry<String, Path> e : imageByName.entrySet()) {
			Path mask = maskByName.get(e.getKey());
			if (mask == null)
				throw new DatasetException("the image " + e.getValue() + " has no mask: expected " + masks.resolve(e.getKey() + ".png")
					+ " (or .tif)");
			items.add(new Item(e.getKey(), e.getValue(), mask));
		}
		return new Dataset(root, List.copyOf(items));
	}

	/** The first {@code n} items (all when {@code n <= 0}). */
	public Dataset limit(int n) {
		if (n <= 0 || n >= items.size()) return this;
		return new Dataset(root, items.subList(0, n));
	}

	private static Map<String, Path> byName(Path dir, List<String> extensions) throws DatasetException {
		Map<String, Path> m = new TreeMap<>();
		try (Stream<Path> files = Files.list(dir)) {
			for (Path p : (Iterable<Path>) files.sorted()::iterator) {
				String file = p.getFileName().toString();
				if (file.startsWith(".") || !Files.isRegularFile(p)) continue;
				int dot = file.lastIndexOf('.');
				if (dot <= 0) continue;
				String ext = file.substring(dot + 1).toLowerCase(Locale.ROOT);
				if (extensions != null && !extensions.contains(ext)) continue;
				String name = file.substring(0, dot);
				Path previous = m.put(name, p);
				if (previous != null)
					throw new DatasetException("two files in " + dir + " are named " + name + " (" + previous.getFileName() + " and " + file
						+ "); keep one");
			}
		} catch (IOException e) {
			throw new DatasetException("cannot list " + dir + ": " + e.getMessage());
		}
		return m;
	}

	/**
	 * A mask's values as integers: 8/16-bit as they are, 32-bit rounded, RGB only when grey
	 * (all channels equal). One plane only.
	 */
	public static int[] readMask(Path mask, int expectedWidth, int expectedHeight) throws DatasetException {
		ImagePlus imp;
		try {
			imp = ImageFiles.open(mask);
		} catch (IOException e) {
			throw new DatasetException(e.getMessage());
		}
		if (imp.getStackSize() > 1) throw new DatasetException("the mask " + mask + " has " + imp.getStackSize() + " planes; one is expected");
		ImageProcessor ip = imp.getProcessor();
		int w = ip.getWidth(), h = ip.getHeight();
		if (w != expectedWidth || h != expectedHeight)
			throw new DatasetException("the mask " + mask + " is " + w + " x " + h + " but its image is " + expectedWidth + " x " + expectedHeight);
		int[] v = new int[w * h];
		if (ip instanceof ColorProcessor) {
			int[] rgb = (int[]) ip.getPixels();
			for (int i = 0; i < v.length; i++) {
				int r = (rgb[i] >> 16) & 0xff, g = (rgb[i] >> 8) & 0xff, b = rgb[i] & 0xff;
				if (r != g || g != b)
					throw new DatasetException("the mask " + mask + " is in colour (pixel " + (i % w) + "," + (i / w)
						+ "); save masks as grey or label images");
				v[i] = r;
			}
			return v;
		}
		boolean isFloat = ip.getBitDepth() == 32;
		for (int i = 0; i < v.length; i++) {
			float f = ip.getf(i);
			if (isFloat && !Float.isFinite(f)) throw new DatasetException("the mask " + mask + " holds a non-finite value");
			v[i] = isFloat ? Math.round(f) : (int) f;
			if (v[i] < 0) throw new DatasetException("the mask " + mask + " holds a negative value (" + v[i] + ")");
		}
		return v;
	}
}
