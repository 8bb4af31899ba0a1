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
mvn -B -q -o -pl netns -am install -DskipTests
mvn -B -q -o -pl netns test-compile
property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
m2=${MAVEN_REPO:-$HOME/.m2/repository}
jna=$(property jna.version)
slf4j=$(property slf4j.version)
classpath=netns/target/classes:netns/target/test-classes
classpath+=:$m2/net/java/dev/jna/jna/$jna/jna-$jna.jar
classpath+=:$m2/org/slf4j/slf4j-api/$slf4j/slf4j-api-$slf4j.jar
classpath+=:$m2/org/slf4j/slf4j-simple/$slf4j/slf4j-simple-$slf4j.jar
exec java -cp "$classpath" dev.cnimetrics.netns.bench.ResolverBench "$@"
