#!/usr/bin/env bash
# Installs the checks' Node tools (versions pinned in package-lock.json) into a cache outside the
# work tree and prints its path. Shared by scripts/checks/install-*.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tools=${CNI_METRICS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cni-metrics-checks}
v=$tools/manifests
mkdir -p "$v"
cp "$here/package.json" "$here/package-lock.json" "$here"/*.mjs "$v/"
if ! cmp -s "$v/package-lock.json" "$v/.installed-lock" 2>/dev/null; then
  (cd "$v" && npm ci --no-audit --no-fund --loglevel=error >&2)
  cp "$v/package-lock.json" "$v/.installed-lock"
fi
echo "$v"
