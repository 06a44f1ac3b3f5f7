#!/usr/bin/env python3
"""Prints the summary tables of docs/BENCHMARKS.md from one run.sh results directory.

usage: summarize.py RESULTS_DIR

Reads every *.json written by JMH (-rf json) and memory.jsonl. For average-time results the
number shown is the median of the measurement iterations (JMH's own mean ± 99.9 % error is in
the JSON and the .log files); for SampleTime results it is JMH's percentile over all samples.
"""
import glob
import json
import math
import os
import statistics
import sys

TARGET_P99_NS = 2000.0           # RFC-0009: updatePhysics() < 2 µs p99
TARGET_OPS = 500_000.0           # RFC-0009: 500k+ ops/s on a single thread -> <= 2,000 ns/op
TARGET_BYTES_PER_ROUTE = 128.0   # RFC-0009: 128 B per route
# RFC-0009: "GC pauses: none" -> read here as 0 B allocated per operation on the hot path.


def load(results_dir):
    rows = []
    for path in sorted(glob.glob(os.path.join(results_dir, "*.json"))):
        with open(path) as fh:
            for r in json.load(fh):
                r["_file"] = os.path.basename(path)
                rows.append(r)
    memory = []
    mpath = os.path.join(results_dir, "memory.jsonl")
    if os.path.exists(mpath):
        with open(mpath) as fh:
            memory = [json.loads(line) for line in fh if line.strip()]
    return rows, memory


def short(benchmark):
    return benchmark.replace("io.atrion.bench.", "")


def median_score(r):
    pm = r["primaryMetric"]
    raw = [x for fork in pm.get("rawData", []) for x in fork]
    return statistics.median(raw) if raw else pm["score"]


def alloc(r):
    m = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    return None if m is None else m["score"]


def sample_count(r):
    hist = r["primaryMetric"].get("rawDataHistogram", [])
    return int(sum(c for fork in hist for it in fork for _, c in it))


def fmt_ns(x):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def fmt_b(x):
    if x is None:
        return "-"
    return "0" if abs(x) < 0.5 else f"{x:,.0f}"


