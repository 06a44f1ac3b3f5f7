#!/usr/bin/env bash
# Reproduces every number of docs/BENCHMARKS.md.
#
#   atrion-bench/run.sh            full run (~20 min on 2 cores; run it on a quiet machine)
#   atrion-bench/run.sh targets    issue 15's same-run comparison only (~15 min)
#   atrion-bench/run.sh smoke      short run that only shows every benchmark runs (~8-10 min)
#
# Writes atrion-bench/results/<mode>-<UTC timestamp>/: machine.txt, one JMH JSON file per
# invocation (-rf json), memory.jsonl, the console logs, and summary.txt (printed at the end).
# Override the JMH settings with environment variables, e.g. FORKS=2 ITERATIONS=10.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
mode="${1:-full}"

case "$mode" in
  full)
    # avgt (+ -prof gc): 3 x 1 s warm-up, 5 x 2 s measurement, 1 fork per benchmark x params
    # (70 of them, ~14 s each with fork start and fixture set-up: ~16 min).
    : "${FORKS:=1}" "${WARMUP_ITERATIONS:=3}" "${WARMUP_TIME:=1s}" "${ITERATIONS:=5}" "${ITERATION_TIME:=2s}"
    # SampleTime (percentiles): 2 x 1 s warm-up, 3 x 2 s measurement (20 runs: ~3 min).
    # Then the heap probe, 4 JVMs at 1,000,000 routes: ~1.5 min.
    : "${SAMPLE_WARMUP_ITERATIONS:=2}" "${SAMPLE_ITERATIONS:=3}" "${SAMPLE_ITERATION_TIME:=2s}"
    : "${MEMORY_ROUTES:=1000000}"
    ;;
  targets)
    # Issue 15's targets only (~15 min): PeersBenchmark (avgt + gc, and sample), the batch, two
    # threads and the single-thread admit on FAST at 1,000 routes, FAST's heap per route.
    : "${FORKS:=2}" "${WARMUP_ITERATIONS:=3}" "${WARMUP_TIME:=1s}" "${ITERATIONS:=5}" "${ITERATION_TIME:=1s}"
    # SampleTime warms up 10 s: PeersBenchmark's set-up warms every peer in the fork, and with 2 s
    # of warm-up its first measured seconds caught the JVM still compiling them on the second
    # core (p99.9 of admit 14-17 us instead of 0.4-0.6 us; docs/BENCHMARKS.md, issue 15).
    : "${SAMPLE_WARMUP_ITERATIONS:=10}" "${SAMPLE_ITERATIONS:=3}" "${SAMPLE_ITERATION_TIME:=2s}"
    : "${MEMORY_ROUTES:=1000000}"
    ;;
  smoke)
    : "${FORKS:=1}" "${WARMUP_ITERATIONS:=1}" "${WARMUP_TIME:=1s}" "${ITERATIONS:=2}" "${ITERATION_TIME:=1s}"
    : "${SAMPLE_WARMUP_ITERATIONS:=1}" "${SAMPLE_ITERATIONS:=2}" "${SAMPLE_ITERATION_TIME:=1s}"
    : "${MEMORY_ROUTES:=1000000}"
    ;;
  *)
    echo "usage: $0 [full|targets|smoke]" >&2
    exit 2
    ;;
esac

jar="$here/target/benchmarks.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root" -path "$root/.git" -prune -o \( -name pom.xml -o -path '*/src/main/*' \) \
        -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  echo "== building $jar"
  (cd "$root" && mvn -B -q -DskipTests package -pl atrion-bench -am)
fi

out="$here/results/$mode-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
echo "== results in $out"

{
  echo "date_utc: $(date -u '+%Y-%m-%d %H:%M:%S')"
  echo "mode: $mode"
  echo "git: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "cores: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
       "(family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')," \
       "model $(grep -m1 -E '^model\s' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')," \
       "$(grep -m1 'cpu MHz' /proc/cpuinfo | cut -d: -f2 | tr -d ' ') MHz)"
  if command -v lscpu >/dev/null 2>&1; then
    lscpu | grep -E '^(Hypervisor vendor|L2 cache|L3 cache):' | sed 's/^/  /'
  fi
  echo "memory: $(free -h | awk '/Mem:/ {print $2}')"
  echo "kernel: $(uname -sr)"
  echo "load_before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java:"
  java -version 2>&1 | sed 's/^/  /'
  echo "jmh: forks=$FORKS warmup=${WARMUP_ITERATIONS}x$WARMUP_TIME measure=${ITERATIONS}x$ITERATION_TIME;" \
       "sample warmup=${SAMPLE_WARMUP_ITERATIONS}x$WARMUP_TIME measure=${SAMPLE_ITERATIONS}x$SAMPLE_ITERATION_TIME"
} > "$out/machine.txt"
cat "$out/machine.txt"

