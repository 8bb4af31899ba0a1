#!/usr/bin/env bash
# The one command that runs every test (README "Tests"). As root on Debian 12 with JDK 17 and
# Maven it installs what the tests need, starts a real containerd node (own socket/state), runs
# unit and integration tests (-Pit), checks the install/ manifests and rules, builds the jlink
# runtime and runs both jars on it, and always tears down what it started.
#
# The full suite runs on the default containerd (Debian 12's 1.6); the integration tests that talk
# to the runtime (cri's, which live in testkit beside the pod tool they need, and the agent's; the
# netns ones need none) run again on each containerd in CNI_METRICS_MORE_CONTAINERDS (default
# "1.7 2.1", empty for none), on a node brought up anew.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [[ $(id -u) -ne 0 ]]; then
  echo "scripts/test.sh: the integration tests create network namespaces, veth pairs and a containerd node and need root (found uid $(id -u)); run 'mvn verify' for the unit tests only" >&2
  exit 1
fi

start=$SECONDS
scripts/install-test-deps.sh

export CNI_METRICS_NODE_DIR=${CNI_METRICS_NODE_DIR:-/tmp/cni-metrics-test-node}
cleanup() {
  local rc=$?
  scripts/e2e/node.sh down || rc=1
  exit $rc
}
trap cleanup EXIT INT TERM

node_up() {
  CNI_METRICS_CONTAINERD=$1 scripts/e2e/node.sh up
  # shellcheck disable=SC1091
  source "$CNI_METRICS_NODE_DIR/env"
  export CNI_METRICS_CRI_ENDPOINT CNI_METRICS_NETNS_DIR
}

mvn -B -ntp -DskipTests install
# One line per run saying what ran on which containerd and how it ended. The leading newline ends
# the colour reset Maven leaves unterminated on stdout, so the line starts with "==".
run_on() {
  local what=$1 t=$SECONDS
  shift
  if "$@"; then
    printf '\n== %s on containerd %s: passed in %d s\n' "$what" "$CNI_METRICS_CONTAINERD_VERSION" $((SECONDS - t)) >&2
  else
    printf '\n== %s on containerd %s: FAILED after %d s\n' "$what" "$CNI_METRICS_CONTAINERD_VERSION" $((SECONDS - t)) >&2
    exit 1
  fi
}

node_up "${CNI_METRICS_CONTAINERD:-1.6}"
run_on "full suite (unit + integration tests)" mvn -B -ntp verify -Pit
scripts/e2e/node.sh deprecations

for v in ${CNI_METRICS_MORE_CONTAINERDS-1.7 2.1}; do
  scripts/e2e/node.sh down
  node_up "$v"
  # -Dtest=NONE: the unit tests ran above; failsafe runs every *IT of these modules.
  run_on "runtime ITs (cri, agent)" \
    mvn -B -ntp verify -Pit -pl cri,testkit,agent -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
  scripts/e2e/node.sh deprecations
done

for check in scripts/checks/*.sh; do
  [[ -e $check ]] || continue
  echo "== $check" >&2
  bash "$check"
done
echo "== scripts/test.sh: passed in $((SECONDS - start)) s" >&2
