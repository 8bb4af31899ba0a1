#!/usr/bin/env bash
# The README's one-machine demo, run the way a user runs it, proven to work and to leave nothing
# behind (scripts/test.sh runs this after the Maven tests; needs root and the jars):
#   1. without root, and without its packages, scripts/demo.sh prints exactly one line per missing
#      thing and exits 1, having started nothing;
#   2. scripts/demo.sh --cycles 2 --no-cloudwatch runs to the end: its output has one
#      pod_interface_shim series per pod-network pod (none for the hostNetwork pod), the ipamd and
#      cAdvisor stand-ins labelled as such, each pod's pod-labelled byte counters in Prometheus
#      equal to the kernel's count after real traffic, and two aggregated cycles, the second with
#      counter increases;
#   3. processes, /run/netns names, interface names and mounts under /tmp and /run are compared
#      before and after (scripts/demo/leftovers.py): nothing of the demo's may remain.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

[[ $(id -u) -eq 0 ]] || { echo "checks/demo.sh: needs root, as scripts/demo.sh does (found uid $(id -u))" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- 1. missing root / missing packages ---------------------------------------------------
# A copy nobody can read wherever the checkout is (CI clones under /root); the checks come first.
chmod 755 "$tmp"
mkdir -p "$tmp/copy/scripts"
cp scripts/demo.sh "$tmp/copy/scripts/"
chmod -R a+rX "$tmp/copy"
rc=0
setpriv --reuid=65534 --regid=65534 --clear-groups "$tmp/copy/scripts/demo.sh" --cycles 1 >"$tmp/nobody.out" 2>"$tmp/nobody.err" || rc=$?
if ((rc == 1)) && grep -qx "demo.sh: missing root: the demo runs containerd and creates network namespaces, mounts and a bridge (found uid 65534); run it with sudo" "$tmp/nobody.err" &&
  [[ $(wc -l <"$tmp/nobody.err") -eq 1 && ! -s $tmp/nobody.out ]]; then
  ok "as uid 65534: one line, exit 1"
else
  bad "as uid 65534: expected exit 1 and the single 'missing root' line; got exit $rc: $(cat "$tmp/nobody.err" "$tmp/nobody.out")"
fi
# A PATH with only what the script itself needs before its checks: every tool it checks is missing.
mkdir "$tmp/bin"
for t in dirname id sed; do ln -s "$(command -v "$t")" "$tmp/bin/$t"; done
rc=0
PATH=$tmp/bin "$BASH" scripts/demo.sh --cycles 1 >"$tmp/nopkg.out" 2>"$tmp/nopkg.err" || rc=$?
cat >"$tmp/nopkg.expected" <<'EOF'
demo.sh: missing containerd: apt-get install containerd
demo.sh: missing ctr: apt-get install containerd
demo.sh: missing runc: apt-get install runc
demo.sh: missing ip: apt-get install iproute2
demo.sh: missing gcc: apt-get install gcc
demo.sh: missing setsid: apt-get install util-linux
demo.sh: missing nsenter: apt-get install util-linux
demo.sh: missing python3: apt-get install python3
demo.sh: missing prometheus: apt-get install prometheus
demo.sh: missing java: apt-get install openjdk-17-jdk-headless
EOF
if ((rc == 1)) && diff -u "$tmp/nopkg.expected" "$tmp/nopkg.err" >"$tmp/nopkg.diff" && [[ ! -s $tmp/nopkg.out ]]; then
  ok "without the packages: one line per missing tool, exit 1"
else
  bad "without the packages: exit $rc; $(cat "$tmp/nopkg.diff" "$tmp/nopkg.out")"
fi
[[ ! -e /tmp/cni-metrics-demo-node ]] && ok "the refused runs created no node directory" ||
  bad "a refused run left /tmp/cni-metrics-demo-node"

# ---- 2. the demo itself, non-interactively ------------------------------------------------
token=check-$$-$RANDOM$RANDOM
python3 scripts/demo/leftovers.py snapshot "$tmp/before.json"
rc=0
env -u AWS_REGION -u AWS_DEFAULT_REGION -u AWS_ACCESS_KEY_ID -u AWS_PROFILE CNI_METRICS_DEMO_CHECK="$token" \
  timeout --kill-after=30 420 scripts/demo.sh --cycles 2 --no-cloudwatch >"$tmp/demo.out" 2>"$tmp/demo.err" || rc=$?
sed 's/^/  demo| /' "$tmp/demo.out"
((rc == 0)) && ok "scripts/demo.sh --cycles 2 exited 0" || { bad "scripts/demo.sh exited $rc"; sed 's/^/  demo stderr| /' "$tmp/demo.err"; }
for pod in default/web-7c9d8b6f5-2xkqp default/web-7c9d8b6f5-8hzvm kube-system/coredns-5d78c9869d-kt7wq; do
  n=$(grep -c "^  pod_interface_shim{interface=\"eni[0-9a-f]\{11\}\",namespace=\"${pod%/*}\",node=\"cni-metrics-demo\",pod=\"${pod#*/}\",pod_interface=\"eth0\",uid=\"[0-9a-f-]*\"} 1" "$tmp/demo.out" || true)
  ((n == 1)) && ok "one pod_interface_shim series for $pod" || bad "$n pod_interface_shim series for $pod"
done
grep -q 'pod="aws-node-4jx2m"' "$tmp/demo.out" && bad "the hostNetwork pod has a series" || ok "no series for the hostNetwork pod"
# Prometheus with the shipped rules shows each pod's traffic as the kernel counted it: both web
# pods' transmit is the 200 datagrams they sent (200,001 payload bytes with the neighbour probe).
grep -q "^== Prometheus with the shipped rules, over a cAdvisor STAND-IN" "$tmp/demo.out" && ok "the cAdvisor stand-in is labelled" || bad "no cAdvisor stand-in label"
n=$(grep -Ec '^  (default|kube-system)/[a-z0-9-]+ +(transmit|receive) +eni[0-9a-f]{11} +([0-9,]+ B +)?[0-9,]+ B +[0-9,]+ B +equal$' "$tmp/demo.out" || true)
((n == 6)) && ok "pod-labelled Prometheus increases equal the kernel's counts (6 rows)" || bad "$n of 6 traffic rows equal the kernel's count"
n=$(grep -Ec '^  default/web-[a-z0-9-]+ +transmit +eni[0-9a-f]{11} +200,001 B +(2[0-9]{2},[0-9]{3}) B +\1 B +equal$' "$tmp/demo.out" || true)
((n == 2)) && ok "each web pod's transmit carries its 200 datagrams" || bad "$n of 2 web pods show their sent datagrams"
grep -Eq '^Prometheus: http://127\.0\.0\.1:[0-9]+/graph\?g0\.expr=' "$tmp/demo.out" && ok "the Prometheus URL is printed" || bad "no Prometheus URL"
grep -q "^== ipamd STAND-IN (not a real ipamd)" "$tmp/demo.out" && ok "the ipamd stand-in is labelled" || bad "no stand-in label"
grep -q "^CloudWatch off (--no-cloudwatch)" "$tmp/demo.out" && ok "CloudWatch off" || bad "CloudWatch not reported off"
cycle2=$(sed -n '/^aggregated cycle 2 at /,/^$/p' "$tmp/demo.out")
grep -q "^aggregated cycle 1 at .*CLUSTER_ID=cni-metrics-demo" "$tmp/demo.out" && ok "aggregated cycle 1 printed" || bad "no aggregated cycle 1"
if grep -Eq '^  addReqCount +[1-9][0-9]* +Count$' <<<"$cycle2" && grep -Eq '^  assignIPAddresses +3 +Count$' <<<"$cycle2" &&
  grep -Eq '^  nodesReporting +1 +Count$' <<<"$cycle2"; then
  ok "aggregated cycle 2: assignIPAddresses 3, addReqCount increased, 1 node reporting"
else
  bad "aggregated cycle 2 lacks the expected values: ${cycle2:-(none)}"
fi

# ---- 3. nothing left behind -------------------------------------------------------------------
if python3 scripts/demo/leftovers.py compare "$tmp/before.json" "$tmp/after.json" "$tmp/demo.out" "$token"; then
  ok "no process, netns, interface, mount or directory of the demo left behind"
else
  bad "the demo left something behind (lines above)"
fi

# The comparison must be able to fail: a process with the demo's token, a new PID the demo
# "printed", and an interface it "named" that still exists are each reported.
env CNI_METRICS_DEMO_CHECK="$token" sleep 120 &
token_pid=$!
sleep 120 &
printed_pid=$!
printf 'agent pid %s\n  pod_interface_shim{interface="lo",namespace="x",pod="y"} 1\n' "$printed_pid" >"$tmp/fake.out"
rc=0
python3 scripts/demo/leftovers.py compare "$tmp/before.json" "$tmp/fake-after.json" "$tmp/fake.out" "$token" >"$tmp/fake.report" || rc=$?
kill "$token_pid" "$printed_pid"
wait "$token_pid" "$printed_pid" 2>/dev/null || true
if ((rc == 1)) && grep -q "LEFT BEHIND: process $token_pid still runs" "$tmp/fake.report" &&
  grep -q "LEFT BEHIND: process $printed_pid still runs" "$tmp/fake.report" &&
  grep -q "LEFT BEHIND: interface lo still exists" "$tmp/fake.report"; then
  ok "self-test: the comparison reports leftovers"
else
  bad "self-test: the comparison missed planted leftovers (exit $rc): $(cat "$tmp/fake.report")"
fi

echo "checks/demo.sh: $fails failure(s) in $((SECONDS - start)) s"
((fails == 0))
