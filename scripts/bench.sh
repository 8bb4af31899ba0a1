#!/usr/bin/env bash
# Every benchmark in one go, one table at the end (README "Performance"):
#
#   sudo scripts/bench.sh            # ~5 minutes on 2 cores; needs root, Debian 12, JDK 17, Maven
#
# Runs, one after the other so they do not disturb each other:
#   ipamd-parse  agent: parse + extract + report JSON of a 2,000-series ipamd dump (IpamdParseBench)
#   netns        netlink vs setns vs spawning `nsenter … ethtool -S eth0` per pod (netns/bench.sh)
#   aggregator   one cycle over 5,000 loopback agents vs scraping them one by one, heap, CloudWatch
#                requests and bytes per cycle (aggregator/bench.sh)
#   pods         fills a real containerd node of its own with 250 pods (NodePods)
#   cri-list     one CRI list of those pods (cri's ListBench against the real runtime)
#   agent        the real agent process on the jlink runtime with the image's JVM flags
#                (scripts/runtime.sh): first/steady/one-pod-added refresh with the agent's own
#                cache-hit counter, RSS after 100 scrapes, CPU per refresh, and the same pods
#                refreshed the prometheus-network-shim way (AgentProcessBench)
#
# Everything it starts is its own and is stopped on exit, Ctrl-C included: the containerd node in
# /tmp/cni-metrics-bench-node (bridge cnmbench0, 10.213.16.0/22, scripts/e2e/node.sh), an ipamd
# stand-in on 127.0.0.1 (scripts/demo/ipamd_standin.py), the agent, by PID. No traffic leaves
# 127.0.0.1 and the node's own namespaces. Builds the jars first when they are missing
# (mvn -DskipTests install). Exit code: 0 when every harness ran (missed targets are marked MISSED
# in the table), 1 when one did not, 2 for bad usage or a missing prerequisite.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
pods=250

log() { echo "bench.sh: $*" >&2; }
die() { log "$*"; exit 2; }

