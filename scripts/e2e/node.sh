#!/usr/bin/env bash
# A real containerd + CRI + CNI node for the integration tests and the local demo.
#
#   scripts/e2e/node.sh up                                  start the node, write $dir/env
#   scripts/e2e/node.sh pod-add NAME NAMESPACE [--host-network]   print the new sandbox id
#   scripts/e2e/node.sh pod-rm SANDBOX_ID
#   scripts/e2e/node.sh pods                                list sandboxes (tab-separated)
#   scripts/e2e/node.sh deprecations                        fail if containerd reported any
#   scripts/e2e/node.sh down                                remove pods, stop, clean up
#
# Everything lives in ${CNI_METRICS_NODE_DIR:-/tmp/cni-metrics-node}: a containerd with its own
# config, socket, root and state, a CNI bridge + host-local network with a bridge name and
# subnet of its own (no gateway, no masquerade: no forwarding, no iptables), and a hand-made OCI
# image holding a static pause binary (no registry is reachable). The host's own containerd, if
# any, is never touched. Only one such node should run on a machine at a time (they would share
# the bridge name). CNI_METRICS_CONTAINERD picks the containerd: 1.6 (default, Debian 12's package),
# 1.7 (1.7.24) or 2.1 (2.1.9), the latter two fetched by scripts/e2e/containerd.sh into a cache
# outside the work tree; each gets the config format it expects, and `up` (and later
# `deprecations`) fails if containerd reports anything in its config or use as deprecated. Pods are created over CRI by the testkit module's podctl jar
# (testkit/target/cni-metrics-podctl.jar; build it with: mvn -pl testkit -am install -DskipTests).
#
# `down` is safe to run twice and after a failed `up`: it stops only what `up` started (containerd
# by recorded PID, shims by this node's socket path, containers by this node's runc root).
set -Eeuo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
dir=${CNI_METRICS_NODE_DIR:-/tmp/cni-metrics-node}
bridge=${CNI_METRICS_NODE_BRIDGE:-cnmcri0}
subnet=${CNI_METRICS_NODE_SUBNET:-10.213.0.0/24}
network=cni-metrics-e2e
image=cni-metrics.local/pause:1.0
podctl_jar=$repo/testkit/target/cni-metrics-podctl.jar
cni_bin=/usr/lib/cni
marker=.cni-metrics-node
runtime=${CNI_METRICS_CONTAINERD:-1.6}

sock=$dir/containerd.sock
# netns_mounts_under_state_dir = true: this containerd pins pod netns files here, not in the
# host's /var/run/netns.
netns_dir=$dir/state/io.containerd.grpc.v1.cri/netns

log() { echo "node.sh: $*" >&2; }
die() { log "$*"; exit 1; }

