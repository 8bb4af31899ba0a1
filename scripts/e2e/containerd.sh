#!/usr/bin/env bash
# Prints the directory holding the containerd binaries (containerd, containerd-shim-runc-v2, ctr)
# of one of the containerd versions the test node runs on:
#
#   scripts/e2e/containerd.sh 1.6     Debian 12's own package, installed by scripts/install-test-deps.sh
#   scripts/e2e/containerd.sh 1.7     containerd 1.7.x from Debian's suite trixie (1.7.24 when written)
#   scripts/e2e/containerd.sh 2.1     containerd 2.1.x from Debian's suite sid (2.1.9 when written)
#
# 1.7 and 2.1 are fetched by package name from the Debian mirror this machine's apt already uses,
# with a sources list, package lists and an apt cache of their own (the host's apt configuration,
# lists and installed packages stay as they are), and unpacked with dpkg-deb -x into
# ${CNI_METRICS_RUNTIMES_DIR:-~/.cache/cni-metrics-runtimes}/containerd-<Debian version>. Nothing
# is installed system-wide. apt checks the .deb against the SHA256 of the signed package index;
# the unpacked tree is reused on later runs only while the .deb kept beside it still has that
# SHA256. Both run on Debian 12 (they need libc6 >= 2.34) with bookworm's runc.
set -euo pipefail

die() { echo "containerd.sh: $*" >&2; exit 1; }

# The release series is pinned, not the patch release: a suite that moves to a new patch release
# (sid does, often) keeps a fresh machine's CI working, and every run names the exact version it
# tested (node.sh, test.sh's "== … on containerd X.Y.Z" lines). A suite that leaves the series
# fails the fetch with the version it found. A cached tree of the series is used while its .deb
# still has the checksum it was fetched with.
case ${1:-} in
  1.6)
    v=$(dpkg-query -W -f='${Version}' containerd 2>/dev/null) ||
      die "containerd 1.6: Debian 12's package is not installed: run scripts/install-test-deps.sh"
    [[ $v == 1.6.* ]] || die "containerd 1.6: expected Debian 12's containerd 1.6.x; found $v installed"
    dirname "$(command -v containerd)"
    exit 0
    ;;
  1.7) suite=trixie series=1.7 ;;
  2.1) suite=sid series=2.1 ;;
  *) die "expected a containerd version 1.6, 1.7 or 2.1; found \"${1:-}\"" ;;
esac

cache=${CNI_METRICS_RUNTIMES_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cni-metrics-runtimes}
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9

# A cached tree of this series whose .deb still matches the checksum it was fetched with.
for d in "$cache"/containerd-"$series".*/; do
  [[ -f $d/sha256 && -x $d/usr/bin/containerd ]] || continue
  if (cd "$d" && sha256sum --status -c sha256); then
    echo "${d%/}/usr/bin"
    exit 0
  fi
  echo "containerd.sh: ${d%/}: the kept .deb no longer matches its recorded SHA256; fetching again" >&2
  rm -rf "$d"
done

uri=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | grep -v security | head -n1)
[[ -n $uri ]] || uri=$(sed -n 's/^deb \(\[[^]]*\] \)\?\([^ ]*\) bookworm .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n1)
[[ -n $uri ]] || die "containerd $1: found no Debian mirror in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"

apt_dir=$cache/apt-$suite
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $suite main" >"$apt_dir/sources.list"
apt=(-q -o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o Dir::Etc::sourceparts=/dev/null
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
  -o Dir::State::status=/dev/null -o APT::Sandbox::User=root)
echo "containerd.sh: reading Debian suite $suite's package index from $uri" >&2
apt-get "${apt[@]}" update >&2 || die "containerd $1: apt-get update of suite $suite from $uri failed"

version=$(apt-cache "${apt[@]}" show containerd 2>/dev/null | sed -n 's/^Version: //p' | head -n1)
[[ -n $version ]] || die "containerd $1: Debian suite $suite lists no containerd package"
[[ $version == "$series".[0-9]*[~+]* ]] ||
  die "containerd $1: expected a containerd $series.x package in Debian suite $suite; found $version (update the series in scripts/e2e/containerd.sh)"
sha=$(apt-cache "${apt[@]}" show "containerd=$version" | sed -n 's/^SHA256: //p' | head -n1)
[[ $sha =~ ^[0-9a-f]{64}$ ]] || die "containerd $1: the index of suite $suite gives no SHA256 for containerd $version"

out=$cache/containerd-$version
tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# apt-get download verifies the file against the index's checksum before keeping it.
(cd "$tmp" && apt-get "${apt[@]}" download "containerd=$version" >&2) ||
  die "containerd $1: apt-get download containerd=$version from suite $suite failed"
deb=$(ls "$tmp"/containerd_*.deb)
echo "$sha  $(basename "$deb")" >"$tmp/sha256"
(cd "$tmp" && sha256sum --status -c sha256) ||
  die "containerd $1: $(basename "$deb") does not have the SHA256 $sha of suite $suite's index"
dpkg-deb -x "$deb" "$tmp"
for b in containerd containerd-shim-runc-v2 ctr; do
  [[ -x $tmp/usr/bin/$b ]] || die "containerd $1: package containerd $version has no usr/bin/$b"
done
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
echo "containerd.sh: containerd $version (sha256 $sha) unpacked in $out" >&2
echo "$out/usr/bin"
