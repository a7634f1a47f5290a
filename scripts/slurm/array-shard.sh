# Sourced by the job-array scripts: prints this task's shard I/N, or stops the task with a
# message when the array is not 1-N (then some share would never run, or run twice).
m2n2_array_shard() {
  if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
    echo "m2n2: not a job-array task; submit with sbatch --array=1-N" >&2
    exit 2
  fi
  local id="$SLURM_ARRAY_TASK_ID" count="${SLURM_ARRAY_TASK_COUNT:-}" min="${SLURM_ARRAY_TASK_MIN:-}" max="${SLURM_ARRAY_TASK_MAX:-}"
  if [ -z "$count" ] || [ "$min" != 1 ] || [ "$max" != "$count" ]; then
    echo "m2n2: the array must be --array=1-N (task ids 1..N, no step or gaps); this one has ids $min..$max for $count tasks" >&2
    exit 2
  fi
  echo "$id/$count"
}
