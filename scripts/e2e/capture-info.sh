#!/usr/bin/env bash
# Records the verbose PodSandboxStatus of a pod-network and a hostNetwork sandbox from each real
# containerd the test node runs (1.6, 1.7, 2.1) as the cri module's parser fixtures:
#   cri/src/test/resources/dev/cnimetrics/cri/info/containerd-<v>-{pod,hostnetwork}.{json,status.txtpb}
# Run as root, under the machine's node lock, with the podctl jar built:
#   mvn -B -ntp -pl testkit -am -DskipTests package
#   flock /tmp/cni-metrics-it.lock scripts/e2e/capture-info.sh [1.6 1.7 2.1]
# The node directory is fixed so recorded netns paths stay comparable between captures; the
# sandbox ids, uids, pids, veth names and times are new on every capture, so the parser tests'
# expected values change with a new capture.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=cri/src/test/resources/dev/cnimetrics/cri/info
export CNI_METRICS_NODE_DIR=/tmp/cni-metrics-capture-node
trap 'scripts/e2e/node.sh down' EXIT
versions=("$@")
((${#versions[@]})) || versions=(1.6 1.7 2.1)
for v in "${versions[@]}"; do
  CNI_METRICS_CONTAINERD=$v scripts/e2e/node.sh up
  pod=$(scripts/e2e/node.sh pod-add web cnmcri-capture)
  host=$(scripts/e2e/node.sh pod-add node-agent cnmcri-capture --host-network)
  # shellcheck disable=SC1091 # CNI_METRICS_CRI_ENDPOINT and CNI_METRICS_NETNS_DIR, which podctl reads
  (set -a && source "$CNI_METRICS_NODE_DIR/env" &&
    java -jar testkit/target/cni-metrics-podctl.jar capture "$pod" "$out/containerd-$v-pod" &&
    java -jar testkit/target/cni-metrics-podctl.jar capture "$host" "$out/containerd-$v-hostnetwork")
  scripts/e2e/node.sh down
done
