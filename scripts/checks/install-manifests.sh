#!/usr/bin/env bash
# install/kubernetes: kubectl kustomize renders the base and every overlay; every rendered object
# is validated offline against the Kubernetes (and prometheus-operator) schema, strict about
# unknown fields, and against the least-privilege policies; a self-test and a deliberately broken
# overlay prove that each check fails when it should. Node tools come from npm (versions pinned in
# scripts/checks/manifests/package-lock.json), installed into a cache outside the work tree.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for tool in node npm python3; do
  command -v "$tool" >/dev/null || { echo "install-manifests: '$tool' not found (Node.js and npm are on this machine kind; apt-get install nodejs npm)" >&2; exit 1; }
done

kubectl=$(scripts/checks/manifests/kubectl.sh)
"$kubectl" version --client 2>/dev/null | head -2 >&2

# Node validator and its pinned dependencies.
v=$(scripts/checks/manifests/setup-tools.sh)

# Render the base (the install/kubernetes entry point) and every overlay.
renders=(base="$tmp/base.yaml")
"$kubectl" kustomize install/kubernetes > "$tmp/base.yaml"
for dir in install/kubernetes/overlays/*/; do
  name=$(basename "$dir")
  "$kubectl" kustomize "$dir" > "$tmp/$name.yaml"
  renders+=("$name=$tmp/$name.yaml")
done
echo "install-manifests: rendered ${#renders[@]} kustomizations" >&2

# Each overlay does what it says, and nothing of it leaks into the base.
expect() { grep -qF -- "$2" "$tmp/$1.yaml" || { echo "install-manifests: overlay $1: expected '$2' in the rendered objects" >&2; exit 1; }; }
absent() { ! grep -qF -- "$2" "$tmp/$1.yaml" || { echo "install-manifests: $1: did not expect '$2' in the rendered objects" >&2; exit 1; }; }
expect setns "--netns-method=setns"
expect setns "- SYS_ADMIN"
expect prometheus-only "--sinks=prometheus"
absent prometheus-only "--sinks=cloudwatch"
expect irsa "eks.amazonaws.com/role-arn:"
expect irsa "name: AWS_CLUSTER_ID"
absent without-prometheus-operator "monitoring.coreos.com"
# The runtime overlays swap the CRI socket directory (read-only, checked below) and name the socket.
expect crio "--cri-endpoint=unix:///var/run/crio/crio.sock"
expect crio "path: /var/run/crio"
absent crio "path: /run/containerd"
expect k3s "--cri-endpoint=unix:///run/k3s/containerd/containerd.sock"
expect k3s "path: /run/k3s/containerd"
absent k3s "path: /run/containerd"
for name in crio k3s; do expect "$name" "path: /var/run/netns"; done
# The auth-token overlay mounts the Secret you create and points both programs and the
# ServiceMonitors at it.
expect auth-token "--auth-token-file=/var/run/secrets/cni-metrics/token"
expect auth-token "--auth-accept-token-file=/var/run/secrets/cni-metrics/accept-token"
expect auth-token "name: cni-metrics-auth"
expect auth-token "- key: accept-token"
expect auth-token "optional: true"
expect auth-token "type: Bearer"
for s in "SYS_ADMIN" "--netns-method" "role-arn" "AWS_CLUSTER_ID" "--cri-endpoint" "--auth-token-file" "authorization:"; do absent base "$s"; done
for name in base setns irsa prometheus-only auth-token; do
  expect "$name" "kind: ServiceMonitor"
  expect "$name" "kind: PrometheusRule"
done

# Schema + policies on every render; only setns may add a capability, and only SYS_ADMIN.
node "$v/validate.mjs" check --allow-caps setns=SYS_ADMIN "${renders[@]}"

# Every check fails on a manifest broken in exactly its way.
node "$v/validate.mjs" selftest "$tmp/base.yaml"

# And end to end through kustomize: a broken overlay must be rejected, naming each fault.
"$kubectl" kustomize scripts/checks/manifests/broken-overlay > "$tmp/broken.yaml"
if node "$v/validate.mjs" check broken="$tmp/broken.yaml" > "$tmp/broken.out"; then
  echo "install-manifests: the deliberately broken overlay passed the checks:" >&2
  cat "$tmp/broken.out" >&2
  exit 1
fi
for want in "[schema] DaemonSet cni-metrics/cni-metrics-agent: Object literal may only specify known properties, and 'readOnlyRootFS'" \
            "[no-cluster-rbac] ClusterRole" "[no-privileged] DaemonSet cni-metrics/cni-metrics-agent: container agent: privileged: true" \
            "[image-tag] DaemonSet cni-metrics/cni-metrics-agent"; do
  grep -qF -- "$want" "$tmp/broken.out" || { echo "install-manifests: the broken overlay's report lacks: $want" >&2; cat "$tmp/broken.out" >&2; exit 1; }
done
echo "ok   the deliberately broken overlay is rejected (schema, no-cluster-rbac, no-privileged, image-tag)"
echo "install-manifests: ok in $((SECONDS - start)) s" >&2