def table(header, body):
    widths = [max(len(str(c)) for c in col) for col in zip(header, *body)] if body else [len(h) for h in header]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    out = [line, sep]
    for row in body:
        out.append("| " + " | ".join(str(c).rjust(w) if i > 0 else str(c).ljust(w)
                                     for i, (c, w) in enumerate(zip(row, widths))) + " |")
    return "\n".join(out)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    d = sys.argv[1]
    rows, memory = load(d)
    machine = os.path.join(d, "machine.txt")
    if os.path.exists(machine):
        print(open(machine).read().rstrip())
        print()
    avgt = [r for r in rows if r["mode"] == "avgt"]
    sample = [r for r in rows if r["mode"] == "sample"]

    def find(rs, bench, **params):
        for r in rs:
            if short(r["benchmark"]) == bench and all(str(r.get("params", {}).get(k)) == str(v) for k, v in params.items()):
                return r
        return None

    # 1. Single thread: route() vs admit().
    body = []
    for engine in ("FAST", "REFERENCE"):
        for routes in ("1", "1000", "100000"):
            for tuner in ("true", "false"):
                for load_ in ("HEALTHY", "MIXED"):
                    p = dict(engine=engine, routes=routes, autoTuner=tuner, load=load_)
                    ro = find(avgt, "SingleThreadBenchmark.route", **p)
                    ad = find(avgt, "SingleThreadBenchmark.admit", **p)
                    if not ro and not ad:
                        continue
                    ad_ns = median_score(ad) if ad else None
                    body.append([engine, f"{int(routes):,}", "on" if tuner == "true" else "off", load_,
                                 fmt_ns(median_score(ro)) if ro else "-", fmt_b(alloc(ro)) if ro else "-",
                                 fmt_ns(ad_ns), fmt_b(alloc(ad)) if ad else "-",
                                 f"{1e9 / ad_ns / 1e6:,.1f}" if ad_ns else "-"])
    if body:
        print("Single thread, ns/op (median of iterations) and B/op (gc.alloc.rate.norm)")
        print(table(["engine", "routes", "tuner", "load", "route() ns", "route() B", "admit() ns", "admit() B",
                     "admit() Mops/s"], body))
        print()

    # 2. Latency percentiles.
    body = []
    for r in sorted(sample, key=lambda r: (short(r["benchmark"]), sorted(r.get("params", {}).items()))):
        pc = r["primaryMetric"].get("scorePercentiles", {})
        p = r.get("params", {})
        label = " ".join(f"{k}={v}" for k, v in sorted(p.items()) if k != "autoTuner")
        body.append([short(r["benchmark"]), label, fmt_ns(pc.get("50.0")), fmt_ns(pc.get("99.0")),
                     fmt_ns(pc.get("99.9")), fmt_ns(pc.get("100.0")),
                     "yes" if pc.get("99.0", math.inf) < TARGET_P99_NS else "NO",
                     f"{sample_count(r):,}"])
    if body:
        print("Latency (SampleTime, ns; each sample includes ~2 System.nanoTime() calls: see TimerFloorBenchmark)")
        print(table(["benchmark", "params", "p50", "p99", "p99.9", "max", "p99 < 2 µs", "samples"], body))
        print()

    # 3. Batch, two threads, handle reads, comparison.
    body = []
    for r in avgt:
        b = short(r["benchmark"])
        if b.startswith(("BatchBenchmark", "RouteAllowedBenchmark", "AdmissionPathBenchmark", "HandleReadBenchmark", "TwoThreadBenchmark",
                         "ComparisonBenchmark")):
            ns = median_score(r)
            threads = r.get("threads", 1)
            label = " ".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
            body.append([b, label, threads, fmt_ns(ns), fmt_b(alloc(r)), f"{threads * 1e9 / ns / 1e6:,.1f}"])
    if body:
        print("Batch (per route update), route().allowed(), two threads (ns/op per thread), handle reads, other libraries")
        print(table(["benchmark", "params", "threads", "ns/op", "B/op", "total Mops/s"], body))
        print()

    # 4. Memory.
    if memory:
        body = []
        for m in memory:
            body.append([m["engine"], "on" if m["autoTuner"] else "off", f"{m['routes']:,}",
                         f"{m['jolBytesPerRoute']:.1f}" if m.get("jolBytesPerRoute") is not None else "-",
                         f"{m['heapBytesPerRoute']:.1f}",
                         f"{m['fastFootprintBytes'] / m['routes']:.1f}" if m.get("fastFootprintBytes", -1) >= 0 else "-",
                         "yes" if (m.get("jolBytesPerRoute") or m["heapBytesPerRoute"]) <= TARGET_BYTES_PER_ROUTE else "NO"])
        print("Heap bytes per route, state + index, id strings excluded")
        print(table(["engine", "tuner", "routes", "JOL B/route", "heap delta B/route", "footprintBytes() B/route",
                     "<= 128 B"], body))
        print()

    # 5. Issue 15: same-run ratios.
    issue15(avgt, sample, memory, find)

    # 6. Against RFC-0009.
    print("Against RFC-0009's Tier-3 targets")
    body = []
    for engine in ("FAST", "REFERENCE"):
        ads = [r for r in avgt if short(r["benchmark"]) == "SingleThreadBenchmark.admit" and r["params"]["engine"] == engine]
        if ads:
            worst = max(ads, key=median_score)
            ns = median_score(worst)
            body.append([engine, "single-thread throughput (admit, worst params)", "≥ 500,000 ops/s",
                         f"{1e9 / ns:,.0f} ops/s ({worst['params']['routes']} routes, {worst['params']['load']})",
                         "yes" if 1e9 / ns >= TARGET_OPS else "NO"])
        sps = [r for r in sample if short(r["benchmark"]) == "SingleThreadBenchmark.admit" and r["params"]["engine"] == engine]
        if sps:
            worst = max(sps, key=lambda r: r["primaryMetric"]["scorePercentiles"]["99.0"])
            p99 = worst["primaryMetric"]["scorePercentiles"]["99.0"]
            body.append([engine, "admit p99 (worst params)", "< 2 µs",
                         f"{p99:,.0f} ns ({worst['params']['routes']} routes, {worst['params']['load']})",
                         "yes" if p99 < TARGET_P99_NS else "NO"])
        mem = [m for m in memory if m["engine"] == engine and m["autoTuner"]]
        if mem:
            b = mem[0].get("jolBytesPerRoute") or mem[0]["heapBytesPerRoute"]
            body.append([engine, f"memory per route ({mem[0]['routes']:,} routes, tuner on, JOL)", "128 B",
                         f"{b:.1f} B", "yes" if b <= TARGET_BYTES_PER_ROUTE else "NO"])
        allocs = [alloc(r) for r in ads if alloc(r) is not None]
        if allocs:
            body.append([engine, "admit() allocation (max over params)", "0 B/op (no GC)", f"{max(allocs):,.1f} B/op",
                         "yes" if max(allocs) < 0.5 else "NO"])
    print(table(["engine", "metric", "target", "measured", "met"], body))