while (($#)); do
  case $1 in
    --pods)
      [[ ${2:-} =~ ^[1-9][0-9]{0,2}$ ]] || die "--pods: expected a number of pods from 1 to 999, found '${2:-}'"
      pods=$2
      shift 2
      ;;
    -h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (usage: scripts/bench.sh [--pods N])" ;;
  esac
done

[[ $(id -u) -eq 0 ]] ||
  die "needs root: it runs a containerd node, creates network namespaces and enters them; found uid $(id -u)"
scripts/install-test-deps.sh || die "scripts/install-test-deps.sh failed"
for tool in java mvn python3 nsenter ethtool getconf timeout jlink jcmd; do
  command -v "$tool" >/dev/null || die "missing $tool (see scripts/install-test-deps.sh; JDK 17 with jlink, Maven, python3)"
done

export CNI_METRICS_NODE_DIR=/tmp/cni-metrics-bench-node
export CNI_METRICS_NODE_BRIDGE=cnmbench0
export CNI_METRICS_NODE_SUBNET=10.213.16.0/22
work=$(mktemp -d /tmp/cni-metrics-bench.XXXXXX)
results=$work/results
mkdir -p "$results"
started=()
node_up=false
start=$SECONDS

stop_started() {
  local pid i
  for pid in "${started[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do
    for ((i = 0; i < 100; i++)); do [[ -e /proc/$pid ]] || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  started=()
}

node_down() {
  if $node_up; then
    scripts/e2e/node.sh down >>"$work/node.log" 2>&1 || log "node.sh down failed: $(tail -n 3 "$work/node.log")"
    node_up=false
  fi
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_started
  node_down
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- build what is missing, then work on a copy (a rebuild elsewhere cannot change it mid-run)
needed=(agent/target/cni-metrics-agent.jar agent/target/test-classes/dev/cnimetrics/agent/bench/AgentProcessBench.class
  testkit/target/cni-metrics-podctl.jar testkit/target/classes cri/target/test-classes netns/target/test-classes
  aggregator/target/test-classes)
for f in "${needed[@]}"; do
  if [[ ! -e $f ]]; then
    log "$f is missing: mvn -B -q -ntp -DskipTests install"
    mvn -B -q -ntp -DskipTests install >"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log" >&2; die "the build failed"; }
    break
  fi
done
mkdir -p "$work/agent-cp"
cp agent/target/cni-metrics-agent.jar "$work/agent-cp/"
cp -r agent/target/test-classes "$work/agent-cp/"
# The agent's benchmarks make their pods with the test kit (test scope: not in the agent's jar).
cp -r testkit/target/classes "$work/agent-cp/testkit-classes"
agent_cp=$work/agent-cp/test-classes:$work/agent-cp/testkit-classes:$work/agent-cp/cni-metrics-agent.jar

step=0
# run NAME SECONDS COMMAND...: stdout (BENCH lines) to NN-NAME.out, stderr to NN-NAME.log.
run() {
  local name=$1 limit=$2 base rc
  shift 2
  step=$((step + 1))
  base=$results/$(printf %02d "$step")-$name
  log "[$((SECONDS - start)) s] $name ..."
  timeout --kill-after=10 "$limit" "$@" >"$base.out" 2>"$base.log"
  rc=$?
  echo "$rc" >"$base.rc"
  log "[$((SECONDS - start)) s] $name: exit $rc, $(grep -c 'BENCH|' "$base.out") figures"
  if ((rc != 0)); then
    log "$name failed; last lines of its log:"
    tail -n 15 "$base.log" >&2
  fi
}
# skip NAME WHY: a harness that could not run gets a FAILED row.
skip() {
  step=$((step + 1))
  echo "$2" >"$results/$(printf %02d "$step")-$1.log"
  : >"$results/$(printf %02d "$step")-$1.out"
  echo "not run: $2" >"$results/$(printf %02d "$step")-$1.rc"
  log "$1 not run: $2"
}

run ipamd-parse 300 java -cp "$agent_cp" dev.cnimetrics.agent.bench.IpamdParseBench
run netns 300 netns/bench.sh
run aggregator 300 aggregator/bench.sh

log "[$((SECONDS - start)) s] containerd node up in $CNI_METRICS_NODE_DIR ($CNI_METRICS_NODE_BRIDGE, $CNI_METRICS_NODE_SUBNET)"
node_up=true
# Own session: a Ctrl-C in the terminal reaches this script, which brings the node down in order.
if setsid scripts/e2e/node.sh up >"$work/node.log" 2>&1; then
  set -a
  # shellcheck disable=SC1091
  source "$CNI_METRICS_NODE_DIR/env"
  set +a
  run pods 300 java -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "$agent_cp" \
    dev.cnimetrics.agent.bench.NodePods "$pods"
  run cri-list 300 java -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
    -cp testkit/target/cni-metrics-podctl.jar:cri/target/test-classes \
    dev.cnimetrics.cri.bench.ListBench "$CNI_METRICS_CRI_ENDPOINT" "$CNI_METRICS_NETNS_DIR"
  if scripts/runtime.sh build agent "$work/agent-cp/cni-metrics-agent.jar" "$work/runtime/agent" >"$work/runtime.log" 2>&1; then
    python3 scripts/demo/ipamd_standin.py --dump scripts/demo/ipamd-metrics.prom --port-file "$work/ipamd.port" &
    started+=($!)
    for ((i = 0; i < 100; i++)); do [[ -s $work/ipamd.port ]] && break; sleep 0.1; done
    run agent 300 java -Dcnm.clk.tck="$(getconf CLK_TCK)" -cp "$agent_cp" \
      dev.cnimetrics.agent.bench.AgentProcessBench "$work/runtime/agent" \
      "http://127.0.0.1:$(<"$work/ipamd.port")/metrics" "$work/agent-process.log"
    [[ -s $work/agent-process.log ]] && cp "$work/agent-process.log" "$results/$(printf %02d "$step")-agent.process.log"
    stop_started
  else
    skip agent "scripts/runtime.sh build agent failed: $(tail -n 3 "$work/runtime.log")"
  fi
else
  skip pods "scripts/e2e/node.sh up failed: $(tail -n 5 "$work/node.log")"
  skip agent "no containerd node"
fi
log "[$((SECONDS - start)) s] containerd node down"
node_down

echo
echo "cni-metrics benchmarks, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(uname -r), $(java -version 2>&1 | head -1)"
echo
python3 scripts/bench/table.py "$results"
rc=$?
for f in "$results"/*.rc; do
  if [[ $(<"$f") != 0 ]]; then
    log "log of ${f%.rc} (tail):"
    tail -n 20 "${f%.rc}.log" >&2
  fi
done
log "done in $((SECONDS - start)) s"
exit "$rc"
