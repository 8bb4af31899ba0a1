#!/usr/bin/env bash
# The container runtime without a Docker engine: scripts/runtime.sh (the script the Dockerfile
# runs) builds the jlinked runtimes of both jars; the real agent and aggregator then run on them
# (--help, --version, --once=report/metrics against a fake ipamd on 127.0.0.1, the agent as a
# server with an IMDS stand-in, the aggregator --cycles=6 against it and an EC2 stand-in); the dashboards and the IAM policy are checked
# against the names those runs published; the Dockerfile is checked to use the same layout; the
# container args and env of every kustomization and Helm rendering are run through the real jars.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS
agent_jar=agent/target/cni-metrics-agent.jar
aggregator_jar=aggregator/target/cni-metrics-aggregator.jar
for jar in "$agent_jar" "$aggregator_jar"; do
  [[ -f $jar ]] || { echo "install-runtime: $jar not found; build the jars first (mvn -B -DskipTests install; scripts/test.sh does)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 scripts/checks/runtime/dockerfile_check.py
scripts/runtime.sh build agent "$agent_jar" "$tmp/runtimes/agent"
scripts/runtime.sh build aggregator "$aggregator_jar" "$tmp/runtimes/aggregator"
echo "install-runtime: runtimes built in $((SECONDS - start)) s" >&2
python3 scripts/checks/runtime/run_jars.py "$tmp/runtimes" "$tmp/out"
python3 scripts/checks/runtime/dashboard_names.py "$tmp/out"
python3 scripts/checks/runtime/dashboard_names.py "$tmp/out" --selftest

# The args and env every kustomization and every Helm rendering give the containers are accepted
# by the real jars; the upstream helper's env: block gives the aggregator the interval and sinks it asks for.
kubectl=$(scripts/checks/manifests/kubectl.sh)
tools=$(scripts/checks/manifests/setup-tools.sh)
specs=()
for dir in install/kubernetes install/kubernetes/overlays/*/; do
  name=$(basename "$dir")
  "$kubectl" kustomize "$dir" > "$tmp/$name.yaml"
  node "$tools/container-args.mjs" "$tmp/$name.yaml" > "$tmp/$name.args.json"
  specs+=("$name=$tmp/$name.args.json")
done
while IFS== read -r name file; do
  node "$tools/container-args.mjs" "$file" > "$tmp/helm-$name.args.json"
  specs+=("helm-$name=$tmp/helm-$name.args.json")
done < <(scripts/checks/manifests/helm-render.sh "$tmp/helm")
python3 scripts/checks/runtime/manifest_args.py "$tmp/runtimes" \
  --expect "helm-upstream-env=interval=1m sinks=[CLOUDWATCH, PROMETHEUS] auth=none log_level=debug" \
  --expect "helm-everything=serving /healthz" \
  --expect "helm-prometheus-only=sinks=[PROMETHEUS]" \
  --expect "auth-token=auth=bearer-token" --expect "helm-auth-token=auth=bearer-token" \
  "${specs[@]}"
echo "install-runtime: ok in $((SECONDS - start)) s" >&2
