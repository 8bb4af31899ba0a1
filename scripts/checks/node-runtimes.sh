#!/usr/bin/env bash
# scripts/e2e/node.sh and containerd.sh refuse what they cannot do, and the deprecation check
# fails when containerd reports a deprecation (scripts/test.sh runs this; root, ~10 s):
#   1. an unknown CNI_METRICS_CONTAINERD / containerd.sh version: one line, exit 1, nothing made;
#   2. a node on containerd 2.1 (from the cache test.sh filled): `deprecations` passes, then fails,
#      naming the line, once the log holds the warning 2.1 writes for a version-2 config.
# Its node has a directory, bridge and subnet of its own: test.sh's node may still be up.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS
fails=0 passes=0
ok() { echo "ok   $*"; passes=$((passes + 1)); }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

[[ $(id -u) -eq 0 ]] || { echo "checks/node-runtimes.sh: needs root, as scripts/e2e/node.sh does (found uid $(id -u))" >&2; exit 1; }
export CNI_METRICS_NODE_DIR=/tmp/cni-metrics-check-node CNI_METRICS_NODE_BRIDGE=cnmchk0 CNI_METRICS_NODE_SUBNET=10.213.7.0/24
tmp=$(mktemp -d)
trap 'scripts/e2e/node.sh down >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT

# One line on stderr, nothing on stdout, exit 1.
refuses() {
  local want=$1 rc=0
  shift
  "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  if ((rc == 1)) && [[ $(cat "$tmp/err") == "$want" && ! -s $tmp/out ]]; then
    ok "refused: $want"
  else
    bad "expected exit 1 and only '$want'; got exit $rc: $(cat "$tmp/err" "$tmp/out")"
  fi
}
refuses 'node.sh: CNI_METRICS_CONTAINERD: expected 1.6, 1.7 or 2.1; found "2.0"' \
  env CNI_METRICS_CONTAINERD=2.0 scripts/e2e/node.sh up
[[ ! -e $CNI_METRICS_NODE_DIR ]] && ok "a refused up made no node directory" || bad "a refused up left $CNI_METRICS_NODE_DIR"
refuses 'containerd.sh: expected a containerd version 1.6, 1.7 or 2.1; found "1.5"' scripts/e2e/containerd.sh 1.5

CNI_METRICS_CONTAINERD=2.1 scripts/e2e/node.sh up 2>"$tmp/up.err" || { cat "$tmp/up.err" >&2; bad "node up on containerd 2.1"; exit 1; }
if scripts/e2e/node.sh deprecations 2>"$tmp/dep.err"; then
  ok "containerd 2.1 with its version-3 config: $(cat "$tmp/dep.err")"
else
  bad "containerd 2.1 with its version-3 config reports deprecations: $(cat "$tmp/dep.err")"
fi
# What containerd 2.1.9 logs when started with a version-2 config (seen on this node with the
# 1.x config writer).
line='time="2026-12-01T08:49:01.276167367Z" level=warning msg="Configuration migrated from version 2, use `containerd config migrate` to avoid migration" t="11.005µs"'
echo "$line" >>"$CNI_METRICS_NODE_DIR/containerd.log"
rc=0
scripts/e2e/node.sh deprecations 2>"$tmp/dep.err" || rc=$?
if ((rc == 1)) && grep -qxF "$line" "$tmp/dep.err" && grep -qxE "node.sh: containerd 2\.1\.[0-9]+ reports deprecated configuration or features:" "$tmp/dep.err"; then
  ok "a migration warning in the log fails the deprecation check, naming the line"
else
  bad "expected the deprecation check to fail naming the migration warning; got exit $rc: $(cat "$tmp/dep.err")"
fi
scripts/e2e/node.sh down >/dev/null 2>&1

echo "node-runtimes: $passes passed, $fails failed ($((SECONDS - start)) s)"
((fails == 0))
