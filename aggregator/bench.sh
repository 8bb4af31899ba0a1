#!/usr/bin/env bash
# Runs the aggregator's cycle benchmark (5,000 loopback agents + CloudWatch test double) and prints
# BENCH|figure|value|unit|target|ratio lines on stdout. Needs ~16,000 file descriptors.
set -euo pipefail
cd "$(dirname "$0")/.."
# Maven's own output (its errors included) goes to stderr: stdout carries only BENCH lines.
# One reactor run: the modules it depends on (-am) come from their target/classes, so neither a
# prior install nor a warm local repository is needed.
mvn -B -q -ntp -pl aggregator -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >&2
ulimit -n 20000 2>/dev/null || true
exec java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "aggregator/target/test-classes:aggregator/target/classes:$(cat aggregator/target/bench-classpath.txt)" \
  dev.cnimetrics.aggregator.bench.CycleBench
