#!/usr/bin/env python3
"""Snapshots of what a run can leave behind, and the comparison scripts/checks/demo.sh makes.

    leftovers.py snapshot FILE
    leftovers.py compare BEFORE AFTER DEMO_OUTPUT TOKEN

A snapshot: user processes (pid, start time, command line, whether their environment holds
CNI_METRICS_DEMO_CHECK=TOKEN, whether their mount table names the demo's node directory), the
names in /run/netns, interface names, mount points under /tmp and /run, and the demo's paths.

compare fails (exit 1) on anything after the run that belongs to the demo:
  - a process carrying the token in its environment (everything the demo started inherits it,
    containerd's shims included) or whose mount table names the demo's node directory (pause
    processes), or a PID the demo printed (agent, aggregator, pause processes) that is new and alive;
  - the demo's bridge or a host veth its output named (pod table, pod_interface_shim series);
  - a mount point, netns file or directory under the demo's node directory or work directories;
  - libcni cache files of the demo's sandboxes.
Everything else that appeared or vanished meanwhile is listed as "not the demo's" (other work on
the machine) and does not fail the check: the machine is shared with other test nodes.
"""
import json
import re
import subprocess
import sys
from pathlib import Path

NODE_DIR = "/tmp/cni-metrics-demo-node"
WORK_PREFIX = "cni-metrics-demo."
BRIDGE = "cnmdemo0"
TOKEN_VAR = "CNI_METRICS_DEMO_CHECK"


def read(path, mode="r"):
    try:
        with open(path, mode) as f:
            return f.read()
    except OSError:
        return None


def mount_ns(pid):
    try:
        return Path(f"/proc/{pid}/ns/mnt").readlink().name
    except OSError:
        return None


def processes(token):
    """Processes with a command line (kernel threads have none). node_mounts is only judged for
    processes in another mount namespace (a pod's): in ours, a leftover mount shows as a mount."""
    own = mount_ns("self")
    out = {}
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        cmd = read(p / "cmdline", "rb")
        stat = read(p / "stat")
        if not cmd or not stat:
            continue
        env = read(p / "environ", "rb") or b""
        mounts = read(p / "mountinfo") or ""
        out[p.name] = {
            "start": stat[stat.rindex(")") + 2:].split()[19],
            "cmd": cmd.replace(b"\0", b" ").decode(errors="replace").strip(),
            "token": f"{TOKEN_VAR}={token}".encode() in env.split(b"\0") if token else False,
            "node_mounts": mount_ns(p.name) != own and NODE_DIR in mounts,
        }
    return out


def links():
    text = subprocess.run(["ip", "-o", "link", "show"], capture_output=True, text=True, check=True).stdout
    return sorted({line.split(":")[1].strip().split("@")[0] for line in text.splitlines()})


def mounts():
    points = set()
    for line in (read("/proc/self/mountinfo") or "").splitlines():
        point = line.split()[4]
        if point.startswith(("/tmp/", "/run/")):
            points.add(point)
    return sorted(points)


def snapshot(token=None):
    return {
        "processes": processes(token),
        "netns": sorted(p.name for p in Path("/run/netns").glob("*")) if Path("/run/netns").is_dir() else [],
        "links": links(),
        "mounts": mounts(),
        "paths": sorted(str(p) for p in Path("/tmp").glob(WORK_PREFIX + "*")) + ([NODE_DIR] if Path(NODE_DIR).exists() else []),
    }


def demo_names(output):
    """The PIDs, host interfaces and sandbox id prefixes the demo printed."""
    pids = set(re.findall(r"^(?:agent|aggregator) pid (\d+)", output, re.M))
    veths, sandboxes = set(re.findall(r'[{,]interface="([^"]+)"', output)), set()
    for line in output.splitlines():
        f = line.split()
        if len(f) >= 4 and re.fullmatch(r"[0-9a-f]{13}", f[0]) and f[2] in ("pod", "host"):
            sandboxes.add(f[0])
            if f[3].isdigit():
                pids.add(f[3])
            if len(f) >= 5 and f[4] != "-":
                veths.update(i for i in f[4].split(",") if i != BRIDGE)
    return pids, veths, sandboxes


def compare(before, after, output, token):
    pids, veths, sandboxes = demo_names(output)
    problems, others = [], []
    for pid, p in after["processes"].items():
        new = pid not in before["processes"] or before["processes"][pid]["start"] != p["start"]
        if p["token"] or p["node_mounts"] or (new and pid in pids):
            problems.append(f"process {pid} still runs: {p['cmd'][:160]}")
        elif new and token not in p["cmd"]:
            others.append(f"process {pid} started: {p['cmd'][:120]}")
    for name in after["links"]:
        if name == BRIDGE or name in veths:
            problems.append(f"interface {name} still exists")
        elif name not in before["links"]:
            others.append(f"interface {name} appeared")
    for kind in ("netns", "mounts", "paths"):
        for item in after[kind]:
            if NODE_DIR in item or WORK_PREFIX in item:
                problems.append(f"{kind}: {item} still there")
            elif item not in before[kind]:
                others.append(f"{kind}: {item} appeared")
        others += [f"{kind}: {item} went away" for item in before[kind] if item not in after[kind]]
    for prefix in sandboxes:
        for f in Path("/var/lib/cni/results").glob(f"*-{prefix}*"):
            problems.append(f"libcni cache file {f} still there")
    if not pids or not veths:
        problems.append(f"the demo output names no PIDs ({len(pids)}) or host interfaces ({len(veths)}) to check")
    print(f"leftovers: checked {len(pids)} PIDs, {len(veths)} host interfaces, {len(sandboxes)} sandboxes of the demo")
    for o in others:
        print(f"leftovers: not the demo's (other work on this machine): {o}")
    for p in problems:
        print(f"leftovers: LEFT BEHIND: {p}")
    return 1 if problems else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "snapshot":
        Path(argv[2]).write_text(json.dumps(snapshot(token=None)))
        return 0
    if len(argv) == 6 and argv[1] == "compare":
        before = json.loads(Path(argv[2]).read_text())
        token = argv[5]
        after = snapshot(token)
        Path(argv[3]).write_text(json.dumps(after))
        return compare(before, after, Path(argv[4]).read_text(), token)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
