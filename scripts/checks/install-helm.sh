#!/usr/bin/env bash
# install/helm/cni-metrics with the real helm (v4.1.4 from npm, scripts/checks/manifests/helm.sh):
# helm lint --strict of the defaults and of every documented combination (ci/*-values.yaml); every
# rendering passes the same schema and least-privilege checks as the kustomize output; the chart
# renders the same objects as the kustomize base and each overlay, field by field (drift check), and
# the drift check fails on a deliberately changed template; values.schema.json rejects wrong values
# with helm's own errors; NOTES.txt prints the relabel fragment install/generate.py writes.
# The container args and env of every rendering run through the real jars in install-runtime.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chart=install/helm/cni-metrics

for tool in node npm python3; do
  command -v "$tool" >/dev/null || { echo "install-helm: '$tool' not found (Node.js and npm are on this machine kind; apt-get install nodejs npm)" >&2; exit 1; }
done
helm=$(scripts/checks/manifests/helm.sh)
kubectl=$(scripts/checks/manifests/kubectl.sh)
v=$(scripts/checks/manifests/setup-tools.sh)
echo "install-helm: helm $("$helm" version --template '{{.Version}}')" >&2
fail() { echo "install-helm: $*" >&2; exit 1; }

# Lint, strict, with the defaults and with each combination.
"$helm" lint --strict "$chart" >"$tmp/lint.out" 2>&1 || { cat "$tmp/lint.out" >&2; fail "helm lint --strict failed on the defaults"; }
for values in "$chart"/ci/*-values.yaml; do
  "$helm" lint --strict "$chart" -f "$values" >"$tmp/lint.out" 2>&1 || { cat "$tmp/lint.out" >&2; fail "helm lint --strict failed with $values"; }
done
echo "ok   helm lint --strict: defaults and $(ls "$chart"/ci/*-values.yaml | wc -l) combinations"

# The chart README documents every value (a map documented as a whole covers its keys).
node --input-type=module -e '
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const { parse } = createRequire(process.argv[1] + "/")("yaml");
const readme = readFileSync(process.argv[2] + "/README.md", "utf8");
const missing = [];
const walk = (obj, prefix) => {
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix + k;
    if (readme.includes("| `" + path + "` |")) continue;
    if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length) walk(v, path + ".");
    else missing.push(path);
  }
};
walk(parse(readFileSync(process.argv[2] + "/values.yaml", "utf8")), "");
if (missing.length) { console.error("install-helm: values not in the chart README table: " + missing.join(", ")); process.exit(1); }
console.log("ok   the chart README documents every value of values.yaml");
' "$v/node_modules" "$chart"

# Render every combination; schema + policies on each (only setns may add a capability, SYS_ADMIN).
mapfile -t renders < <(scripts/checks/manifests/helm-render.sh "$tmp")
node "$v/validate.mjs" check --allow-caps setns=SYS_ADMIN "${renders[@]}"
# And every one of those checks fails on the chart's rendering broken in exactly its way (with the
# Namespaces rendered, so the Pod Security checks have their labels to hold the pods to).
"$helm" template cni-metrics "$chart" -n cni-metrics --set namespaces.create=true > "$tmp/helm-namespaces.yaml"
node "$v/validate.mjs" check namespaces="$tmp/helm-namespaces.yaml"
node "$v/validate.mjs" selftest "$tmp/helm-namespaces.yaml" > "$tmp/selftest.out" || { cat "$tmp/selftest.out"; fail "the policy self-test failed on the Helm rendering"; }
tail -1 "$tmp/selftest.out"

# Each combination does what its values say, and nothing of it leaks into the defaults.
expect() { grep -qF -- "$2" "$tmp/helm-$1.yaml" || fail "$1: expected '$2' in the rendered objects"; }
absent() { ! grep -qF -- "$2" "$tmp/helm-$1.yaml" || fail "$1: did not expect '$2' in the rendered objects"; }
expect crio "- --cri-endpoint=unix:///var/run/crio/crio.sock"
expect crio "path: /var/run/crio"
expect k3s "- --cri-endpoint=unix:///run/k3s/containerd/containerd.sock"
expect k3s "path: /run/k3s/containerd"
expect pod-identity "- --cluster-id=prod-eu"
absent pod-identity "eks.amazonaws.com/role-arn"
expect upstream-env "name: METRIC_UPDATE_INTERVAL"
expect everything "image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/cni-metrics/agent@sha256:0123"
expect everything "- --listen=[::]:61692"
expect everything "- --agent-port=61692"
expect everything "- --sinks=cloudwatch,prometheus,emf"
expect everything "release: kube-prometheus-stack"
absent everything "kind: PodDisruptionBudget"
expect everything "- --agent-namespace=cni-metrics"
expect everything "namespace: cni-metrics-cluster"
expect everything "- key: bearer"
expect auth-token "- --auth-token-file=/var/run/secrets/cni-metrics/token"
expect auth-token "- --auth-accept-token-file=/var/run/secrets/cni-metrics/accept-token"
expect auth-token "name: cni-metrics-auth"
expect auth-token "- key: accept-token"
expect auth-token "optional: true"
expect auth-token "type: Bearer"
# An upstream values file may write its env values unquoted (USE_PROMETHEUS: true, METRIC_UPDATE_INTERVAL: 60):
# they reach the aggregator as the strings it parses.
"$helm" template cni-metrics "$chart" -n cni-metrics --set env.USE_PROMETHEUS=true --set env.METRIC_UPDATE_INTERVAL=60 \
  | grep -A1 -E 'name: (USE_PROMETHEUS|METRIC_UPDATE_INTERVAL)$' | grep -cE 'value: "(true|60)"' | grep -qx 2 \
  || fail "env values given as a bool and a number did not render as the strings \"true\" and \"60\""
for s in "SYS_ADMIN" "--netns-method" "--cri-endpoint" "role-arn" "AWS_CLUSTER_ID" "kind: Namespace" "--auth-token-file" "authorization:"; do absent default "$s"; done
echo "ok   every combination renders what its values say"

# The install commands of the READMEs create the namespaces from the base's namespace.yaml (which
# the drift check below compares with the chart's Namespaces) before helm install into the agent's.
python3 - README.md install/README.md "$chart/README.md" <<'PY' || fail "a README's Helm install commands do not create the namespaces from install/kubernetes/base/namespace.yaml"
import re, sys
for readme in sys.argv[1:]:
    text = open(readme).read()
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        if "helm install cni-metrics install/helm/cni-metrics" not in block or "..." in block:
            continue
        lines = [l for l in block.splitlines() if l.strip()]
        ok = (lines[0].startswith("kubectl apply -f install/kubernetes/base/namespace.yaml")
              and re.search(r"helm install cni-metrics install/helm/cni-metrics (-n|--namespace) cni-metrics ", block)
              and "kubectl create namespace" not in block and "kubectl label namespace" not in block)
        if not ok:
            print(f"install-helm: {readme}: expected the namespaces from install/kubernetes/base/namespace.yaml, then helm install -n cni-metrics, found:\n{block}", file=sys.stderr)
            sys.exit(1)
        print(f"ok   {readme}: the Helm install commands create both namespaces from base/namespace.yaml")
PY

# One source of truth: the defaults and each overlay's values render the kustomize objects.
"$kubectl" kustomize install/kubernetes > "$tmp/k-base.yaml"
"$helm" template cni-metrics "$chart" -n cni-metrics --set namespaces.create=true > "$tmp/h-base.yaml"
node "$v/drift.mjs" compare "$tmp/k-base.yaml" "$tmp/h-base.yaml"
node "$v/drift.mjs" compare --absent Namespace/cni-metrics --absent Namespace/cni-metrics-aggregator "$tmp/k-base.yaml" "$tmp/helm-default.yaml"
for dir in install/kubernetes/overlays/*/; do
  name=$(basename "$dir")
  [[ -f $chart/ci/$name-values.yaml ]] || fail "overlay $name has no $chart/ci/$name-values.yaml rendering the same objects"
  "$kubectl" kustomize "$dir" > "$tmp/k-$name.yaml"
  "$helm" template cni-metrics "$chart" -n cni-metrics --set namespaces.create=true -f "$chart/ci/$name-values.yaml" > "$tmp/h-$name.yaml"
  node "$v/drift.mjs" compare "$tmp/k-$name.yaml" "$tmp/h-$name.yaml"
