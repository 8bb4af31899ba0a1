#!/usr/bin/env bash
# The shipped jars hold no test-only class (scripts/checks/runtime/jar_contents.py says which are):
# first its self-test proves every rule fails on a jar holding such a class, then the agent's and
# the aggregator's shaded jars are listed. Needs the jars (scripts/test.sh runs this after
# `mvn install`); a second or so.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v python3 >/dev/null || { echo "jar-contents: 'python3' not found; run scripts/install-test-deps.sh" >&2; exit 1; }
python3 scripts/checks/runtime/jar_contents.py --selftest
python3 scripts/checks/runtime/jar_contents.py agent/target/cni-metrics-agent.jar aggregator/target/cni-metrics-aggregator.jar
