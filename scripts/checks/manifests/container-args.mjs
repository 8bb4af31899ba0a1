// Prints the args of every workload container in a rendered manifest as JSON:
// {"DaemonSet/cni-metrics-agent/agent": ["--listen=0.0.0.0:61682", ...], ...}
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const out = {};
for (const doc of parseAllDocuments(readFileSync(process.argv[2], "utf8"))) {
  const obj = doc.toJS();
  const spec = obj?.spec?.template?.spec;
  if (!spec) continue;
  for (const c of spec.containers ?? []) out[`${obj.kind}/${obj.metadata.name}/${c.name}`] = c.args ?? [];
}
console.log(JSON.stringify(out));