done

# The drift check catches every kind of drift, and a deliberately changed template end to end.
node "$v/drift.mjs" selftest "$tmp/k-base.yaml" "$tmp/h-base.yaml"
cp -r "$chart" "$tmp/drifted-chart"
sed -i '0,/initialDelaySeconds: 10/s//initialDelaySeconds: 11/' "$tmp/drifted-chart/templates/agent.yaml"
"$helm" template cni-metrics "$tmp/drifted-chart" -n cni-metrics --set namespaces.create=true > "$tmp/h-drifted.yaml"
if node "$v/drift.mjs" compare "$tmp/k-base.yaml" "$tmp/h-drifted.yaml" > "$tmp/drifted.out"; then
  cat "$tmp/drifted.out" >&2
  fail "the drift check passed a chart whose agent liveness probe was changed"
fi
want="drift: DaemonSet cni-metrics/cni-metrics-agent: spec.template.spec.containers[0].livenessProbe.initialDelaySeconds: kustomize 10, helm 11"
grep -qxF -- "$want" "$tmp/drifted.out" || { cat "$tmp/drifted.out" >&2; fail "the drift report lacks: $want"; }
[[ $(grep -c '^drift: ' "$tmp/drifted.out") -eq 1 ]] || { cat "$tmp/drifted.out" >&2; fail "the drift report names more than the one changed field"; }
echo "ok   the drift check fails on a chart with one changed field, naming exactly that field"

