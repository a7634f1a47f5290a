package io.github.m2n2.eval;

import java.util.Map;

/**
 * The JSON report: top-level {@code NoC85}, {@code NoC90}, {@code NoC95}, {@code objects}
 * (count) and {@code mIoU} (one value per click), the run's description, then
 * {@code perObject}: image, label, NoCs, IoU after each click and the clicks themselves.
 */
public final class ReportJson {

	private ReportJson() { }

	/** @param run facts about the run (data set, backbone, settings, times): strings, numbers, booleans */
	public static String write(NocReport report, Map<String, Object> run) {
		return write(report, java.util.List.of(), run);
	}

	/**
	 * @param report   the NoC results, or null when only the workflow ran
	 * @param workflow the everyday workflow's results, one per image; a {@code workflow} object
	 *                 (mean IoU, fraction found, per image) is written when not empty
	 */
	public static String write(NocReport report, java.util.List<WorkflowResult> workflow, Map<String, Object> run) {
		Json j = new Json().beginObject();
		if (!workflow.isEmpty()) {
			j.name("workflow").beginObject();
			j.name("mIoU").value(WorkflowResult.mean(workflow));
			j.name("found").value(WorkflowResult.found(workflow));
			j.name("foundIoU").value(EverydayWorkflow.FOUND_IOU);
			j.name("perImage").beginArray();
			for (WorkflowResult w : workflow) {
				j.beginObject();
				j.name("image").value(w.image());
				j.name("objects").value(w.objects());
				j.name("mIoU").value(w.meanIou());
				j.name("found").value(w.foundFraction());
				j.name("clicks").value(w.clicks());
				j.name("seconds").value(w.seconds());
				j.name("labels").beginArray();
				for (int k : w.labels()) j.value(k);
				j.endArray();
				j.name("iou").array(w.ious());
				j.endObject();
			}
			j.endArray();
			j.endObject();
		}
		if (report == null) {
			writeRun(j, run);
			j.endObject();
			return j.toString();
		}
		j.name("NoC85").value(report.meanNoc(0.85));
		j.name("NoC90").value(report.meanNoc(0.90));
		j.name("NoC95").value(report.meanNoc(0.95));
		j.name("objects").value(report.count());
		j.name("maxClicks").value(report.maxClicks());
		j.name("mIoU").array(report.meanIou());
		writeRun(j, run);
		j.name("perObject").beginArray();
		for (ObjectResult<SimulatedClick> r : report.objects()) {
			j.beginObject();
			j.name("image").value(r.image());
			j.name("label").value(r.label());
			j.name("NoC85").value(r.noc(0.85));
			j.name("NoC90").value(r.noc(0.90));
			j.name("NoC95").value(r.noc(0.95));
			j.name("iou").array(r.ious());
			j.name("seconds").value(r.seconds());
			j.name("clicks").beginArray();
			for (SimulatedClick c : r.clicks()) {
				j.beginObject();
				j.name("x").value(c.x());
				j.name("y").value(c.y());
				j.name("label").value(c.isObject() ? SimulatedUser.OBJECT_LABEL : 0);
				j.endObject();
			}
			j.endArray();
			j.endObject();
		}
		j.endArray();
		j.endObject();
		return j.toString();
	}

	/** The run's description as a {@code run} object; shared by the 2D and the stack reports. */
	static void writeRun(Json j, Map<String, Object> run) {
		j.name("run").beginObject();
		for (Map.Entry<String, Object> e : run.entrySet()) {
			j.name(e.getKey());
			Object v = e.getValue();
			if (v instanceof Boolean) j.value((Boolean) v);
			else if (v instanceof Integer || v instanceof Long) j.value(((Number) v).longValue());
			else if (v instanceof Number) j.value(((Number) v).doubleValue());
			else j.value(v == null ? null : v.toString());
		}
		j.endObject();
	}
}
