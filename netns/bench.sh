#!/usr/bin/env bash
# Runs the netns benchmark harness (ResolverBench): netlink vs setns vs spawning
# `nsenter ... ethtool -S eth0` per pod, at 50 and 200 pod namespaces it creates (cnmnt-*) and
# removes. Needs root. Prints BENCH|figure|value|unit|target|ratio lines.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $(id -u) -ne 0 ]]; then
  echo "netns/bench.sh: creates network namespaces and needs root (found uid $(id -u))" >&2
  exit 1
fi
# Maven's own output (its errors included) goes to stderr: stdout carries only BENCH lines. The
# classpath comes from Maven itself, wherever the local repository is (.mvn/maven.config may move it).
# One reactor run: the modules it depends on (-am) come from their target/classes, so neither a
# prior install nor a warm local repository is needed.
mvn -B -q -ntp -pl netns -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >&2
classpath=netns/target/classes:netns/target/test-classes:$(cat netns/target/bench-classpath.txt)
exec java -cp "$classpath" dev.cnimetrics.netns.bench.ResolverBench "$@"
