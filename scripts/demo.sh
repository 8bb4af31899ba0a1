#!/usr/bin/env bash
# cni-metrics on one machine (README "Run it on one machine"):
#
#   sudo scripts/demo.sh              # runs until Ctrl-C, then removes everything it started
#   sudo scripts/demo.sh --cycles 2   # exits by itself after two aggregated cycles
#
# As root on Debian 12 with the packages below, from a fresh clone:
#   1. builds the jars if they are missing (mvn -B -q -DskipTests install);
#   2. starts a real containerd node of its own (scripts/e2e/node.sh: /tmp/cni-metrics-demo-node,
#      bridge cnmdemo0, subnet 10.213.9.0/24) with three pods and one hostNetwork pod;
#   3. serves a recorded ipamd dump on 127.0.0.1 as the ipamd STAND-IN (scripts/demo/, not a real
#      ipamd; its counters advance on every request, as a busy node's would);
#   4. runs the agent (--imds=false) against that node and the stand-in, prints its
#      pod_interface_shim series;
#   5. runs Prometheus (Debian's 2.42) on 127.0.0.1 with the shipped scrape config and rules over a
#      cAdvisor STAND-IN in CRI-O's shape (host-side series only, real kernel counters), sends UDP
#      between the pods and prints each pod's pod-labelled container_network_*_bytes_total
#      increase next to the kernel's own count; the Prometheus URL stays up while the demo runs;
#   6. runs the aggregator (static --agents, EMF + Prometheus sinks; CloudWatch only when an AWS
#      region and credentials are configured in the environment, --no-cloudwatch to refuse) and
#      prints every aggregated cycle.
# Ctrl-C, SIGTERM or the end of --cycles stops the aggregator, the agent and the stand-in by PID
# and brings the node down (pods, containerd, mounts, bridge, directory). Nothing listens beyond
# 127.0.0.1. Without root or a package it prints one line per missing thing and exits 1.
# Needs: containerd, runc, containernetworking-plugins, iproute2, gcc, util-linux (setsid, nsenter),
# python3, prometheus, JDK 17+ (and Maven when the jars are missing); scripts/install-test-deps.sh
# installs them.
set -uo pipefail
cd "$(dirname "$0")/.."

cycles=0
cloudwatch=auto
interval=5s
while (($#)); do
  case $1 in
    --cycles)
      [[ ${2:-} =~ ^[1-9][0-9]{0,2}$ ]] || { echo "demo.sh: --cycles: expected a number from 1 to 999, found '${2:-}'" >&2; exit 2; }
      cycles=$2
      shift 2
      ;;
    --no-cloudwatch) cloudwatch=off; shift ;;
    -h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo.sh: unknown argument '$1' (usage: scripts/demo.sh [--cycles N] [--no-cloudwatch])" >&2; exit 2 ;;
  esac
done

export CNI_METRICS_NODE_DIR=/tmp/cni-metrics-demo-node
export CNI_METRICS_NODE_BRIDGE=cnmdemo0
export CNI_METRICS_NODE_SUBNET=10.213.9.0/24
agent_jar=agent/target/cni-metrics-agent.jar
aggregator_jar=aggregator/target/cni-metrics-aggregator.jar
podctl_jar=testkit/target/cni-metrics-podctl.jar

# ---- what is missing, one line each ----------------------------------------------------------
missing=()
[[ $(id -u) -eq 0 ]] || missing+=("root: the demo runs containerd and creates network namespaces, mounts and a bridge (found uid $(id -u)); run it with sudo")
need() { command -v "$1" >/dev/null || missing+=("$1: apt-get install $2"); }
need containerd containerd
need ctr containerd
need runc runc
need ip iproute2
need gcc gcc
need setsid util-linux
need nsenter util-linux
need python3 python3
need prometheus prometheus
need java openjdk-17-jdk-headless
for plugin in bridge host-local loopback; do
  [[ -x /usr/lib/cni/$plugin ]] || missing+=("CNI plugin /usr/lib/cni/$plugin: apt-get install containernetworking-plugins")
done
if command -v java >/dev/null; then
  version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [[ ${version%%.*} =~ ^[0-9]+$ && ${version%%.*} -ge 17 ]] ||
    missing+=("java 17 or newer: found java.specification.version '${version}'; apt-get install openjdk-17-jdk-headless")
fi
build=false
# The cAdvisor stand-in and the UDP sender are the integration tests' own (agent test classes).
standin_class=agent/target/test-classes/dev/cnimetrics/agent/e2e/CadvisorStandIn.class
for jar in "$agent_jar" "$aggregator_jar" "$podctl_jar" "$standin_class"; do [[ -f $jar ]] || build=true; done
if $build && ! command -v mvn >/dev/null; then
  missing+=("mvn (the jars are not built yet): apt-get install maven")
