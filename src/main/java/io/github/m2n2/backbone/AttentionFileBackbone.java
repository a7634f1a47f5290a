package io.github.m2n2.backbone;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.InvalidAttentionException;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.io.NpyArray;

/**
 * Attention computed elsewhere (for example by Python on a GPU server) and saved as a NumPy
 * array of shape {@code (r, r, r, r)} or {@code (r*r, r*r)}, float32 or float16, C order:
 * the raw attention before temperature, rows summing to 1.
 */
public final class AttentionFileBackbone implements Backbone {

	public static final String NAME = "file";
	/** The option naming the attention file. */
	public static final String ATTENTION = "attention";

	/** Registers this backbone (see {@link Backbones}). */
	public static final class Provider implements BackboneProvider {
		@Override public String name() { return NAME; }
		@Override public String summary() { return "attention computed elsewhere, read from --attention FILE.npy"; }
		@Override public List<BackboneOption> options() {
			return List.of(BackboneOption.path(ATTENTION, "Attention (.npy file)", "attention computed elsewhere, shape (r,r,r,r) or (r*r,r*r)"));
		}
		@Override public Backbone create(BackboneConfig config, ProgressListener progress) throws BackboneException {
			Path file = config.path(ATTENTION);
			if (file == null) throw new BackboneException("The file backbone needs an attention file (--attention FILE.npy).");
			return new AttentionFileBackbone(file);
		}
	}

	private final Path file;

	public AttentionFileBackbone(Path file) {
		this.file = file;
	}

	@Override
	public String name() { return NAME; }

	/** Reads and validates the file; the message of a failure names the first problem. */
	public Attention read() throws BackboneException {
		NpyArray array;
		try {
			array = NpyArray.read(file);
		} catch (java.nio.file.NoSuchFileException e) {
			throw new BackboneException("The attention file " + file + " does not exist.");
		} catch (IOException e) {
			throw new BackboneException("The attention file " + file + " is not usable: " + e.getMessage() + ".");
		}
		long[] shape = array.shape();
		int r;
		if (shape.length == 4 && shape[0] == shape[1] && shape[1] == shape[2] && shape[2] == shape[3]) r = (int) shape[0];
		else if (shape.length == 2 && shape[0] == shape[1] && isSquare(shape[0])) r = (int) Math.round(Math.sqrt(shape[0]));
		else throw new BackboneException("The attention file " + file + " has shape " + java.util.Arrays.toString(shape)
			+ "; it must be (r, r, r, r) or (r*r, r*r) for a square r x r token grid.");
		if (r < 2 || r > Attention.MAX_RESOLUTION)
			throw new BackboneException("The attention file " + file + " has a " + r + " x " + r + " token grid; M2N2 needs a grid side in 2.."
				+ Attention.MAX_RESOLUTION + ".");
		try {
			return Attention.of(r, array.data());
		} catch (InvalidAttentionException e) {
			throw new BackboneException("The attention file " + file + " is not a valid attention: " + e.getMessage() + ".");
		}
	}

	private static boolean isSquare(long n) {
		long s = Math.round(Math.sqrt(n));
		return s * s == n && s > 0;
	}

	/** 0: the grid the file holds. */
	@Override
	public int defaultResolution() { return 0; }

	@Override
	public Attention attention(RandomAccessibleInterval<FloatType> image, int resolution, ProgressListener progress) throws BackboneException {
		progress.progress("Reading attention file", 0);
		Attention a = read();
		if (resolution > 0 && resolution != a.resolution())
			throw new BackboneException("The attention file " + file + " has a " + a.resolution() + " x " + a.resolution()
				+ " grid but resolution " + resolution + " was asked for; leave the resolution out or match it.");
		return a;
	}
}