jmh() { # jmh NAME ARGS... : one JMH invocation, JSON to $out/NAME.json, console to $out/NAME.log
  local name="$1"; shift
  echo "== jmh $name: $*"
  java -jar "$jar" "$@" -foe true -rf json -rff "$out/$name.json" > "$out/$name.log" 2>&1 \
    || { tail -40 "$out/$name.log"; echo "jmh $name failed (log: $out/$name.log)" >&2; exit 1; }
  grep -E '^# Run complete' "$out/$name.log" || true
}

avg=(-f "$FORKS" -wi "$WARMUP_ITERATIONS" -w "$WARMUP_TIME" -i "$ITERATIONS" -r "$ITERATION_TIME")
sample=(-f "$FORKS" -wi "$SAMPLE_WARMUP_ITERATIONS" -w "$WARMUP_TIME" -i "$SAMPLE_ITERATIONS" -r "$SAMPLE_ITERATION_TIME" -bm sample)

# 0. Issue 15: Atrion's admission paths beside its peers in one JMH run (avgt with -prof gc, then
#    SampleTime with the empty operation as the floor), FORKS forks.
jmh peers-avgt 'io.atrion.bench.PeersBenchmark' -bm avgt "${avg[@]}" -prof gc
jmh peers-sample 'io.atrion.bench.PeersBenchmark' "${sample[@]}"

if [ "$mode" = targets ]; then
  jmh targets-avgt 'io.atrion.bench.(BatchBenchmark|TwoThreadBenchmark|SingleThreadBenchmark.admit$)' \
      -p engine=FAST -p routes=1000 -p autoTuner=true -p load=HEALTHY -bm avgt "${avg[@]}" -prof gc
  echo "== memory FAST autoTuner=on ($MEMORY_ROUTES routes)"
  java -Xms4g -Xmx4g -Djdk.attach.allowAttachSelf=true -cp "$jar" io.atrion.bench.MemoryFootprint \
      --engine FAST --tuner on --routes "$MEMORY_ROUTES" --out "$out/memory.jsonl" \
      2>"$out/memory-FAST-on.err" | tee "$out/memory-FAST-on.txt"
  echo "load_after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"
  python3 "$here/summarize.py" "$out" | tee "$out/summary.txt"
  exit 0
fi

# 1. Average time per operation and bytes allocated per operation (gc.alloc.rate.norm), every
#    benchmark and parameter combination: both engines, route() vs admit(), 1/1,000/100,000
#    routes, AutoTuner on/off, HEALTHY/MIXED; admitBatch over 100,000 routes; two threads on
#    distinct routes and on one route; the handle's readers; route().allowed() (escape analysis);
#    Resilience4j and concurrency-limits.
jmh avgt 'io.atrion.bench.(SingleThread|Batch|TwoThread|HandleRead|RouteAllowed|AdmissionPath|Comparison)Benchmark' -e TimerFloor \
    -bm avgt "${avg[@]}" -prof gc

# 2. Latency percentiles (SampleTime): AutoTuner on, 1,000 and 100,000 routes, both loads, both
#    engines, both paths; the timer floor; the two libraries at one instance.
jmh sample-atrion 'io.atrion.bench.SingleThreadBenchmark' -p routes=1000,100000 -p autoTuner=true "${sample[@]}"
jmh sample-floor 'io.atrion.bench.TimerFloorBenchmark' "${sample[@]}"
jmh sample-comparison 'io.atrion.bench.ComparisonBenchmark' -p instances=1 "${sample[@]}"

# 3. Heap bytes per route at $MEMORY_ROUTES routes, one JVM per engine and tuner setting.
for engine in FAST REFERENCE; do
  for tuner in on off; do
    echo "== memory $engine autoTuner=$tuner ($MEMORY_ROUTES routes)"
    java -Xms4g -Xmx4g -Djdk.attach.allowAttachSelf=true -cp "$jar" io.atrion.bench.MemoryFootprint \
        --engine "$engine" --tuner "$tuner" --routes "$MEMORY_ROUTES" --out "$out/memory.jsonl" \
        2>"$out/memory-$engine-$tuner.err" | tee "$out/memory-$engine-$tuner.txt"
  done
done

echo "load_after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"
python3 "$here/summarize.py" "$out" | tee "$out/summary.txt"
