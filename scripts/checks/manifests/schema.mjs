// Offline schema validation of Kubernetes objects against the API's OpenAPI schema, as packaged by
// npm kubernetes-models (core/apps/rbac/policy/...) and @kubernetes-models/prometheus-operator
// (ServiceMonitor, PrometheusRule). Two passes, because each alone is incomplete:
//  - the packages' ajv validators check types, required fields, enums and patterns, but accept
//    unknown fields (a misspelt `readOnlyRootFS` would pass silently);
//  - the packages' TypeScript interfaces, compiled with every object as a typed literal, reject
//    every field the schema does not know (TypeScript's excess-property check).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function modulePath(obj) {
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
  if (group === "monitoring.coreos.com") return `@kubernetes-models/prometheus-operator/${group}/${version}/${obj.kind}`;
  return group === "" ? `kubernetes-models/${version}/${obj.kind}` : `kubernetes-models/${group}/${version}/${obj.kind}`;
}

function hasSchema(toolDir, obj) {
  return typeof obj?.apiVersion === "string" && typeof obj?.kind === "string"
    && existsSync(join(toolDir, "node_modules", `${modulePath(obj)}.d.ts`));
}

async function ajvErrors(toolDir, obj) {
  const mod = await import(join(toolDir, "node_modules", `${modulePath(obj)}.js`));
  try {
    new mod[obj.kind](obj).validate();
    return [];
  } catch (e) {
    return [e.message.replace(/\s+/g, " ").trim()];
  }
}

// items: [{id, object}] -> Map id -> [messages]
export async function schemaErrors(toolDir, items) {
  const errors = new Map(items.map((i) => [i.id, []]));
  const typed = [];
  for (const item of items) {
    const obj = item.object;
    if (!hasSchema(toolDir, obj)) {
      errors.get(item.id).push(`no schema for apiVersion '${obj?.apiVersion}' kind '${obj?.kind}'`);
      continue;
    }
    errors.get(item.id).push(...(await ajvErrors(toolDir, obj)));
    typed.push(item);
  }
  const work = mkdtempSync(join(toolDir, ".schema-"));
  try {
    const lines = [];
    typed.forEach((item, i) => {
      lines.push(`import type { I${item.object.kind} as T${i} } from "${modulePath(item.object)}";`);
    });
    const firstObjectLine = lines.length + 1;
    typed.forEach((item, i) => lines.push(`export const o${i}: T${i} = ${JSON.stringify(item.object)};`));
    writeFileSync(join(work, "objects.ts"), lines.join("\n") + "\n");
    writeFileSync(join(work, "tsconfig.json"), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext",
        target: "es2022", skipLibCheck: true, types: [] },
      files: ["objects.ts"],
    }));
    const tsc = spawnSync(join(toolDir, "node_modules", ".bin", "tsc"), ["-p", work], { encoding: "utf8" });
    if (tsc.error) throw tsc.error;
    for (const line of (tsc.stdout + tsc.stderr).split("\n")) {
      const m = line.match(/objects\.ts\((\d+),\d+\): error TS\d+: (.*)$/);
      if (!m) {
        if (line.trim() && tsc.status !== 0 && !line.startsWith(" ")) {
          throw new Error(`tsc failed outside the objects: ${line}`);
        }
        continue;
      }
      const index = Number(m[1]) - firstObjectLine;
      const item = typed[index];
      if (!item) throw new Error(`tsc reported an error outside the objects: ${line}`);
      errors.get(item.id).push(m[2].replace(/'"([^"]+)"'/g, "'$1'"));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return errors;
}
