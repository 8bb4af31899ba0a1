// Schema + policy checks of rendered install/kubernetes manifests, and a self-test proving that
// every check fails on a manifest broken in exactly its way.
//
//   node validate.mjs check [--allow-caps NAME=CAP,...] NAME=rendered.yaml ...
//   node validate.mjs selftest rendered-base.yaml
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { violations, ref } from "./policy.mjs";
import { schemaErrors } from "./schema.mjs";

const TOOL_DIR = dirname(fileURLToPath(import.meta.url));

function load(file) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const d of docs) {
    if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
  }
  return docs.map((d) => d.toJS()).filter((o) => o !== null);
}

async function findings(renders) {
  const items = [];
  for (const r of renders) r.objects.forEach((object, i) => items.push({ id: `${r.name}#${i}`, object }));
  const schema = await schemaErrors(TOOL_DIR, items);
  const result = new Map();
  for (const r of renders) {
    const list = [];
    r.objects.forEach((object, i) => {
      for (const message of schema.get(`${r.name}#${i}`)) list.push({ policy: "schema", object: ref(object), message });
    });
    list.push(...violations(r.objects, r.allowedCaps ?? []));
    result.set(r.name, list);
  }
  return result;
}

async function check(args) {
  const caps = new Map();
  const renders = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--allow-caps") {
      const [name, list] = args[++i].split("=");
      caps.set(name, list.split(",").filter(Boolean));
      continue;
    }
    const [name, file] = args[i].split("=");
    if (!file) throw new Error(`expected NAME=FILE, found '${args[i]}'`);
    renders.push({ name, file, objects: load(file) });
  }
  for (const r of renders) r.allowedCaps = caps.get(r.name) ?? [];
  const all = await findings(renders);
  let bad = 0;
  for (const r of renders) {
    const list = all.get(r.name);
    bad += list.length;
    console.log(`${list.length ? "FAIL" : "ok  "} ${r.name}: ${r.objects.length} objects checked against the schema and `
      + `every policy (capabilities allowed: ${r.allowedCaps.join(",") || "none"})`);
    for (const f of list) console.log(`     [${f.policy}] ${f.object}: ${f.message}`);
  }
  return bad ? 1 : 0;
}

const find = (objs, kind, name) => objs.find((o) => o.kind === kind && o.metadata.name === name);
const agent = (objs) => find(objs, "DaemonSet", "cni-metrics-agent").spec.template.spec;
const aggregator = (objs) => find(objs, "Deployment", "cni-metrics-aggregator").spec.template.spec;
const role = (objs) => find(objs, "Role", "cni-metrics-aggregator");
const podSecurity = (objs, ns, level) => {
  for (const mode of ["enforce", "audit", "warn"]) find(objs, "Namespace", ns).metadata.labels[`pod-security.kubernetes.io/${mode}`] = level;
};
const clusterRole = {
  apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "cni-metrics" },
  rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["list"] }],
};

