package io.github.m2n2.sd;

import java.nio.file.Path;
import java.util.List;

import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.backbone.BackboneOption;
import io.github.m2n2.backbone.BackboneProvider;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.sd.hub.HubConfig;
import io.github.m2n2.sd.hub.HubModelId;
import io.github.m2n2.sd.hub.HubModelStore;
import io.github.m2n2.sd.hub.ModelDownloadException;
import io.github.m2n2.sd.hub.WeightsVariant;

/**
 * The {@code sd2} backbone from user options: the model (hub id or local folder) is found or
 * downloaded first, in the precision the run will use, then the network is set up lazily.
 * Found by {@code Backbones} through its service file, and kept apart so that choosing another backbone never loads DJL.
 */
public final class Sd2Backbones implements BackboneProvider {

	public static final String NAME = "sd2";

	@Override
	public String name() { return NAME; }

	@Override
	public String summary() { return "Stable Diffusion 2 self-attention (downloads the model once)"; }

	public static final String MODEL = "model", DEVICE = "device", PRECISION = "precision", TIMESTEP = "timestep",
		LAYER_WEIGHTS = "layer-weights", CACHE_DIR = "cache-dir", OFFLINE = "offline";

	@Override
	public List<BackboneOption> options() {
		return List.of(
			BackboneOption.text(MODEL, HubModelId.DEFAULT, "Model (hub id or folder)", "hub model id or local diffusers folder"),
			BackboneOption.choice(DEVICE, List.of("auto", "cpu", "gpu"), "Device", "where the network runs"),
			BackboneOption.choice(PRECISION, List.of("auto", "fp32", "fp16"), "Precision", "weights and activations; auto: fp16 on GPU, fp32 on CPU"),
			BackboneOption.integer(TIMESTEP, Sd2Settings.DEFAULT_TIMESTEP, "Timestep", "UNet timestep"),
			BackboneOption.text(LAYER_WEIGHTS, null, "Layer weights", "e.g. up_blocks.3.attentions.0=0.5,up_blocks.3.attentions.1=0.5"),
			BackboneOption.path(CACHE_DIR, "Model cache folder", "model cache (default ~/.cache/m2n2/models)"),
			BackboneOption.toggle(OFFLINE, "Offline", "never touch the network"));
	}

	@Override
	public Backbone create(BackboneConfig config, ProgressListener progress) throws BackboneException {
		Sd2Settings settings;
		try {
			Sd2Settings.DeviceChoice device = Sd2Settings.DeviceChoice.parse(config.get(DEVICE));
			Sd2Settings.Precision precision = Sd2Settings.Precision.parse(config.get(PRECISION));
			int timestep = config.integer(TIMESTEP);
			Path folder = modelFolder(config, download(device, precision), progress);
			settings = Sd2Settings.of(folder).withDevice(device).withPrecision(precision).withTimestep(timestep);
			String layerWeights = config.get(LAYER_WEIGHTS);
			if (layerWeights != null && !layerWeights.isBlank())
				settings = settings.withLayerWeights(Sd2Settings.parseLayerWeights(layerWeights));
		} catch (IllegalArgumentException e) {
			throw new BackboneException(e.getMessage());
		} catch (CheckpointException e) {
			throw new BackboneException(e.getMessage(), e);
		}
		return new StableDiffusionBackbone(settings);
	}

	/** fp16 weights serve a GPU run; the CPU computes in fp32 and fetches the fp32 weights. */
	private static WeightsVariant download(Sd2Settings.DeviceChoice device, Sd2Settings.Precision precision) {
		if (precision == Sd2Settings.Precision.FP16) return WeightsVariant.FP16;
		if (precision == Sd2Settings.Precision.FP32 || device == Sd2Settings.DeviceChoice.CPU) return WeightsVariant.FP32;
		if (device == Sd2Settings.DeviceChoice.GPU) return WeightsVariant.FP16;
		return ComputeDevice.gpuCount() > 0 ? WeightsVariant.FP16 : WeightsVariant.FP32;
	}

	private static Path modelFolder(BackboneConfig config, WeightsVariant precision, ProgressListener progress) throws BackboneException {
		HubConfig hub = HubConfig.fromEnvironment();
		Path cacheDir = config.path(CACHE_DIR);
		if (cacheDir != null) hub = hub.withCacheRoot(cacheDir);
		if (config.flag(OFFLINE)) hub = hub.withOffline(true);
		try {
			return new HubModelStore(hub).resolve(config.get(MODEL), precision, progress);
		} catch (ModelDownloadException e) {
			throw new BackboneException(e.getMessage(), e);
		}
	}
}