check_dir() {
  case $dir in
    /*) ;;
    *) die "CNI_METRICS_NODE_DIR: expected an absolute path; found \"$dir\"" ;;
  esac
  [[ $dir != / && $(realpath -m "$dir") == "$dir" ]] ||
    die "CNI_METRICS_NODE_DIR: expected a normalized path other than /; found \"$dir\""
}

need_root() {
  [[ $(id -u) -eq 0 ]] || die "$1 needs root (containerd, network namespaces, mounts); found uid $(id -u)"
}

# The PID in $dir/containerd.pid if that process is still this node's containerd.
containerd_pid() {
  local pid
  [[ -f $dir/containerd.pid ]] || return 1
  pid=$(<"$dir/containerd.pid")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "--config $dir/config.toml" || return 1
  echo "$pid"
}

# PIDs of shims whose command line says "-address $sock" (exact argument match).
shim_pids() {
  local p args i
  for p in /proc/[0-9]*; do
    [[ -r $p/cmdline ]] || continue
    mapfile -d '' -t args <"$p/cmdline" 2>/dev/null || continue
    for ((i = 0; i + 1 < ${#args[@]}; i++)); do
      if [[ ${args[i]} == -address && ${args[i + 1]} == "$sock" ]]; then
        echo "${p#/proc/}"
        break
      fi
    done
  done
}

# Sends TERM, waits up to 10 s, then KILL.
stop_pids() {
  local pid left i
  [[ $# -gt 0 ]] || return 0
  kill -TERM "$@" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    left=()
    for pid in "$@"; do [[ -e /proc/$pid ]] && left+=("$pid"); done
    [[ ${#left[@]} -eq 0 ]] && return 0
    sleep 0.1
  done
  log "killing ${left[*]} (did not stop within 10 s)"
  kill -KILL "${left[@]}" 2>/dev/null || true
}

podctl() {
  [[ -f $podctl_jar ]] || die "missing $podctl_jar: build it with 'mvn -pl testkit -am install -DskipTests'"
  java -jar "$podctl_jar" --endpoint "unix://$sock" --netns-dir "$netns_dir" "$@"
}

build_pause_image() {
  local img=$dir/img layer config manifest
  mkdir -p "$img/rootfs" "$img/oci/blobs/sha256"
  cat >"$img/pause.c" <<'EOF'
#include <signal.h>
#include <unistd.h>
static void stop(int sig) { (void)sig; _exit(0); }
int main(void) {
  signal(SIGINT, stop);
  signal(SIGTERM, stop);
  for (;;) pause();
}
EOF
  gcc -static -Os -s -o "$img/rootfs/pause" "$img/pause.c"
  tar --owner=0 --group=0 --numeric-owner --mtime=2024-01-01 -C "$img/rootfs" -cf "$img/layer.tar" pause
  blob() { # file -> "digest size", and the file copied into the OCI layout
    local d
    d=$(sha256sum "$1" | cut -d' ' -f1)
    cp "$1" "$img/oci/blobs/sha256/$d"
    echo "$d $(stat -c %s "$1")"
  }
  read -r ld ls < <(blob "$img/layer.tar")
  printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/pause"],"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$ld" >"$img/config.json"
  read -r cd cs < <(blob "$img/config.json")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
    "$cd" "$cs" "$ld" "$ls" >"$img/manifest.json"
  read -r md ms < <(blob "$img/manifest.json")
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"1.0"}}]}' \
    "$md" "$ms" "$image" >"$img/oci/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$img/oci/oci-layout"
  tar -C "$img/oci" -cf "$img/pause-oci.tar" oci-layout index.json blobs
}

write_configs() {
  mkdir -p "$dir/cni/net.d"
  cat >"$dir/cni/net.d/10-$network.conflist" <<EOF
{"cniVersion":"0.4.0","name":"$network","plugins":[
 {"type":"bridge","bridge":"$bridge","isGateway":false,"ipMasq":false,"hairpinMode":false,
  "ipam":{"type":"host-local","ranges":[[{"subnet":"$subnet"}]],"dataDir":"$dir/cni/ipam"}},
 {"type":"loopback"}]}
EOF
  # restrict_oom_score_adj: runc fails without it where the machine lacks CAP_SYS_RESOURCE
  # ("can't get final child's PID from pipe").
  case $runtime in
    1.6 | 1.7) write_config_v2 ;;
    2.1) write_config_v3 ;;
  esac
}

# containerd 1.6 and 1.7: config version 2 (1.x reads no version 3).
write_config_v2() {
  cat >"$dir/config.toml" <<EOF
version = 2
root = "$dir/root"
state = "$dir/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$sock"
[ttrpc]
  address = "$sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$dir/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$image"
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  disable_apparmor = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$cni_bin"
    conf_dir = "$dir/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "$(command -v runc)"
        Root = "$dir/runc-root"
EOF
}

# containerd 2.x: config version 3, where the CRI plugin is split into images and runtime
# plugins (a version 2 file is migrated at every start and its old keys are reported as
# deprecated). bin_dirs replaces 2.0's bin_dir.
write_config_v3() {
  cat >"$dir/config.toml" <<EOF
version = 3
root = "$dir/root"
state = "$dir/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.erofs", "io.containerd.differ.v1.erofs"]
[grpc]
  address = "$sock"
[ttrpc]
  address = "$sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$dir/opt"
[plugins."io.containerd.cri.v1.images"]
  snapshotter = "overlayfs"
  [plugins."io.containerd.cri.v1.images".pinned_images]
    sandbox = "$image"
[plugins."io.containerd.cri.v1.runtime"]
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  disable_apparmor = true
  [plugins."io.containerd.cri.v1.runtime".cni]
    bin_dirs = ["$cni_bin"]
    conf_dir = "$dir/cni/net.d"
  [plugins."io.containerd.cri.v1.runtime".containerd]
    default_runtime_name = "runc"
    [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]
        BinaryName = "$(command -v runc)"
        Root = "$dir/runc-root"
[plugins."io.containerd.grpc.v1.cri"]
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
EOF
}

# A config key or feature this containerd reports as deprecated fails the node: the config must be
# the one this version expects, and the tests must not lean on what the next release drops. 1.7
# and 2.x list them over the API (ctr deprecations list) and log them; 1.6 has no deprecation
# service, so its log is read. Some are recorded on first use, hence also after the tests.
check_deprecations() {
  local found
  found=$(grep -E 'level=(warn|warning|error) ' "$dir/containerd.log" | grep -Ei 'deprecat|migrat' || true)
  if [[ $runtime != 1.6 ]]; then
    found+=$(ctr --address "$sock" deprecations list 2>&1 | tail -n +2)
  fi
  [[ -z $found ]] || { log "containerd $version reports deprecated configuration or features:"; echo "$found" >&2; return 1; }
}

up_failed() {
  trap - ERR
  log "up failed; containerd log tail:"
  tail -n 20 "$dir/containerd.log" >&2 2>/dev/null || true
  down
  exit 1
}

up() {
  need_root up
  local tool pid i bin
  case $runtime in
    1.6 | 1.7 | 2.1) ;;
    *) die "CNI_METRICS_CONTAINERD: expected 1.6, 1.7 or 2.1; found \"$runtime\"" ;;
  esac
  bin=$("$repo/scripts/e2e/containerd.sh" "$runtime") || die "containerd $runtime is not available (above)"
  # containerd starts containerd-shim-runc-v2 from its PATH: the shim of the same release.
  PATH=$bin:$PATH
  for tool in containerd containerd-shim-runc-v2 ctr runc gcc ip java sha256sum; do
    command -v "$tool" >/dev/null || die "missing $tool: run scripts/install-test-deps.sh"
  done
  for tool in bridge host-local loopback; do
    [[ -x $cni_bin/$tool ]] || die "missing CNI plugin $cni_bin/$tool: run scripts/install-test-deps.sh"
  done
  # containerd also listens on $sock.ttrpc; unix socket paths stop at 104 bytes there.
  ((${#sock} + 6 <= 104)) ||
    die "CNI_METRICS_NODE_DIR: expected a directory short enough for $sock.ttrpc to fit in 104 bytes; found ${#sock} + 6 bytes"
  if pid=$(containerd_pid); then
    die "a node is already up in $dir (containerd pid $pid): run 'scripts/e2e/node.sh down' first"
  fi
  [[ -e $dir/$marker ]] && { log "cleaning up what a previous run left in $dir"; down; }
  if ip link show "$bridge" >/dev/null 2>&1; then
    die "bridge $bridge already exists: another cni-metrics node is up (bring it down first) or set CNI_METRICS_NODE_BRIDGE"
  fi
  [[ -e $dir && ! -e $dir/$marker && -n $(ls -A "$dir" 2>/dev/null) ]] &&
    die "$dir exists and is not a node directory: choose another CNI_METRICS_NODE_DIR"

  mkdir -p "$dir"
  : >"$dir/$marker"
  # down reads these; the values in force when the node was made are the ones to undo.
  printf 'bridge=%s\n' "$bridge" >"$dir/node.conf"
  # Host directories containerd and libcni create on first use; down removes them if empty.
  [[ -d /run/containerd ]] || echo "created_dir=/run/containerd/s /run/containerd" >>"$dir/node.conf"
  [[ -d /var/lib/cni ]] || echo "created_dir=/var/lib/cni/results /var/lib/cni" >>"$dir/node.conf"
  trap up_failed ERR

  version=$(containerd --version | awk '{print $3}')
  version=${version%%[+~]*}
  version=${version#v}
  [[ $version == "$runtime".* ]] ||
    { log "CNI_METRICS_CONTAINERD=$runtime: expected containerd $runtime.x from $bin; found \"$(containerd --version)\""; false; }
  # `deprecations` asks the same containerd release later.
  printf 'runtime=%s\nbin=%s\nversion=%s\n' "$runtime" "$bin" "$version" >>"$dir/node.conf"
  build_pause_image
  write_configs
  containerd --config "$dir/config.toml" >"$dir/containerd.log" 2>&1 &
  echo $! >"$dir/containerd.pid"
  for ((i = 0; i < 100; i++)); do
    [[ -S $sock ]] && break
    sleep 0.1
  done
  [[ -S $sock ]] || { log "containerd did not create $sock within 10 s"; false; }
  ctr --address "$sock" plugins ls | grep -Eq 'grpc\.v1 +cri +.* ok' ||
    { log "containerd's CRI plugin did not start"; false; }
  check_deprecations
  ctr --address "$sock" -n k8s.io images import "$dir/img/pause-oci.tar" >/dev/null
  cat >"$dir/env" <<EOF
CNI_METRICS_CRI_ENDPOINT=unix://$sock
CNI_METRICS_NETNS_DIR=$netns_dir
CNI_METRICS_CONTAINERD_VERSION=$version
EOF
  trap - ERR
  log "up: containerd $version pid $(<"$dir/containerd.pid"), CRI endpoint unix://$sock, netns dir $netns_dir, bridge $bridge ($subnet); env in $dir/env"
}

down() {
  local pid shims ids=() id conf_bridge="" created=() root mnt m pass
  need_root down
  check_dir
  if [[ ! -e $dir/$marker ]]; then
    log "down: no node in $dir"
    return 0
  fi
  if [[ -f $dir/node.conf ]]; then
    conf_bridge=$(sed -n 's/^bridge=//p' "$dir/node.conf")
    mapfile -t created < <(sed -n 's/^created_dir=//p' "$dir/node.conf")
  fi
  # Every sandbox this node ever had, for the CNI cache clean-up below.
  mapfile -t ids < <(ls "$dir/root/io.containerd.grpc.v1.cri/sandboxes" 2>/dev/null)
  if pid=$(containerd_pid) && [[ -S $sock && -f $podctl_jar ]]; then
    timeout 120 java -jar "$podctl_jar" --endpoint "unix://$sock" --netns-dir "$netns_dir" rm-all >&2 ||
      log "removing pods over CRI failed; stopping processes and cleaning up anyway"
  fi
  if pid=$(containerd_pid); then
    stop_pids "$pid"
  fi
  # Containers left behind (pods CRI could not remove): runc state under this node's runc root only.
  for root in "$dir"/runc-root/*/; do
    [[ -d $root ]] || continue
    for id in $(runc --root "$root" list -q 2>/dev/null); do
      log "removing leftover container $id"
      runc --root "$root" delete --force "$id" || true
    done
  done
  mapfile -t shims < <(shim_pids)
  ((${#shims[@]} == 0)) || { log "stopping leftover shims ${shims[*]}"; stop_pids "${shims[@]}"; }
  # Deepest mounts first (rootfs, shm, netns files), lazily if still busy.
  for pass in 1 2 3; do
    mapfile -t mnt < <(awk -v d="$dir/" 'index($5, d) == 1 {print $5}' /proc/self/mountinfo | sort -r)
    ((${#mnt[@]} == 0)) && break
    for m in "${mnt[@]}"; do
      umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
    done
  done
  if [[ -n $conf_bridge ]] && ip link show "$conf_bridge" >/dev/null 2>&1; then
    ip link del "$conf_bridge"
  fi
  # libcni caches each attachment's result as <network>-<sandbox id>-<ifname> (this node's
  # network and containerd's own "cni-loopback"); CNI DEL removes it, a crash does not.
  for id in "${ids[@]}"; do
    rm -f /var/lib/cni/results/"$network-$id"-* /var/lib/cni/results/cni-loopback-"$id"-*
  done
  rm -rf --one-file-system "$dir"
  for m in "${created[@]}"; do
    # shellcheck disable=SC2086 # a line lists a directory and then its parent
    rmdir $m 2>/dev/null || true
  done
  log "down: $dir removed"
}

check_dir
case ${1:-} in
  up) up ;;
  down) down ;;
  pod-add)
    [[ $# -eq 3 || ($# -eq 4 && ${4:-} == --host-network) ]] ||
      die "usage: node.sh pod-add NAME NAMESPACE [--host-network]"
    containerd_pid >/dev/null || die "no node is up in $dir: run 'scripts/e2e/node.sh up'"
    podctl run "${@:2}"
    ;;
  pod-rm)
    [[ $# -eq 2 ]] || die "usage: node.sh pod-rm SANDBOX_ID"
    containerd_pid >/dev/null || die "no node is up in $dir: run 'scripts/e2e/node.sh up'"
    podctl rm "$2"
    ;;
  pods)
    containerd_pid >/dev/null || die "no node is up in $dir: run 'scripts/e2e/node.sh up'"
    podctl list
    ;;
  deprecations)
    containerd_pid >/dev/null || die "no node is up in $dir: run 'scripts/e2e/node.sh up'"
    runtime=$(sed -n 's/^runtime=//p' "$dir/node.conf")
    version=$(sed -n 's/^version=//p' "$dir/node.conf")
    PATH=$(sed -n 's/^bin=//p' "$dir/node.conf"):$PATH
    check_deprecations || exit 1
    log "deprecations: containerd $version reports none"
    ;;
  *) die "usage: node.sh up|down|pod-add NAME NAMESPACE [--host-network]|pod-rm SANDBOX_ID|pods|deprecations" ;;
esac
