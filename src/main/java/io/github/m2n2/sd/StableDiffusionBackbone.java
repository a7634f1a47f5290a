package io.github.m2n2.sd;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.sd.checkpoint.ClipTextConfig;
import io.github.m2n2.sd.checkpoint.DiffusersCheckpoint;
import io.github.m2n2.sd.checkpoint.UNetConfig;
import io.github.m2n2.sd.checkpoint.VaeConfig;
import io.github.m2n2.sd.nn.AttentionProbabilitySink;
import io.github.m2n2.sd.nn.ClipTextEncoder;
import io.github.m2n2.sd.nn.UNetAttentionPass;
import io.github.m2n2.sd.nn.VaeEncoder;
import io.github.m2n2.sd.nn.Weights;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * M2N2's published backbone (spec section 1): the self-attention of Stable Diffusion 2's UNet
 * for one noiseless forward pass of the encoded image, conditioned on the empty prompt. The
 * checkpoint is opened on first use and kept until {@link #close()}; each image runs in its own
 * NDManager so native memory returns after every call.
 */
public final class StableDiffusionBackbone implements Backbone {

	public static final String NAME = "sd2";

	private final Sd2Settings settings;
	private Model model;
	/** Whether the last call had to run the text encoder (false when memory or the disk cache answered). */
	private volatile boolean textEncoderRan;

	public StableDiffusionBackbone(Sd2Settings settings) {
		this.settings = settings;
	}

	@Override
	public String name() { return NAME; }

	public Sd2Settings settings() { return settings; }

	/** 128 on a GPU (published), 64 on the CPU (four times fewer tokens, sixteen times less attention). */
	@Override
	public int defaultResolution() {
		try {
			if (settings.device() == Sd2Settings.DeviceChoice.CPU) return 64;
			return ComputeDevice.gpuCount() > 0 ? 128 : 64;
		} catch (RuntimeException e) {
			return 64;
		}
	}

	@Override
	public synchronized Attention attention(RandomAccessibleInterval<FloatType> image, int resolution, ProgressListener progress) throws BackboneException {
		try {
			return compute(GuideImage.of(image), resolution, progress == null ? ProgressListener.NONE : progress);
		} catch (CheckpointException e) {
			throw new BackboneException(e.getMessage(), e);
		} catch (EngineException e) {
			throw new BackboneException("PyTorch failed while running Stable Diffusion: " + firstLine(e.getMessage()), e);
		} catch (OutOfMemoryError e) {
			throw new BackboneException("Out of memory while running Stable Diffusion at r = " + resolution
				+ ". Try a smaller attention resolution, or give Java more memory (-Xmx).", e);
		}
	}

	private static String firstLine(String s) {
		if (s == null) return "unknown error";
		int nl = s.indexOf('\n');
		return nl < 0 ? s : s.substring(0, nl);
	}

	private Attention compute(GuideImage image, int r, ProgressListener progress) throws BackboneException {
		Model m = model();
		checkRequest(m, image, r);
		int side = r * m.vaeConfig.downsampling();
		progress.progress("Stable Diffusion: preparing the image", 0);
		float[] pixels = pixels(image.resized(side, side));
		float[] text = m.textStates(progress);
		progress.checkCanceled();

		WeightedAttentionSum sum = new WeightedAttentionSum(r);
		Map<String, AttentionProbabilitySink> sinks = new LinkedHashMap<>();
		for (Map.Entry<String, Double> e : settings.layerWeights().entrySet())
			if (e.getValue() > 0) sinks.put(e.getKey(), sum.layer(e.getKey(), e.getValue()));

		try (NDManager pass = m.manager.newSubManager()) {
			NDArray img = pass.create(pixels, new Shape(1, 3, side, side));
			NDArray latent = m.vae.encode(img, progress);
			img.close();
			Shape expected = new Shape(1, m.unetConfig.inChannels, r, r);
			if (!latent.getShape().equals(expected))
				throw new CheckpointException("The VAE makes latents of shape " + latent.getShape() + " but the UNet needs " + expected
					+ " (vae/config.json latent_channels and unet/config.json in_channels disagree).");
			NDArray context = pass.create(text, new Shape(1, m.textLength, m.textConfig.hiddenSize)).toType(m.device.type, false);
			m.unet.run(latent, context, settings.timestep(), sinks, progress);
		}
		progress.progress("Stable Diffusion: normalising attention", 1);
		return sum.rowNormalised();
	}

	private void checkRequest(Model m, GuideImage image, int r) throws BackboneException {
		int multiple = m.unet.latentMultiple();
		if (r < multiple || r % multiple != 0)
			throw new BackboneException("The attention resolution must be a multiple of " + multiple + " for this UNet (its "
				+ m.unetConfig.blocks() + " levels halve the grid " + (m.unetConfig.blocks() - 1) + " times); got " + r + ".");
		if (r > Attention.MAX_RESOLUTION) {
			long tokens = (long) r * r;
			throw new BackboneException("An attention resolution of " + r + " needs a " + tokens + " x " + tokens
				+ " matrix, more than one Java array holds; use at most " + (Attention.MAX_RESOLUTION / multiple * multiple) + ".");
		}
		if (image.width() < r || image.height() < r)
			throw new BackboneException("The image (" + image.width() + " x " + image.height() + ") is smaller than the " + r + " x "
				+ r + " attention grid; use a larger image or a smaller resolution.");
		boolean any = false;
		for (Map.Entry<String, Double> e : settings.layerWeights().entrySet()) {
			UNetAttentionPass.Layer layer = null;
			for (UNetAttentionPass.Layer l : m.unet.layers()) if (l.path.equals(e.getKey())) layer = l;
			if (layer == null)
				throw new BackboneException("The UNet has no attention layer \"" + e.getKey() + "\" (layers are named like"
					+ " up_blocks.3.attentions.0; this UNet has " + layerNames(m) + ").");
			if (e.getValue() > 0 && layer.downscale != 1)
				throw new BackboneException("Layer " + e.getKey() + " works on a " + r / layer.downscale + " x " + r / layer.downscale
					+ " grid, not the full " + r + " x " + r + " grid, so its attention cannot be combined; give it weight 0.");
			any |= e.getValue() > 0;
		}
		if (!any) throw new BackboneException("All Stable Diffusion layer weights are 0; at least one layer must have a positive weight.");
	}

	private static String layerNames(Model m) {
		StringBuilder b = new StringBuilder();
		for (UNetAttentionPass.Layer l : m.unet.layers()) b.append(b.length() == 0 ? "" : ", ").append(l.path);
		return b.toString();
	}

	/** RGB planes in [0, 1] to NCHW in [-1, 1]. */
	/**
	 * The VAE input in [-1, 1], channel-planar. The published pipeline resizes an 8-bit image
	 * with OpenCV's area interpolation, which stores the result as 8-bit again, so each value is
	 * rounded to a multiple of 1/255 here before {@code 2v - 1} (to nearest, ties to even, as
	 * OpenCV's generic rounding does; see docs/algorithm.md, section 2).
	 */
	static float[] pixels(GuideImage img) {
		int n = img.pixelCount();
		float[] out = new float[3 * n];
		for (int c = 0; c < 3; c++) {
			float[] ch = img.channel(c);
			for (int i = 0; i < n; i++) {
				double byteValue = Math.max(0, Math.min(255, Math.rint(ch[i] * 255.0)));
				out[c * n + i] = (float) (2 * byteValue / 255.0 - 1);
			}
		}
		return out;
	}

	private Model model() {
		if (model == null) model = new Model(settings);
		return model;
	}

	/** Whether the most recent image needed the text encoder (false when the cache answered). */
	public boolean textEncoderRan() { return textEncoderRan; }

	/** Tensors read from the checkpoint so far, per component (for tests). */
	public synchronized Map<String, java.util.Set<String>> usedTensors() {
		Map<String, java.util.Set<String>> out = new LinkedHashMap<>();
		if (model != null) {
			out.put(DiffusersCheckpoint.UNET, model.unetWeights.used());
			out.put(DiffusersCheckpoint.VAE, model.vaeWeights.used());
		}
		return out;
	}

	/** Native arrays alive under the model's manager (weights included), for leak tests. */
	synchronized int liveArrays() {
		return model == null ? 0 : model.manager.getManagedArrays().size();
	}

	/** A description of the loaded model for logs, e.g. "SD2 on CPU, fp32". */
	public synchronized String describe() {
		return model == null ? "Stable Diffusion 2 (not loaded)" : "Stable Diffusion 2 from " + settings.modelFolder() + " on " + model.device;
	}

	@Override
	public synchronized void close() {
		if (model != null) {
			model.close();
			model = null;
		}
	}

	/** Everything opened for a checkpoint; the weights stay on the device until close. */
	private final class Model implements AutoCloseable {
		final DiffusersCheckpoint checkpoint;
		final UNetConfig unetConfig;
		final VaeConfig vaeConfig;
		final ClipTextConfig textConfig;
		final int[] tokens;
		final int textLength;
		final ComputeDevice device;
		final NDManager manager;
		final Weights unetWeights;
		final Weights vaeWeights;
		final UNetAttentionPass unet;
		final VaeEncoder vae;
		float[] textStates;

		Model(Sd2Settings s) {
			Path folder = s.modelFolder();
			checkpoint = DiffusersCheckpoint.open(folder);
			unetConfig = checkpoint.unetConfig();
			vaeConfig = checkpoint.vaeConfig();
			textConfig = checkpoint.textConfig();
			tokens = checkpoint.emptyPromptTokens(textConfig);
			textLength = tokens.length;
			if (textConfig.hiddenSize != unetConfig.crossAttentionDim)
				throw new CheckpointException("The text encoder's hidden_size (" + textConfig.hiddenSize + ") differs from the UNet's"
					+ " cross_attention_dim (" + unetConfig.crossAttentionDim + "): text_encoder/ and unet/ are from different models.");
			// resolve the weights files before starting PyTorch, so a pickle-only folder is refused first
			checkpoint.weightsFile(DiffusersCheckpoint.UNET);
			checkpoint.weightsFile(DiffusersCheckpoint.VAE);
			checkpoint.weightsFile(DiffusersCheckpoint.TEXT_ENCODER);
			device = ComputeDevice.choose(s.device(), s.precision());
			manager = NDManager.newBaseManager(device.device, "PyTorch");
			Weights u = null, v = null;
			try {
				u = new Weights(checkpoint.openWeights(DiffusersCheckpoint.UNET), manager, device.type);
				v = new Weights(checkpoint.openWeights(DiffusersCheckpoint.VAE), manager, device.type);
			} catch (RuntimeException e) {
				if (u != null) u.close();
				manager.close();
				throw e;
			}
			unetWeights = u;
			vaeWeights = v;
			unet = new UNetAttentionPass(unetConfig, unetWeights);
			vae = new VaeEncoder(vaeConfig, vaeWeights);
		}

		float[] textStates(ProgressListener progress) {
			if (textStates != null) {
				textEncoderRan = false;
				return textStates;
			}
			long[] shape = { 1, textLength, textConfig.hiddenSize };
			Path cache = settings.textEmbeddingCache() ? TextEmbeddingCache.file(checkpoint, tokens) : null;
			float[] states = TextEmbeddingCache.read(cache, shape);
			textEncoderRan = states == null;
			if (states == null) {
				progress.progress("Stable Diffusion: text encoder (once per model)", 0);
				try (Weights w = new Weights(checkpoint.openWeights(DiffusersCheckpoint.TEXT_ENCODER), manager, device.type);
					NDManager pass = manager.newSubManager()) {
					states = ClipTextEncoder.toFloats(new ClipTextEncoder(textConfig, w).encode(pass, tokens));
				}
				for (float f : states)
					if (!Float.isFinite(f))
						throw new CheckpointException("The text encoder produced non-finite values; the text_encoder weights are damaged.");
				if (cache != null) TextEmbeddingCache.write(cache, states, shape);
			}
			textStates = states;
			return states;
		}

		@Override
		public void close() {
			unetWeights.close();
			vaeWeights.close();
			manager.close();
		}
	}

}