fi
if ((${#missing[@]})); then
  for m in "${missing[@]}"; do echo "demo.sh: missing $m" >&2; done
  exit 1
fi

# ---- clean-up, whatever happens from here on --------------------------------------------------
work=$(mktemp -d /tmp/cni-metrics-demo.XXXXXX)
pids=()
node_started=false
cleanup() {
  local rc=$? pid i
  trap - EXIT INT TERM
  trap '' INT
  echo "demo.sh: stopping and cleaning up" >&2
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for ((i = 0; i < 150; i++)); do [[ -e /proc/$pid ]] || break; sleep 0.1; done
    [[ -e /proc/$pid ]] && { echo "demo.sh: killing $pid (did not stop within 15 s)" >&2; kill -KILL "$pid" 2>/dev/null; }
    wait "$pid" 2>/dev/null
  done
  if $node_started; then
    scripts/e2e/node.sh down >>"$work/node.log" 2>&1 ||
      { rc=1; echo "demo.sh: node.sh down failed:" >&2; tail -n 5 "$work/node.log" >&2; }
  fi
  rm -rf "$work"
  echo "demo.sh: done" >&2
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
  echo "demo.sh: $1" >&2
  [[ -n ${2:-} && -f $2 ]] && { echo "--- last lines of $(basename "$2"):" >&2; tail -n 20 "$2" >&2; }
  exit 1
}
step() { echo; echo "== $*"; }
# Own session: Ctrl-C in the terminal reaches this script only, which then stops everything in order.
spawn() { # LOG COMMAND...: start in the background, record the PID
  local log=$1
  shift
  setsid "$@" >"$log" 2>&1 &
  pids+=($!)
}

if $build; then
  step "building the jars (mvn -B -q -DskipTests install), a few minutes the first time"
  mvn -B -q -DskipTests install >"$work/build.log" 2>&1 || fail "the build failed" "$work/build.log"
fi

step "containerd node: $CNI_METRICS_NODE_DIR, bridge $CNI_METRICS_NODE_BRIDGE, subnet $CNI_METRICS_NODE_SUBNET"
node_started=true
setsid scripts/e2e/node.sh up >"$work/node.log" 2>&1 || fail "the containerd node did not come up" "$work/node.log"
# shellcheck disable=SC1091
source "$CNI_METRICS_NODE_DIR/env"
for pod in "default web-7c9d8b6f5-2xkqp" "default web-7c9d8b6f5-8hzvm" "kube-system coredns-5d78c9869d-kt7wq"; do
  read -r ns name <<<"$pod"
  scripts/e2e/node.sh pod-add "$name" "$ns" >>"$work/node.log" 2>&1 || fail "could not start pod $ns/$name" "$work/node.log"
done
scripts/e2e/node.sh pod-add aws-node-4jx2m kube-system --host-network >>"$work/node.log" 2>&1 ||
  fail "could not start pod kube-system/aws-node-4jx2m" "$work/node.log"
scripts/e2e/node.sh pods >"$work/pods.tsv" 2>>"$work/node.log" || fail "could not list the pods" "$work/node.log"
echo "pods (real sandboxes with their own network namespaces and veths; aws-node is hostNetwork):"
python3 scripts/demo/show.py pods "$work/pods.tsv"
echo "host veths renamed as AWS VPC CNI names them (cAdvisor never reports interfaces named veth*):"
python3 scripts/demo/pod_traffic.py rename "$work/pods.tsv" 2>>"$work/node.log" || fail "could not rename the host veths" "$work/node.log"

step "ipamd STAND-IN (not a real ipamd)"
spawn "$work/ipamd.log" python3 scripts/demo/ipamd_standin.py --dump scripts/demo/ipamd-metrics.prom --port-file "$work/ipamd.port"
for ((i = 0; i < 100; i++)); do [[ -s $work/ipamd.port ]] && break; sleep 0.1; done
[[ -s $work/ipamd.port ]] || fail "the ipamd stand-in did not start" "$work/ipamd.log"
ipamd_url="http://127.0.0.1:$(<"$work/ipamd.port")/metrics"
echo "recorded ipamd /metrics dump scripts/demo/ipamd-metrics.prom (VPC CNI v1.20, m5.large, 2 ENIs),"
echo "served at $ipamd_url; its counters advance on every request as a busy node's would"

step "agent (node cni-metrics-demo, --imds=false)"
spawn "$work/agent.log" java -jar "$agent_jar" --node-name=cni-metrics-demo --imds=false \
  --ipamd-url="$ipamd_url" --cri-endpoint="$CNI_METRICS_CRI_ENDPOINT" --netns-dir="$CNI_METRICS_NETNS_DIR" \
  --refresh-interval=2s --listen=127.0.0.1:0
agent_pid=${pids[-1]}
for ((i = 0; i < 300; i++)); do
  agent_port=$(sed -n 's/.*agent started .*listen=127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/agent.log")
  [[ -n $agent_port || ! -e /proc/$agent_pid ]] && break
  sleep 0.1
done
[[ -n $agent_port ]] || fail "the agent did not start" "$work/agent.log"
agent="http://127.0.0.1:$agent_port"
python3 scripts/demo/show.py ready "$agent/readyz" 60 || fail "the agent did not become ready" "$work/agent.log"
echo "agent pid $agent_pid: $agent/metrics, $agent/v1/report"
echo "pod_interface_shim series (interface = host-side veth, as cAdvisor labels it; pod_interface = inside the pod):"
python3 scripts/demo/show.py series "$agent/metrics" "pod_interface_shim{" ||
  fail "the agent serves no pod_interface_shim series" "$work/agent.log"

step "Prometheus with the shipped rules, over a cAdvisor STAND-IN (not the kubelet's cAdvisor)"
spawn "$work/cadvisor.log" java -cp "agent/target/test-classes:$agent_jar" dev.cnimetrics.agent.e2e.CadvisorStandIn "$work/cadvisor.port"
for ((i = 0; i < 100; i++)); do [[ -s $work/cadvisor.port ]] && break; sleep 0.1; done
[[ -s $work/cadvisor.port ]] || fail "the cAdvisor stand-in did not start" "$work/cadvisor.log"
echo "cAdvisor stand-in at http://127.0.0.1:$(<"$work/cadvisor.port")/metrics/cadvisor: the node's real kernel counters"
echo "in cAdvisor's format and CRI-O's shape (host-side id=\"/\" series only, no pod labels), so pod labels can"
echo "come only from pod_interface_shim through install/prometheus/cni-metrics.rules.yml"
prometheus_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 scripts/demo/pod_traffic.py prometheus-config "$work/prometheus.yml" "127.0.0.1:$(<"$work/cadvisor.port")" \
  "127.0.0.1:$agent_port" cni-metrics-demo || fail "could not write the Prometheus configuration"
spawn "$work/prometheus.log" prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus" \
  --web.listen-address="127.0.0.1:$prometheus_port"
prometheus="http://127.0.0.1:$prometheus_port"
python3 scripts/demo/show.py ready "$prometheus/-/ready" 60 || fail "Prometheus did not become ready" "$work/prometheus.log"
python3 scripts/demo/pod_traffic.py run "$prometheus" "$work/pods.tsv" || fail "Prometheus does not show the pods' traffic as the kernel counted it" "$work/prometheus.log"
echo "Prometheus: $prometheus/graph?g0.expr=sum%20by%20(namespace%2C%20pod)%20(rate(container_network_transmit_bytes_total%7Bpod!%3D%22%22%7D%5B1m%5D))"

step "aggregator (static --agents, one agent)"
sinks=emf,prometheus
region=${AWS_REGION:-${AWS_DEFAULT_REGION:-}}
if [[ $cloudwatch == auto && -n $region && (-n ${AWS_ACCESS_KEY_ID:-} || -n ${AWS_PROFILE:-} ||
  -n ${AWS_WEB_IDENTITY_TOKEN_FILE:-} || -f ${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}) ]]; then
  sinks+=,cloudwatch
  echo "CloudWatch ON: PutMetricData to namespace Kubernetes in $region, CLUSTER_ID=${AWS_CLUSTER_ID:-cni-metrics-demo}"
elif [[ $cloudwatch == off ]]; then
  echo "CloudWatch off (--no-cloudwatch)"
else
  echo "CloudWatch off: no AWS region and credentials in the environment (AWS_REGION + AWS_ACCESS_KEY_ID/AWS_PROFILE)"
fi
# EMF lines go to stdout, logs to stderr: kept apart.
setsid java -jar "$aggregator_jar" --agents="127.0.0.1:$agent_port" --sinks="$sinks" \
  --cluster-id="${AWS_CLUSTER_ID:-cni-metrics-demo}" --interval="$interval" --imds=false \
  --listen=127.0.0.1:0 >"$work/emf.jsonl" 2>"$work/aggregator.log" &
aggregator_pid=$!
pids+=("$aggregator_pid")
for ((i = 0; i < 300; i++)); do
  aggregator_port=$(sed -n 's/.* started .*listen=[^ ]*:\([0-9][0-9]*\) .*/\1/p' "$work/aggregator.log")
  [[ -n $aggregator_port || ! -e /proc/$aggregator_pid ]] && break
  sleep 0.1
done
[[ -n $aggregator_port ]] || fail "the aggregator did not start" "$work/aggregator.log"
echo "aggregator pid $aggregator_pid: http://127.0.0.1:$aggregator_port/metrics (cni_metrics_cluster), a cycle every $interval"
echo "(the first cycle takes each node's counters as its baseline: counters show increases from the second on)"
((cycles == 0)) && echo "Ctrl-C stops the demo and removes everything it started."

seen=0
while ((cycles == 0 || seen < cycles)); do
  for ((i = 0; i < 300; i++)); do
    (($(grep -c CloudWatchMetrics "$work/emf.jsonl") > seen)) && break
    [[ -e /proc/$aggregator_pid ]] || fail "the aggregator stopped" "$work/aggregator.log"
    sleep 0.1
  done
  (($(grep -c CloudWatchMetrics "$work/emf.jsonl") > seen)) || fail "no aggregated cycle within 30 s" "$work/aggregator.log"
  seen=$((seen + 1))
  echo
  python3 scripts/demo/show.py cycle "$(grep CloudWatchMetrics "$work/emf.jsonl" | sed -n "${seen}p")" "$seen"
done
