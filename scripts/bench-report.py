#!/usr/bin/env python3
"""Turns JMH's JSON results into docs/benchmarks.md (standard library only)."""
import datetime
import json
import os
import platform
import subprocess
import sys

results = json.load(open(sys.argv[1]))
heap = sys.argv[2] if len(sys.argv) > 2 else "not run"
gaps = {}
for line in (sys.argv[3] if len(sys.argv) > 3 else "").splitlines():
    parts = line.split()
    if len(parts) >= 3 and parts[0] == "gap":
        gaps[parts[1]] = (float(parts[2]), " ".join(parts[3:]))


def cpu():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def memory():
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                return "%.0f GB" % (int(line.split()[1]) / 1024 / 1024)
    except OSError:
        pass
    return "unknown memory"


rows = []
median = {}
for r in results:
    name = r["benchmark"].rsplit(".", 2)
    name = name[-2] + "." + name[-1]
    params = ", ".join("%s=%s" % kv for kv in sorted((r.get("params") or {}).items()))
    m = r["primaryMetric"]
    med = m["scorePercentiles"]["50.0"]
    try:
        err = float(m["scoreError"])
    except (TypeError, ValueError):
        err = float("nan")  # JMH writes "NaN" when there is one measurement
    unit = m["scoreUnit"]
    median[(name, params)] = med
    rows.append("| %s | %s | %.1f | %s | %s | %d |" % (
        name, params or "—", med, ("%.1f" % err) if err == err else "—", unit,
        len(m["rawData"][0]) if m.get("rawData") else 0))


def target(label, key, limit):
    value = median.get(key)
    if value is None:
        return "| %s | ≤ %g ms | not measured | — |" % (label, limit)
    return "| %s | ≤ %g ms | %.1f ms | %s |" % (label, limit, value, "met" if value <= limit else "**not met**")


jdk = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
print("# Benchmarks\n")
print("Written by `scripts/bench.sh` from one JMH run; every number below comes from that run.\n")
print("- Date: %s" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
print("- Machine: %d cores (%s), %s, %s %s" % (os.cpu_count(), cpu(), memory(), platform.system(), platform.release()))
print("- JDK: %s" % jdk)
print("- JMH: single-shot time, 1 fork; median and 99.9 % error over the measurement iterations (n); warm-up shots as each benchmark declares (ConvolutionBenchmark: 2)")
args = sys.argv[4] if len(sys.argv) > 4 else ""
print("- Arguments to `scripts/bench.sh`: %s\n" % ("`%s`" % args if args.strip() else "none (the whole suite)"))
print("## Targets of issues 3, 5 and 8\n")
print("| target | limit | median | |")
print("|---|---|---|---|")
print(target("power iteration, 1024×1024 float64, tol 1e-6", ("DenseBenchmark.powerIteration", "n=1024, shape=square, storage=float64"), 100))
print(target("certified bracket, 1024×1024 float64", ("DenseBenchmark.certifiedBracket", "n=1024, shape=square, storage=float64"), 500))
print(target("resnet_2b.onnx, whole model", ("ModelBenchmark.certify", "model=resnet_2b.onnx"), 3000))
print(target("cgan_32x32_1ch.onnx, whole model", ("ModelBenchmark.certify", "model=cgan_32x32_1ch.onnx"), 10000))
print(target("acasxu_1_1.onnx, whole model (issue 5: < 5 s)", ("ModelBenchmark.certify", "model=acasxu_1_1.onnx"), 5000))
print(target("conv 64×64×3×3 on 32×32 bracket, tolerance 1e-3 (issue 3: width < 1e-3 in < 1 s)", ("ConvolutionBenchmark.bracket", "layer=64x64x3x3@32x32, tolerance=1e-3"), 1000))
value = median.get(("ConvolutionBenchmark.bracket", "layer=64x64x3x3@32x32, tolerance=1e-6"))
print("| conv 64×64×3×3 on 32×32 bracket, default tolerance 1e-6 (no target) | — | %s | — |" % ("%.1f ms" % value if value is not None else "not measured"))
print("\n100 MB float32 ONNX model read with `-Xmx300m` (`ParseHeapCheck`): %s\n" % heap)
if gaps:
    print("Bracket widths `upper/lower − 1` of the timed operators (`BracketGaps`):\n")
    print("| operator | width | method |")
    print("|---|---|---|")
    for k, (g, method) in gaps.items():
        print("| %s | %.2e | %s |" % (k.replace("_", " "), g, method))
    print()
print("## All benchmarks\n")
print("| benchmark | parameters | median | error | unit | n |")
print("|---|---|---|---|---|---|")
for row in rows:
    print(row)
print()
print(open(os.path.join(os.path.dirname(__file__), "cost-model.md")).read())
