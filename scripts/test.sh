#!/usr/bin/env bash
# The one command that runs every test (README "Tests"). As root on Debian 12 with JDK 17 and
# Maven it installs what the tests need, starts a real containerd node (own socket/state), runs
# unit and integration tests (-Pit), checks the install/ manifests and rules, builds the jlink
# runtime and runs both jars on it, and always tears down what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [[ $(id -u) -ne 0 ]]; then
  echo "scripts/test.sh: the integration tests create network namespaces, veth pairs and a containerd node and need root (found uid $(id -u)); run 'mvn verify' for the unit tests only" >&2
  exit 1
fi

scripts/install-test-deps.sh

export CNI_METRICS_NODE_DIR=${CNI_METRICS_NODE_DIR:-/tmp/cni-metrics-test-node}
cleanup() {
  local rc=$?
  scripts/e2e/node.sh down || rc=1
  exit $rc
}
trap cleanup EXIT INT TERM

mvn -B -ntp -DskipTests install
scripts/e2e/node.sh up
# shellcheck disable=SC1091
source "$CNI_METRICS_NODE_DIR/env"
export CNI_METRICS_CRI_ENDPOINT CNI_METRICS_NETNS_DIR

mvn -B -ntp verify -Pit

for check in scripts/checks/*.sh; do
  [[ -e $check ]] || continue
  echo "== $check" >&2
  bash "$check"
done
