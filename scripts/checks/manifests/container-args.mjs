// Prints the args and literal env values of every workload container in a rendered manifest as JSON:
// {"DaemonSet/cni-metrics-agent/agent": {"args": ["--listen=0.0.0.0:61682", ...], "env": {}}, ...}
// Env entries from valueFrom (downward API) are left out: the jar check gives those itself.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const out = {};
for (const doc of parseAllDocuments(readFileSync(process.argv[2], "utf8"))) {
  const obj = doc.toJS();
  const spec = obj?.spec?.template?.spec;
  if (!spec) continue;
  for (const c of spec.containers ?? []) {
    const env = Object.fromEntries((c.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value]));
    out[`${obj.kind}/${obj.metadata.name}/${c.name}`] = { args: c.args ?? [], env };
  }
}
console.log(JSON.stringify(out));
