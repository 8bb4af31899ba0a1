// Least-privilege policies for the rendered install/kubernetes objects (DESIGN.md "Least privilege").
// Pure functions: objects in, violations out. Each violation names its policy so the self-test can
// prove every policy fails on a manifest broken in exactly its way.

const WORKLOADS = new Set(["DaemonSet", "Deployment", "StatefulSet", "Job", "CronJob", "ReplicaSet", "Pod"]);
// The agent needs uid 0 for the root-owned CRI socket (with every capability dropped); every other
// workload must refuse to run as root.
const ROOT_ALLOWED = new Set(["DaemonSet/cni-metrics-agent"]);
const ROLE_VERBS = new Set(["get", "list", "watch", "create", "update", "patch"]);
const FORBIDDEN_RESOURCES = new Set(["secrets", "pods/exec", "pods/proxy", "nodes/proxy", "*"]);

export const POLICIES = [
  "no-privileged",
  "no-cluster-rbac",
  "rbac-least-privilege",
  "resources",
  "probes",
  "read-only-root-fs",
  "no-privilege-escalation",
  "capabilities",
  "image-tag",
  "non-root",
  "seccomp",
  "hostpath-read-only",
];

function podSpec(obj) {
  if (obj.kind === "Pod") return obj.spec;
  if (obj.kind === "CronJob") return obj.spec?.jobTemplate?.spec?.template?.spec;
  return obj.spec?.template?.spec;
}

export function ref(obj) {
  return `${obj.kind} ${obj.metadata?.namespace ?? "-"}/${obj.metadata?.name}`;
}

/** Violations of every policy; allowedCaps = capabilities a container may add in this render. */
export function violations(objects, allowedCaps = []) {
  const out = [];
  const add = (policy, obj, message) => out.push({ policy, object: ref(obj), message });
  for (const obj of objects) {
    if (obj.kind === "ClusterRole" || obj.kind === "ClusterRoleBinding") {
      add("no-cluster-rbac", obj, "cluster-wide RBAC is not allowed; use a namespaced Role/RoleBinding");
    }
    if (obj.kind === "RoleBinding" && obj.roleRef?.kind === "ClusterRole") {
      add("no-cluster-rbac", obj, `binds ClusterRole ${obj.roleRef.name}; bind a namespaced Role`);
    }
    if (obj.kind === "Role") {
      for (const rule of obj.rules ?? []) {
        for (const v of rule.verbs ?? []) {
          if (!ROLE_VERBS.has(v)) add("rbac-least-privilege", obj, `verb '${v}' is not allowed`);
        }
        for (const r of rule.resources ?? []) {
          if (FORBIDDEN_RESOURCES.has(r)) add("rbac-least-privilege", obj, `resource '${r}' is not allowed`);
        }
      }
    }
    if (!WORKLOADS.has(obj.kind)) continue;
    const spec = podSpec(obj) ?? {};
    const key = `${obj.kind}/${obj.metadata?.name}`;
    if (spec.hostPID || spec.hostIPC) add("no-privileged", obj, "hostPID/hostIPC is not allowed");
    if (spec.securityContext?.seccompProfile?.type !== "RuntimeDefault") {
      add("seccomp", obj, "pod securityContext.seccompProfile.type must be RuntimeDefault");
    }
    const podNonRoot = spec.securityContext?.runAsNonRoot === true;
    const hostPathVolumes = new Set((spec.volumes ?? []).filter((v) => v.hostPath).map((v) => v.name));
    const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
    const initNames = new Set((spec.initContainers ?? []).map((c) => c.name));
    for (const c of containers) {
      const where = `container ${c.name}`;
      const sc = c.securityContext ?? {};
      if (sc.privileged === true) add("no-privileged", obj, `${where}: privileged: true`);
      if (sc.readOnlyRootFilesystem !== true) add("read-only-root-fs", obj, `${where}: readOnlyRootFilesystem must be true`);
      if (sc.allowPrivilegeEscalation !== false) {
        add("no-privilege-escalation", obj, `${where}: allowPrivilegeEscalation must be false`);
      }
      const drop = sc.capabilities?.drop ?? [];
      if (!drop.includes("ALL")) add("capabilities", obj, `${where}: capabilities.drop must contain ALL`);
      for (const cap of sc.capabilities?.add ?? []) {
        if (!allowedCaps.includes(cap)) {
          add("capabilities", obj, `${where}: adds capability ${cap} (allowed here: ${allowedCaps.join(", ") || "none"})`);
        }
      }
      for (const kind of ["cpu", "memory"]) {
        if (c.resources?.requests?.[kind] === undefined) add("resources", obj, `${where}: no ${kind} request`);
        if (c.resources?.limits?.[kind] === undefined) add("resources", obj, `${where}: no ${kind} limit`);
      }
      if (!initNames.has(c.name)) {
        if (!c.livenessProbe) add("probes", obj, `${where}: no livenessProbe`);
        if (!c.readinessProbe) add("probes", obj, `${where}: no readinessProbe`);
      }
      const image = c.image ?? "";
      const tag = image.includes("@") ? null : image.slice(image.lastIndexOf("/") + 1).split(":")[1];
      if (!image.includes("@sha256:") && (!tag || tag === "latest")) {
        add("image-tag", obj, `${where}: image '${image}' must be pinned to a version tag or digest, not latest`);
      }
      if (!ROOT_ALLOWED.has(key)) {
        const nonRoot = sc.runAsNonRoot ?? podNonRoot;
        if (nonRoot !== true) add("non-root", obj, `${where}: runAsNonRoot must be true`);
        if (sc.runAsUser === 0 || (sc.runAsUser === undefined && spec.securityContext?.runAsUser === 0)) {
          add("non-root", obj, `${where}: runs as uid 0`);
        }
      }
      for (const m of c.volumeMounts ?? []) {
        if (hostPathVolumes.has(m.name) && m.readOnly !== true) {
          add("hostpath-read-only", obj, `${where}: hostPath volume ${m.name} must be mounted readOnly`);
        }
      }
    }
  }
  return out;
}
