// The Helm chart and the kustomize base must not drift: both renderings are compared object by
// object and field by field. The only differences allowed are the documented ones
// (install/helm/cni-metrics/README.md, "Same objects as the kustomize base"):
//  - Helm's standard labels on every object's metadata.labels (ALLOWED_HELM_LABELS);
//  - objects the chart leaves out by default, named with --absent KIND/NAME (the Namespace).
//
//   node drift.mjs compare [--absent KIND/NAME ...] kustomize.yaml helm.yaml
//   node drift.mjs selftest kustomize.yaml helm.yaml   (every kind of drift is caught)
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

export const ALLOWED_HELM_LABELS = [
  "helm.sh/chart",
  "app.kubernetes.io/managed-by",
  "app.kubernetes.io/instance",
  "app.kubernetes.io/version",
];

function load(file) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const d of docs) {
    if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
  }
  return docs.map((d) => d.toJS()).filter((o) => o !== null);
}

const key = (o) => `${o.kind} ${o.metadata?.namespace ?? "-"}/${o.metadata?.name}`;
const show = (v) => (v === undefined ? "absent" : JSON.stringify(v));

function withoutHelmLabels(obj) {
  const copy = structuredClone(obj);
  const labels = copy.metadata?.labels;
  if (labels) {
    for (const l of ALLOWED_HELM_LABELS) delete labels[l];
  }
  return copy;
}

function diff(a, b, path, out) {
  const isObj = (v) => v !== null && typeof v === "object";
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) diff(a[i], b[i], `${path}[${i}]`, out);
  } else if (isObj(a) && isObj(b) && !Array.isArray(a) && !Array.isArray(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      diff(a[k], b[k], path ? `${path}.${k}` : k, out);
    }
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    out.push(`${path}: kustomize ${show(a)}, helm ${show(b)}`);
  }
}

/** Every difference between the two renderings that is not an allowed one, one line each. */
export function drift(kustomize, helm, absent = []) {
  const out = [];
  const byKey = (objs) => new Map(objs.map((o) => [key(o), o]));
  const k = byKey(kustomize);
  const h = byKey(helm);
  const absentInHelm = new Set(absent);
  for (const [id, obj] of k) {
    const short = `${obj.kind}/${obj.metadata?.name}`;
    if (absentInHelm.has(short)) {
      if (h.has(id)) out.push(`${id}: expected absent from this Helm rendering, found it`);
      continue;
    }
    if (!h.has(id)) {
      out.push(`${id}: in the kustomize base, missing from the chart`);
      continue;
    }
    const fields = [];
    diff(obj, withoutHelmLabels(h.get(id)), "", fields);
    for (const f of fields) out.push(`${id}: ${f}`);
  }
  for (const id of h.keys()) {
    if (!k.has(id)) out.push(`${id}: rendered by the chart, not in the kustomize base`);
  }
  return out;
}

function compare(args) {
  const absent = [];
  const files = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--absent") absent.push(args[++i]);
    else files.push(args[i]);
  }
  if (files.length !== 2) throw new Error("expected: compare [--absent KIND/NAME ...] kustomize.yaml helm.yaml");
  const [kFile, hFile] = files;
  const kustomize = load(kFile);
  const found = drift(kustomize, load(hFile), absent);
  for (const f of found) console.log(`drift: ${f}`);
  console.log(`${found.length ? "FAIL" : "ok  "} ${hFile} vs ${kFile}: ${kustomize.length} objects compared field by field, `
    + `${found.length} differences beyond Helm's standard labels${absent.length ? ` and ${absent.join(", ")} absent` : ""}`);
  return found.length ? 1 : 0;
}

const find = (objs, kind, name) => objs.find((o) => o.kind === kind && o.metadata.name === name);
const agentPod = (o) => find(o, "DaemonSet", "cni-metrics-agent").spec.template.spec;

// [description, the line the drift report must contain, mutation of the Helm rendering]
const DRIFTS = [
  ["changed scalar", "spec.template.spec.dnsPolicy: kustomize \"ClusterFirstWithHostNet\", helm \"Default\"",
    (o) => { agentPod(o).dnsPolicy = "Default"; }],
  ["changed number", "spec.replicas: kustomize 2, helm 3",
    (o) => { find(o, "Deployment", "cni-metrics-aggregator").spec.replicas = 3; }],
  ["removed field", "spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem: kustomize true, helm absent",
    (o) => { delete agentPod(o).containers[0].securityContext.readOnlyRootFilesystem; }],
  ["added field", "spec.template.spec.hostPID: kustomize absent, helm true", (o) => { agentPod(o).hostPID = true; }],
  ["extra list item", "spec.template.spec.containers[0].args[1]: kustomize absent, helm \"--log-level=debug\"",
    (o) => { agentPod(o).containers[0].args.push("--log-level=debug"); }],
  ["label beyond Helm's standard ones", "metadata.labels.team: kustomize absent, helm \"x\"",
    (o) => { find(o, "Service", "cni-metrics-agent").metadata.labels.team = "x"; }],
  ["Helm label on the pod template", "spec.template.metadata.labels.helm.sh/chart: kustomize absent, helm \"c\"",
    (o) => { find(o, "DaemonSet", "cni-metrics-agent").spec.template.metadata.labels["helm.sh/chart"] = "c"; }],
  ["missing object", "PodDisruptionBudget cni-metrics-aggregator/cni-metrics-aggregator: in the kustomize base, missing from the chart",
    (o) => { o.splice(o.indexOf(find(o, "PodDisruptionBudget", "cni-metrics-aggregator")), 1); }],
  ["extra object", "ConfigMap cni-metrics/extra: rendered by the chart, not in the kustomize base",
    (o) => { o.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "extra", namespace: "cni-metrics" } }); }],
  ["changed rule expression", "spec.groups[1].rules[0].expr: kustomize",
    (o) => { find(o, "PrometheusRule", "cni-metrics").spec.groups[1].rules[0].expr = "vector(1)"; }],
];

function selftest(kFile, hFile) {
  const kustomize = load(kFile);
  const helm = load(hFile);
  let failed = 0;
  const clean = drift(kustomize, helm);
  if (clean.length) {
    failed++;
    console.log(`FAIL the unmodified renderings differ:\n  ${clean.join("\n  ")}`);
  }
  for (const [desc, want, mutate] of DRIFTS) {
    const objects = structuredClone(helm);
    mutate(objects);
    const found = drift(kustomize, objects);
    const ok = found.some((f) => f.includes(want));
    if (!ok) failed++;
    console.log(`${ok ? "ok  " : "FAIL"} drift check catches: ${desc}${ok ? "" : ` (expected '${want}', got ${JSON.stringify(found)})`}`);
  }
  const absentWrong = drift(kustomize, helm, ["Namespace/cni-metrics"]);
  const ok = absentWrong.some((f) => f.includes("expected absent from this Helm rendering"));
  if (!ok) failed++;
  console.log(`${ok ? "ok  " : "FAIL"} drift check catches: an object rendered that should be absent`);
  console.log(`drift selftest: ${DRIFTS.length + 1 - failed} of ${DRIFTS.length + 1} drifts caught${clean.length ? ", unmodified renderings differ" : ""}`);
  return failed ? 1 : 0;
}

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === "compare") process.exit(compare(rest));
if (cmd === "selftest" && rest.length === 2) process.exit(selftest(...rest));
console.error("usage: node drift.mjs compare [--absent KIND/NAME ...] kustomize.yaml helm.yaml | selftest kustomize.yaml helm.yaml");
process.exit(2);
