#!/usr/bin/env bash
# Renders the chart install/helm/cni-metrics with its default values and with every documented
# combination (install/helm/cni-metrics/ci/NAME-values.yaml) into OUT_DIR/helm-NAME.yaml, release
# cni-metrics in namespace cni-metrics, and prints one NAME=FILE line per rendering.
# Shared by scripts/checks/install-helm.sh and scripts/checks/install-runtime.sh.
#
#   helm-render.sh OUT_DIR
set -euo pipefail
out=${1:?usage: helm-render.sh OUT_DIR}
cd "$(dirname "$0")/../../.."
helm=$(scripts/checks/manifests/helm.sh)
chart=install/helm/cni-metrics
mkdir -p "$out"
"$helm" template cni-metrics "$chart" --namespace cni-metrics > "$out/helm-default.yaml"
echo "default=$out/helm-default.yaml"
for values in "$chart"/ci/*-values.yaml; do
  name=$(basename "$values" -values.yaml)
  "$helm" template cni-metrics "$chart" --namespace cni-metrics -f "$values" > "$out/helm-$name.yaml"
  echo "$name=$out/helm-$name.yaml"
done
