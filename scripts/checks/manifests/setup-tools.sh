#!/usr/bin/env bash
# Installs the checks' Node tools (versions pinned in package-lock.json) into a cache outside the
# work tree and prints the path of a directory holding this work tree's *.mjs next to them.
# Shared by scripts/checks/install-*.sh. The scripts go into a directory named by their content
# (run-<hash>/, node_modules linked from the cache), so work trees with different versions of
# them on one machine never overwrite each other's copy mid-run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tools=${CNI_METRICS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cni-metrics-checks}
v=$tools/manifests
mkdir -p "$v"
cp "$here/package.json" "$here/package-lock.json" "$v/"
if ! cmp -s "$v/package-lock.json" "$v/.installed-lock" 2>/dev/null; then
  (cd "$v" && npm ci --no-audit --no-fund --loglevel=error >&2)
  cp "$v/package-lock.json" "$v/.installed-lock"
fi
run=$v/run-$(cat "$here"/*.mjs | sha256sum | cut -c1-16)
if [[ ! -d $run ]]; then
  staging=$(mktemp -d "$v/.staging-XXXXXX")
  chmod 755 "$staging"
  cp "$here"/*.mjs "$staging/"
  ln -s ../node_modules "$staging/node_modules"
  mv -T "$staging" "$run" 2>/dev/null || rm -rf "$staging"
fi
echo "$run"