// [description, the one check that must fail (or the checks, when the fault breaks more than one
// rule: a root aggregator is also refused by its "restricted" namespace), mutation]
const BROKEN = [
  ["agent container privileged", "no-privileged", (o) => { agent(o).containers[0].securityContext.privileged = true; }],
  ["agent pod with hostPID", "no-privileged", (o) => { agent(o).hostPID = true; }],
  ["a ClusterRole", "no-cluster-rbac", (o) => { o.push(clusterRole); }],
  ["RoleBinding to a ClusterRole", "no-cluster-rbac",
    (o) => { find(o, "RoleBinding", "cni-metrics-aggregator").roleRef.kind = "ClusterRole"; }],
  ["Role reading secrets", "rbac-least-privilege",
    (o) => { role(o).rules.push({ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }); }],
  ["Role with verb *", "rbac-least-privilege", (o) => { role(o).rules[0].verbs.push("*"); }],
  ["aggregator without a memory limit", "resources", (o) => { delete aggregator(o).containers[0].resources.limits.memory; }],
  ["agent without requests", "resources", (o) => { delete agent(o).containers[0].resources.requests; }],
  ["agent without readinessProbe", "probes", (o) => { delete agent(o).containers[0].readinessProbe; }],
  ["aggregator without livenessProbe", "probes", (o) => { delete aggregator(o).containers[0].livenessProbe; }],
  ["writable root filesystem", "read-only-root-fs",
    (o) => { aggregator(o).containers[0].securityContext.readOnlyRootFilesystem = false; }],
  ["privilege escalation allowed", "no-privilege-escalation",
    (o) => { agent(o).containers[0].securityContext.allowPrivilegeEscalation = true; }],
  ["a capability added in netlink mode", "capabilities",
    (o) => { agent(o).containers[0].securityContext.capabilities.add = ["NET_ADMIN"]; }],
  ["capabilities not dropped", "capabilities",
    (o) => { agent(o).containers[0].securityContext.capabilities.drop = ["NET_RAW"]; }],
  ["image tag latest", "image-tag", (o) => { agent(o).containers[0].image = "registry.example.com/cni-metrics/agent:latest"; }],
  ["image without tag", "image-tag", (o) => { aggregator(o).containers[0].image = "registry.example.com/cni-metrics/aggregator"; }],
  ["aggregator may run as root", ["non-root", "pod-security"], (o) => { delete aggregator(o).securityContext.runAsNonRoot; }],
  ["aggregator as uid 0", ["non-root", "pod-security"], (o) => { aggregator(o).securityContext.runAsUser = 0; }],
  ["no seccomp profile", "seccomp", (o) => { delete agent(o).securityContext.seccompProfile; }],
  ["writable hostPath mount", "hostpath-read-only",
    (o) => { agent(o).containers[0].volumeMounts.find((m) => m.name === "netns").readOnly = false; }],
  ["misspelt securityContext field", "schema",
    (o) => { agent(o).containers[0].securityContext.readOnlyRootFS = true; }],
  ["unknown container field", "schema", (o) => { aggregator(o).containers[0].imagePullPolicyy = "Always"; }],
  ["misspelt ServiceMonitor field", "schema",
    (o) => { find(o, "ServiceMonitor", "cni-metrics-agent").spec.endpoints[0].honorLabel = true; }],
  ["replicas as a string", "schema", (o) => { find(o, "Deployment", "cni-metrics-aggregator").spec.replicas = "2"; }],
  ["container without a name", "schema", (o) => { delete aggregator(o).containers[0].name; }],
  ["bad ServiceMonitor interval", "schema",
    (o) => { find(o, "ServiceMonitor", "cni-metrics-aggregator").spec.endpoints[0].interval = "30 seconds"; }],
  ["aggregator namespace at privileged", "pod-security",
    (o) => { podSecurity(o, "cni-metrics-aggregator", "privileged"); }],
  ["agent namespace at baseline", "pod-security",
    (o) => { podSecurity(o, "cni-metrics", "baseline"); }],
  ["aggregator namespace without the warn label", "pod-security",
    (o) => { delete find(o, "Namespace", "cni-metrics-aggregator").metadata.labels["pod-security.kubernetes.io/warn"]; }],
  ["aggregator moved into the agents' privileged namespace", ["pod-security", "wiring"],
    (o) => { find(o, "Deployment", "cni-metrics-aggregator").metadata.namespace = "cni-metrics"; }],
  ["aggregator with a read-only hostPath volume", "pod-security",
    (o) => {
      aggregator(o).volumes.push({ name: "host", hostPath: { path: "/var/log" } });
      aggregator(o).containers[0].volumeMounts.push({ name: "host", mountPath: "/host", readOnly: true });
    }],
  ["aggregator looking for the agents in its own namespace", "wiring",
    (o) => {
      const args = aggregator(o).containers[0].args;
      args.splice(args.findIndex((a) => a.startsWith("--agent-namespace=")), 1);
    }],
  ["agent-discovery RoleBinding naming the aggregator's account in the agents' namespace", "wiring",
    (o) => { o.find((x) => x.kind === "RoleBinding" && x.metadata.namespace === "cni-metrics").subjects[0].namespace = "cni-metrics"; }],
  ["an object kind with no schema", "schema", (o) => { o.push({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }); }],
];

async function selftest(file) {
  const base = load(file);
  const renders = [{ name: "unmodified", objects: base }];
  for (const [desc, , mutate] of BROKEN) {
    const objects = structuredClone(base);
    mutate(objects);
    renders.push({ name: desc, objects });
  }
  const all = await findings(renders);
  let passed = 0;
  let failed = 0;
  const report = (ok, line) => { console.log(`${ok ? "ok  " : "FAIL"} ${line}`); ok ? passed++ : failed++; };
  const clean = all.get("unmodified");
  report(clean.length === 0, `the unmodified base passes every check${clean.length ? ": " + JSON.stringify(clean) : ""}`);
  for (const [desc, expected] of BROKEN) {
    const got = [...new Set(all.get(desc).map((f) => f.policy))].sort();
    const ok = JSON.stringify(got) === JSON.stringify([expected].flat().sort());
    report(ok, `${desc}: fails '${expected}'${ok ? ` (${all.get(desc)[0].message})` : `, got ${JSON.stringify(all.get(desc))}`}`);
  }
  console.log(`manifest selftest: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

const [command, ...rest] = process.argv.slice(2);
const run = { check, selftest: (a) => selftest(a[0]) }[command];
if (!run) {
  console.error("usage: node validate.mjs check [--allow-caps NAME=CAP,...] NAME=FILE ... | selftest FILE");
  process.exit(2);
}
process.exit(await run(rest));
