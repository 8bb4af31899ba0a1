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
  "pod-security",
  "wiring",
];

// Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards, the checks
// of k8s.io/pod-security-admission's policy package that these pod specs can touch).
const LEVELS = ["restricted", "baseline", "privileged"];
const BASELINE_CAPS = new Set(["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
  "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]);
const RESTRICTED_VOLUMES = new Set(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
  "persistentVolumeClaim", "projected", "secret"]);
const PSA = ["enforce", "audit", "warn"].map((m) => `pod-security.kubernetes.io/${m}`);

/** The strictest Pod Security level a pod spec passes. */
export function podSecurityLevel(spec) {
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
  const psc = spec.securityContext ?? {};
  const seccomp = (sc) => sc?.seccompProfile?.type;
  const baseline =
    !spec.hostNetwork && !spec.hostPID && !spec.hostIPC
    && !(spec.volumes ?? []).some((v) => v.hostPath)
    && seccomp(psc) !== "Unconfined"
    && !(psc.sysctls ?? []).length
    && containers.every((c) => {
      const sc = c.securityContext ?? {};
      return sc.privileged !== true
        && (sc.capabilities?.add ?? []).every((cap) => BASELINE_CAPS.has(cap))
        && !(c.ports ?? []).some((p) => p.hostPort)
        && seccomp(sc) !== "Unconfined"
        && (sc.procMount ?? "Default") === "Default";
    });
  if (!baseline) return "privileged";
  const restricted =
    (spec.volumes ?? []).every((v) => Object.keys(v).filter((k) => k !== "name").every((k) => RESTRICTED_VOLUMES.has(k)))
    && containers.every((c) => {
      const sc = c.securityContext ?? {};
      const profile = seccomp(sc) ?? seccomp(psc);
      return sc.allowPrivilegeEscalation === false
        && (sc.runAsNonRoot ?? psc.runAsNonRoot) === true
        && (sc.runAsUser ?? psc.runAsUser) !== 0
        && (profile === "RuntimeDefault" || profile === "Localhost")
        && (sc.capabilities?.drop ?? []).includes("ALL")
        && (sc.capabilities?.add ?? []).every((cap) => cap === "NET_BIND_SERVICE");
    });
  return restricted ? "restricted" : "baseline";
}

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
  // Every namespace enforces (and audits and warns at) exactly the strictest level its pods pass,
  // so a pod that needs less sits in a stricter namespace than one that needs more.
  const namespaces = new Map(objects.filter((o) => o.kind === "Namespace").map((o) => [o.metadata?.name, o]));
  for (const ns of namespaces.values()) {
    const levels = PSA.map((l) => ns.metadata?.labels?.[l]);
    if (!LEVELS.includes(levels[0]) || levels.some((l) => l !== levels[0])) {
      add("pod-security", ns, `expected ${PSA.join(", ")} labels with one level, found ${JSON.stringify(levels)}`);
    }
  }
  for (const obj of objects) {
    const ns = namespaces.get(obj.metadata?.namespace);
    if (!WORKLOADS.has(obj.kind) || !ns) continue;
    const needs = podSecurityLevel(podSpec(obj) ?? {});
    const enforced = ns.metadata?.labels?.[PSA[0]];
    if (enforced !== needs) {
      add("pod-security", obj, LEVELS.indexOf(enforced) < LEVELS.indexOf(needs)
        ? `needs Pod Security "${needs}", namespace ${ns.metadata.name} enforces "${enforced}" (admission refuses it)`
        : `passes Pod Security "${needs}", namespace ${ns.metadata.name} enforces "${enforced}": give it a namespace at "${needs}"`);
    }
  }
  // The two namespaces refer to each other: each RoleBinding's service account exists where the
  // binding says, and the aggregator's --agent-namespace (default: its own) is where the agent
  // DaemonSet is, with a Role there that lets the aggregator's service account list and watch pods.
  const accounts = objects.filter((o) => o.kind === "ServiceAccount");
  for (const rb of objects.filter((o) => o.kind === "RoleBinding")) {
    for (const sub of rb.subjects ?? []) {
      if (sub.kind !== "ServiceAccount" || !accounts.length) continue;
      const ns = sub.namespace ?? rb.metadata?.namespace;
      if (!accounts.some((a) => a.metadata?.name === sub.name && a.metadata?.namespace === ns)) {
        add("wiring", rb, `binds ServiceAccount ${ns}/${sub.name}, which is not among the objects`);
      }
    }
  }
  const daemonSet = objects.find((o) => o.kind === "DaemonSet" && o.metadata?.name === "cni-metrics-agent");
  const deployment = objects.find((o) => o.kind === "Deployment" && o.metadata?.name === "cni-metrics-aggregator");
  if (daemonSet && deployment) {
    const own = deployment.metadata?.namespace;
    const flag = (podSpec(deployment)?.containers?.[0]?.args ?? []).find((a) => a.startsWith("--agent-namespace="));
    const agents = flag ? flag.split("=")[1] : own;
    const sa = podSpec(deployment)?.serviceAccountName ?? "default";
    if (agents !== daemonSet.metadata?.namespace) {
      add("wiring", deployment, `looks for the agents in namespace ${agents}, the DaemonSet is in ${daemonSet.metadata?.namespace}`);
    }
    const canList = (role) => (role.rules ?? []).some((r) => (r.apiGroups ?? []).includes("")
      && (r.resources ?? []).includes("pods") && ["list", "watch"].every((v) => (r.verbs ?? []).includes(v)));
    const bound = objects.some((rb) => rb.kind === "RoleBinding" && rb.metadata?.namespace === agents
      && (rb.subjects ?? []).some((sub) => sub.kind === "ServiceAccount" && sub.name === sa && (sub.namespace ?? agents) === own)
      && objects.some((r) => r.kind === "Role" && r.metadata?.namespace === agents && r.metadata?.name === rb.roleRef?.name && canList(r)));
    if (!bound) {
      add("wiring", deployment, `service account ${own}/${sa} has no Role in namespace ${agents} to list and watch the agent pods`);
    }
  }
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
