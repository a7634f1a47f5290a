package io.github.m2n2.sd;

import java.nio.file.Path;

import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.backbone.BackboneProvider;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.sd.hub.HubConfig;
import io.github.m2n2.sd.hub.HubModelStore;
import io.github.m2n2.sd.hub.ModelDownloadException;
import io.github.m2n2.sd.hub.Precision;

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

	@Override
	public Backbone create(BackboneConfig config, ProgressListener progress) throws BackboneException {
		Sd2Settings settings;
		try {
			Sd2Settings.DeviceChoice device = Sd2Settings.DeviceChoice.parse(config.device);
			Sd2Settings.Precision precision = Sd2Settings.Precision.parse(config.precision);
			Path folder = modelFolder(config, download(device, precision), progress);
			settings = Sd2Settings.of(folder).withDevice(device).withPrecision(precision).withTimestep(config.timestep);
			if (config.layerWeights != null && !config.layerWeights.isBlank())
				settings = settings.withLayerWeights(Sd2Settings.parseLayerWeights(config.layerWeights));
		} catch (IllegalArgumentException e) {
			throw new BackboneException(e.getMessage());
		} catch (CheckpointException e) {
			throw new BackboneException(e.getMessage(), e);
		}
		return new StableDiffusionBackbone(settings);
	}

	/** fp16 weights serve a GPU run; the CPU computes in fp32 and fetches the fp32 weights. */
	private static Precision download(Sd2Settings.DeviceChoice device, Sd2Settings.Precision precision) {
		if (precision == Sd2Settings.Precision.FP16) return Precision.FP16;
		if (precision == Sd2Settings.Precision.FP32 || device == Sd2Settings.DeviceChoice.CPU) return Precision.FP32;
		if (device == Sd2Settings.DeviceChoice.GPU) return Precision.FP16;
		return ComputeDevice.gpuCount() > 0 ? Precision.FP16 : Precision.FP32;
	}

	private static Path modelFolder(BackboneConfig config, Precision precision, ProgressListener progress) throws BackboneException {
		HubConfig hub = HubConfig.fromEnvironment();
		if (config.cacheDir != null) hub = hub.withCacheRoot(config.cacheDir);
		if (config.offline) hub = hub.withOffline(true);
		try {
			return new HubModelStore(hub).resolve(config.model, precision, progress);
		} catch (ModelDownloadException e) {
			throw new BackboneException(e.getMessage(), e);
		}
	}
}
