#!/usr/bin/env bash
# Installs the Debian packages the tests and the demo need (real containerd node, CNI plugins, ethtool,
# Prometheus + promtool, python3 for the check scripts). Idempotent: installs only what is missing. Needs root.
set -euo pipefail
packages=(containerd runc containernetworking-plugins ethtool iproute2 prometheus gcc util-linux python3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-test-deps: missing Debian packages: ${missing[*]}; run as root or install them first" >&2
    exit 1
  fi
  echo "install-test-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
# Debian's prometheus package starts a service on install where an init system runs; the tests
# start their own server on 127.0.0.1 and need none.
