#!/usr/bin/env bash
# install/ Prometheus side: the generated files are in sync with install/generate.py, promtool
# accepts and unit-tests every recording and alerting rule. A real Prometheus on 127.0.0.1 proves
# the relabel configs and the join in the agent's ShippedRelabelIT and DashboardParityIT (-Pit).
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS
for tool in promtool python3; do
  command -v "$tool" >/dev/null || { echo "install-prometheus: '$tool' not found; run scripts/install-test-deps.sh" >&2; exit 1; }
done

python3 install/generate.py --check
promtool check rules install/prometheus/cni-metrics.rules.yml
# The PrometheusRule object carries the same groups under spec: check that form too.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - install/kubernetes/base/prometheusrule.yaml "$tmp/from-prometheusrule.yml" <<'PY'
import sys
src, dst = sys.argv[1], sys.argv[2]
lines = open(src).read().split("\n")
start = lines.index("spec:")
body = [l[2:] if l.startswith("  ") else l for l in lines[start + 1:]]
open(dst, "w").write("\n".join(body))
PY
promtool check rules "$tmp/from-prometheusrule.yml"
cmp <(grep -v '^#' install/prometheus/cni-metrics.rules.yml) "$tmp/from-prometheusrule.yml" \
  || { echo "install-prometheus: the PrometheusRule's spec differs from install/prometheus/cni-metrics.rules.yml" >&2; exit 1; }
promtool test rules install/prometheus/tests/*.test.yml
echo "install-prometheus: ok in $((SECONDS - start)) s" >&2