def issue15(avgt, sample, memory, find):
    """Issue 15's targets, each as a ratio within this run (see docs/BENCHMARKS.md)."""
    def ns(bench, rows=avgt, **p):
        r = find(rows, bench, **p)
        return (median_score(r), alloc(r), r) if r else (None, None, None)

    def pct(bench, q):
        r = find(sample, bench)
        return r["primaryMetric"].get("scorePercentiles", {}).get(q) if r else None

    guard, guard_b, _ = ns("PeersBenchmark.guardDecorated")
    r4j, _, _ = ns("PeersBenchmark.resilience4jDecorated")
    admit, admit_b, _ = ns("PeersBenchmark.admitHandle")
    cl, _, _ = ns("PeersBenchmark.concurrencyLimits")
    route, _, _ = ns("PeersBenchmark.routeAllowed")
    by_id, _, _ = ns("PeersBenchmark.admitById")
    if guard is None:
        return
    body = []

    def row(target, measured, ok):
        body.append([target, measured, "yes" if ok else "NO"])

    if r4j:
        row("guard decorated ≤ 0.5 × Resilience4j decorated", f"{guard:.1f} / {r4j:.1f} ns = {guard / r4j:.2f}",
            guard / r4j <= 0.5)
    if cl:
        row("handle.admit ≤ 0.75 × concurrency-limits", f"{admit:.1f} / {cl:.1f} ns = {admit / cl:.2f}", admit / cl <= 0.75)
    if route:
        row("route(id).allowed() within 15 % of handle.admit", f"{route:.1f} / {admit:.1f} ns = {route / admit:.2f}",
            route / admit <= 1.15)
    if by_id:
        row("admit(id) within 15 % of handle.admit", f"{by_id:.1f} / {admit:.1f} ns = {by_id / admit:.2f}",
            by_id / admit <= 1.15)
    floor = pct("PeersBenchmark.empty", "99.9")
    for bench in ("admitHandle", "guardDecorated"):
        p999 = pct("PeersBenchmark." + bench, "99.9")
        if p999 is not None and floor is not None:
            row(f"{bench} p99.9 ≤ 2 × empty p99.9 or ≤ 1 µs", f"{p999:,.0f} ns (empty {floor:,.0f} ns)",
                p999 <= 2 * floor or p999 <= 1000)
    batch, batch_b, _ = ns("BatchBenchmark.admitBatch", engine="FAST", load="HEALTHY", routes="1000")
    single, _, _ = ns("SingleThreadBenchmark.admit", engine="FAST", routes="1000", autoTuner="true", load="HEALTHY")
    if batch:
        # Against the single call of the same JMH invocation when there is one.
        one = single or admit
        row("admitBatch ≥ 2 × single-call throughput (1,000 routes)",
            f"{one:.1f} / {batch:.1f} ns per update = {one / batch:.2f}×", one / batch >= 2)
    same, _, _ = ns("TwoThreadBenchmark.routeSame", engine="FAST")
    if same:
        row("two threads, route() on one route ≤ 150 ns each", f"{same:.1f} ns", same <= 150)
    distinct, _, _ = ns("TwoThreadBenchmark.admitDistinct", engine="FAST")
    if distinct and single:
        row("two threads on distinct routes ≥ 1.8 × one thread", f"2 × {single:.1f} / {distinct:.1f} = "
            f"{2 * single / distinct:.2f}×", 2 * single / distinct >= 1.8)
    for label, b in (("handle.admit", admit_b), ("guard decorated", guard_b), ("admitBatch", batch_b)):
        if b is not None:
            row(f"{label} 0 B/op", f"{b:.3f} B/op", b < 0.5)
    mem = [m for m in memory if m["engine"] == "FAST" and m["autoTuner"]]
    if mem:
        b = mem[0].get("jolBytesPerRoute") or mem[0]["heapBytesPerRoute"]
        row(f"≤ 96 B per route at {mem[0]['routes']:,} routes (index included)", f"{b:.1f} B", b <= 96)
    print("Issue 15: same-run targets")
    print(table(["target", "measured (medians, this run)", "met"], body))
    print()
    body = []
    for r in avgt:
        if short(r["benchmark"]).startswith("PeersBenchmark"):
            body.append([short(r["benchmark"]), fmt_ns(median_score(r)),
                         f"± {r['primaryMetric'].get('scoreError', float('nan')):,.1f}", fmt_b(alloc(r))])
    print("PeersBenchmark, avgt (median of iterations; JMH mean's 99.9 % error)")
    print(table(["benchmark", "ns/op", "error", "B/op"], body))
    print()


if __name__ == "__main__":
    main()
