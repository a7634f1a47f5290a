#!/usr/bin/env bash
# Runs the job-array scripts for real on a one-node SLURM started here (loopback only, private
# munge key and socket, config and state in a temporary folder), then stops it again:
#   attention array (2 tasks) -> batch array with --attention-dir (3 tasks) -> checks that every
#   image was done exactly once with the labels of an unsharded run, a resubmission skips all,
#   and an array not numbered 1-N is refused.
# Needs root (slurmd runs the jobs as the submitting user, and as root here) and Debian's
# slurm-wlm and munge, which it installs when missing. Where that cannot be done it prints
# "SKIP: why" and exits 0; any other failure exits 1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
skip() { echo "SKIP: slurm array test: $*"; exit 0; }
fail() { echo "FAIL: slurm array test: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || skip "needs root to start slurmctld, slurmd and munged"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
  command -v apt-get >/dev/null || skip "slurm-wlm and munge are not installed and there is no apt-get"
  echo "slurm array test: installing slurm-wlm and munge..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge) >/dev/null 2>&1 \
    || skip "could not install slurm-wlm and munge with apt-get"
fi
command -v slurmctld >/dev/null && command -v munged >/dev/null || skip "slurmctld or munged still missing after installing"

work="$(mktemp -d /tmp/m2n2-slurm-test.XXXXXX)"
chmod 755 "$work"
export SLURM_CONF="$work/slurm.conf"
started=""
cleanup() {
  # stop only what this script started, by the pids it recorded
  for pidfile in "$work/slurmd.pid" "$work/slurmctld.pid" "$work/munge/pid"; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 1
  if [ -z "${M2N2_SLURM_TEST_KEEP:-}" ]; then rm -rf "$work"; else echo "kept $work"; fi
}
trap cleanup EXIT
trap 'exit 1' TERM INT HUP

# a free loopback port pair for slurmctld and slurmd
free_port() {
  local p
  for p in "$@"; do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  skip "no free port among $*"
}
ctld_port="$(free_port 16817 26817 36817)"
slurmd_port="$(free_port 16818 26818 36818)"

mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/log"
chmod 755 "$work/munge"
head -c 128 /dev/urandom > "$work/munge/key"
chmod 600 "$work/munge/key"
munged --force --socket="$work/munge/sock" --key-file="$work/munge/key" --log-file="$work/munge/log" \
  --pid-file="$work/munge/pid" --seed-file="$work/munge/seed" || skip "munged does not start (see $work/munge/log)"
cpus="$(nproc)"
cat > "$SLURM_CONF" <<CONF
ClusterName=m2n2test
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
AuthInfo=socket=$work/munge/sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
InactiveLimit=0
KillWait=5
Waittime=0
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=4000 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -f "$SLURM_CONF" || skip "slurmctld does not start (see $work/log/slurmctld.log)"
slurmd -f "$SLURM_CONF" -N localhost || skip "slurmd does not start (see $work/log/slurmd.log)"
for _ in $(seq 1 30); do
  sinfo -h -o %t 2>/dev/null | grep -q idle && break
  sleep 1
done
sinfo -h -o %t 2>/dev/null | grep -q idle || skip "the one-node SLURM did not come up (sinfo: $(sinfo 2>&1 | tail -n 1))"
echo "slurm array test: one-node SLURM up in $work"

# the cluster scripts refuse to build; build here first, as a user does on the login node
"$here/scripts/m2n2" --help >/dev/null
data="$work/data"
mkdir -p "$data/images" "$data/sample"
for i in 1 2 3 4 5; do
  "$here/scripts/m2n2" sample --out-dir "$data/sample" --size 96 --nuclei 4 --clicks 2 --seed "$i" --overwrite >/dev/null
  mv "$data/sample/nuclei.tif" "$data/images/img$i.tif"
  [ "$i" = 5 ] || mv "$data/sample/nuclei-points.csv" "$data/images/img$i.csv"
done
export M2N2_JAVA_OPTS="-Xmx512m -XX:+UseSerialGC"
cd "$here"
run_array() { # name, array, script, args...
  local name="$1" array="$2" script="$3"
  shift 3
  # a hung scheduler must not hang CI
  timeout 300 sbatch --wait --array="$array" --partition=debug --gres=none --cpus-per-task=1 --mem=900M \
    --output="$work/log/$name-%A_%a.log" "$script" "$@" >/dev/null
}
run_array attention 1-2 scripts/slurm/m2n2-attention.sbatch --images "$data/images" --out "$data/attention" --resolution 12 \
  || fail "the attention array failed: $(cat "$work"/log/attention-*.log)"
for i in 1 2 3 4 5; do [ -f "$data/attention/img$i.npy" ] || fail "no attention for img$i"; done
run_array batch 1-3 scripts/slurm/m2n2-batch.sbatch --images "$data/images" --out "$data/out" --attention-dir "$data/attention" \
  || fail "the batch array failed: $(cat "$work"/log/batch-*.log)"

# each image in exactly one task's summary, 3 summaries, labels as an unsharded local run gives
[ "$(ls "$data/out"/m2n2-batch-*-shard-*-of-3.csv | wc -l)" = 3 ] || fail "expected 3 summaries: $(ls "$data/out")"
listed="$(tail -q -n +2 "$data/out"/m2n2-batch-*-shard-*-of-3.csv | cut -d, -f1 | sort | tr '\n' ' ')"
[ "$listed" = "img1.tif img2.tif img3.tif img4.tif img5.tif " ] || fail "images listed by the tasks: $listed"
"$here/scripts/m2n2" batch --images "$data/images" --out "$data/local" --attention-dir "$data/attention" >/dev/null
for i in 1 2 3 4; do
  cmp -s "$data/out/img$i-labels.tif" "$data/local/img$i-labels.tif" || fail "img$i labels differ from the unsharded run"
done
[ ! -e "$data/out/img5-labels.tif" ] || fail "img5 has no points but got labels"

# resubmitting skips everything
run_array again 1-3 scripts/slurm/m2n2-batch.sbatch --images "$data/images" --out "$data/out" --attention-dir "$data/attention" \
  || fail "the resubmitted array failed"
grep -h "0 done" "$work"/log/again-*.log | wc -l | grep -qx 3 || fail "a resubmitted task redid images: $(cat "$work"/log/again-*.log)"

# an array not numbered 1-N would leave a share undone: refused by every task
if run_array zero 0-2 scripts/slurm/m2n2-batch.sbatch --images "$data/images" --out "$data/zero"; then
  fail "an --array=0-2 submission was accepted"
fi
grep -q "array must be --array=1-N" "$work"/log/zero-*.log || fail "no message for --array=0-2: $(cat "$work"/log/zero-*.log)"
echo "PASS: slurm array test (attention 2 tasks, batch 3 tasks, resubmission, --array=0-2 refused)"
