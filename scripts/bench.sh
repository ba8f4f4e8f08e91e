#!/usr/bin/env bash
# Runs the JMH suite (src/jmh/java, Maven profile "bench") and writes docs/benchmarks.md from the
# results: machine, JDK, date, median and error of every benchmark, the issue-8 targets, the
# 100 MB ONNX heap check (-Xmx300m) and the bracket widths. Needs ../shared/models for the
# whole-model benchmarks. Extra arguments go to JMH, e.g. scripts/bench.sh DenseBenchmark -p n=1024
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Pbench test-compile
CP="target/test-classes:target/classes:$(./mvnw -B -q -Pbench dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)"
java -cp "$CP" org.openjdk.jmh.Main -rf json -rff target/jmh-result.json "$@"
heap=$(java -Xmx300m -cp "$CP" org.lipcert.bench.ParseHeapCheck 2>&1 | tail -n 1 || true)
gaps=$(java -Xmx4g -cp "$CP" org.lipcert.bench.BracketGaps)
python3 scripts/bench-report.py target/jmh-result.json "$heap" "$gaps" "$*" > docs/benchmarks.md
echo "wrote docs/benchmarks.md"