# The packaged chart (what a chart repository would serve) carries the generated files, not ci/,
# and renders exactly what the chart directory renders.
"$helm" package "$chart" -d "$tmp/package" > /dev/null
tgz=$(ls "$tmp"/package/cni-metrics-*.tgz)
tar tzf "$tgz" > "$tmp/package.list"
grep -qx "cni-metrics/files/cni-metrics.rules.yml" "$tmp/package.list" || fail "the packaged chart lacks files/cni-metrics.rules.yml"
! grep -q "^cni-metrics/ci/" "$tmp/package.list" || fail "the packaged chart carries ci/"
"$helm" template cni-metrics "$tgz" --namespace cni-metrics > "$tmp/h-package.yaml"
cmp -s "$tmp/h-package.yaml" "$tmp/helm-default.yaml" || fail "the packaged chart renders other objects than the chart directory"
echo "ok   helm package: generated files in, ci/ out, same rendering as the directory"

# values.schema.json: wrong values are refused by helm itself, naming the value.
reject() {
  local want=$1
  shift
  if "$helm" template cni-metrics "$chart" "$@" > "$tmp/reject.out" 2>&1; then
    fail "helm rendered with $* (expected the error: $want)"
  fi
  grep -qF -- "$want" "$tmp/reject.out" || { cat "$tmp/reject.out" >&2; fail "with $*: expected helm's error '$want'"; }
  echo "ok   refused: $* -> $want"
}
reject "values don't meet the specifications of the schema(s)" --set agent.port=abc
reject "at '/agent/port': got string, want integer" --set agent.port=abc
reject "at '/aggregator/replicas': got string, want integer" --set-string aggregator.replicas=2
reject "at '/agent/netnsMethod': value must be one of 'auto', 'netlink', 'setns'" --set agent.netnsMethod=privileged
reject "at '/aggregator/sinks/1': value must be one of 'cloudwatch', 'prometheus', 'emf'" --set "aggregator.sinks={cloudwatch,s3}"
reject "at '/env': additional properties 'USE_CLOUDWATH' not allowed" --set env.USE_CLOUDWATH=true
reject "at '/agent/image/tag': 'not' failed" --set agent.image.tag=latest
reject "invalid propertyName 'app.kubernetes.io/name'" --set "agent.podLabels.app\.kubernetes\.io/name=x"
reject "invalid propertyName 'helm.sh/chart'" --set "commonLabels.helm\.sh/chart=x"
reject 'commonLabels.release and prometheus.labels.release: expected one value, found "a" and "b"' \
  --set commonLabels.release=a --set prometheus.labels.release=b
printf 'image:\n  region: us-west-2\n  tag: v1.23.1\n' > "$tmp/upstream-image.yaml"
reject "at '': additional properties 'image' not allowed" -f "$tmp/upstream-image.yaml"
reject "namespaces.aggregator.name: expected a namespace other than the release namespace (the agent's, Pod Security \"privileged\"), found \"cni-metrics\"" \
  --namespace cni-metrics --set namespaces.aggregator.name=cni-metrics
reject "at '/namespaces/aggregator/name': 'Kube_System' does not match pattern" --set namespaces.aggregator.name=Kube_System
printf 'namespace:\n  create: true\n' > "$tmp/old-namespace.yaml"
reject "at '': additional properties 'namespace' not allowed" -f "$tmp/old-namespace.yaml"
reject "aggregator.podIdentity and aggregator.serviceAccount.roleArn: expected one way of giving the aggregator AWS credentials, found both" \
  --set aggregator.podIdentity=true --set aggregator.serviceAccount.roleArn=arn:aws:iam::111122223333:role/x

# NOTES.txt prints the kube-prometheus-stack fragment install/generate.py writes, for the release's prefixes.
notes() { "$helm" install cni-metrics "$chart" -n cni-metrics --dry-run=client "$@" | sed -n '/^NOTES:$/,$p'; }
generated() {
  python3 -c 'import sys; sys.path.insert(0, "install"); import generate
text = generate.render(generate.parse_args(sys.argv[1:]))["prometheus/kube-prometheus-stack-values.yaml"]
sys.stdout.write(text.split("\n", 1)[1])' "$@"
}
for prefixes in "" "eni,gke"; do
  if [[ -z $prefixes ]]; then
    notes > "$tmp/notes.txt"
    generated > "$tmp/fragment.yaml"
  else
    notes --set "prometheus.vethPrefixes={$prefixes}" > "$tmp/notes.txt"
    generated --veth-prefixes "$prefixes" > "$tmp/fragment.yaml"
  fi
  python3 -c 'import sys; sys.exit(0 if open(sys.argv[2]).read() in open(sys.argv[1]).read() else 1)' "$tmp/notes.txt" "$tmp/fragment.yaml" \
    || { diff "$tmp/fragment.yaml" "$tmp/notes.txt" >&2 || true; fail "NOTES.txt lacks the fragment install/generate.py writes for prefixes '${prefixes:-default}'"; }
done
notes --set aggregator.podIdentity=true --set aggregator.clusterId=prod > "$tmp/notes.txt"
grep -qF "aws eks create-pod-identity-association --cluster-name prod" "$tmp/notes.txt" || { cat "$tmp/notes.txt" >&2; fail "NOTES.txt lacks the Pod Identity association"; }
echo "ok   NOTES.txt: the relabel fragment of install/generate.py (default and eni,gke prefixes), the Pod Identity association"
echo "install-helm: ok in $((SECONDS - start)) s" >&2
