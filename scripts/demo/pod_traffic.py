#!/usr/bin/env python3
"""The demo's pod-traffic step (scripts/demo.sh): what a user sees in Prometheus. Loopback and the
demo's own pods only.

    pod_traffic.py rename PODS_TSV
        give each pod-network pod's host veth the name AWS VPC CNI would give it (eni + 11 hex
        digits of sha1(namespace.name)): cAdvisor never reports interfaces named veth*, which is
        what the bridge CNI of the demo node calls them
    pod_traffic.py prometheus-config OUT CADVISOR AGENT NODE
        a Prometheus configuration from install/: the plain scrape snippet's kubelet and agent jobs
        (static targets with the labels discovery would give) and the shipped rule file
    pod_traffic.py run PROMETHEUS_URL PODS_TSV
        UDP from each web pod to coredns; prints, per pod and direction, the bytes the kernel
        counted on the host veth next to the increase of the pod-labelled
        container_network_*_bytes_total series in Prometheus
"""
import hashlib
import importlib.util
import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
TEST_CLASSES = ROOT / "agent" / "target" / "test-classes"
DATAGRAMS, SIZE = 200, 1000


def generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "install" / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return gen


def pods(path):
    """(namespace, name, netns) of the pod-network pods in `podctl list` output."""
    out = []
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if len(f) >= 8 and f[4] == "pod":
            ns, name = f[1].split("/", 1)
            out.append((ns, name, f[5]))
    return out


def host_peer(netns):
    """The host end of the pod's eth0, asked from the pod's side (its link_index is the peer's
    ifindex on the host); the CNI result would not do: the bridge plugin lists the bridge there too."""
    eth0 = json.loads(subprocess.run(["nsenter", f"--net={netns}", "ip", "-j", "link", "show", "eth0"],
                                     check=True, capture_output=True, text=True).stdout)[0]
    links = json.loads(subprocess.run(["ip", "-j", "-d", "link", "show"], check=True, capture_output=True,
                                      text=True).stdout)
    for link in links:
        if link["ifindex"] == eth0.get("link_index") and link.get("linkinfo", {}).get("info_kind") == "veth":
            return link["ifname"]
    raise SystemExit(f"pod_traffic.py: no host veth for the pod in {netns} (eth0: {eth0})")


def eni_name(ns, name):
    return "eni" + hashlib.sha1(f"{ns}.{name}".encode()).hexdigest()[:11]


def rename(path):
    for ns, name, netns in pods(path):
        cni = host_peer(netns)
        new = eni_name(ns, name)
        # an interface that is up cannot be renamed; the bridge port stays attached
        subprocess.run(["ip", "link", "set", "dev", cni, "down"], check=True)
        subprocess.run(["ip", "link", "set", "dev", cni, "name", new], check=True)
        subprocess.run(["ip", "link", "set", "dev", new, "up"], check=True)
        print(f"  {ns}/{name}: host veth {cni} -> {new}")
    return 0


def prometheus_config(out, cadvisor, agent, node):
    gen = generator()
    jobs = {j["job_name"]: j for j in gen.scrape_configs(gen.DEFAULT_VETH_PREFIXES)}
    kubelet = jobs[gen.CADVISOR_JOB]
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(ROOT / "install" / "prometheus" / "cni-metrics.rules.yml")],
        "scrape_configs": [
            {
                "job_name": gen.CADVISOR_JOB,
                "metrics_path": kubelet["metrics_path"],
                "static_configs": [{"targets": [cadvisor], "labels": {"node": node}}],
                "relabel_configs": [r for r in kubelet["relabel_configs"]
                                    if not all(s.startswith("__meta_kubernetes_") for s in r["source_labels"])],
                "metric_relabel_configs": kubelet["metric_relabel_configs"],
            },
            {
                "job_name": gen.AGENT_JOB,
                "honor_labels": jobs[gen.AGENT_JOB]["honor_labels"],
                "static_configs": [{"targets": [agent], "labels": {"node": node}}],
            },
        ],
    }
    Path(out).write_text(json.dumps(config, indent=1))
    return 0


def query(base, promql):
    url = f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": promql})
    with NO_PROXY.open(url, timeout=5) as r:
        result = json.load(r)["data"]["result"]
    return float(result[0]["value"][1]) if len(result) == 1 else None


def kernel(veth, direction):
    # the pod's direction: what the host veth received, the pod transmitted
    counter = {"transmit": "rx_bytes", "receive": "tx_bytes"}[direction]
    return int(Path("/sys/class/net", veth, "statistics", counter).read_text())


def settled(base, rows, seconds=20):
    """Each row's kernel counter and Prometheus value, read when they are equal (or the last read)."""
    deadline = time.monotonic() + seconds
    while True:
        kernels = [kernel(r["veth"], r["direction"]) for r in rows]
        proms = [query(base, r["promql"]) for r in rows]
        if kernels == proms or time.monotonic() > deadline:
            return kernels, proms
        time.sleep(0.5)


def ipv4(netns):
    out = subprocess.run(["nsenter", f"--net={netns}", "ip", "-j", "-4", "addr", "show", "eth0"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)[0]["addr_info"][0]["local"]


def run(base, path):
    all_pods = pods(path)
    senders = [p for p in all_pods if p[1].startswith("web-")]
    receiver = next(p for p in all_pods if p[1].startswith("coredns-"))
    rows = []
    for ns, name, netns in senders + [receiver]:
        veth = host_peer(netns)
        for direction in ("transmit", "receive"):
            promql = f'container_network_{direction}_bytes_total{{namespace="{ns}", pod="{name}"}}'
            rows.append({"pod": f"{ns}/{name}", "direction": direction, "veth": veth, "promql": promql})
    deadline = time.monotonic() + 30
    while any(query(base, r["promql"]) is None for r in rows):
        if time.monotonic() > deadline:
            missing = [r["promql"] for r in rows if query(base, r["promql"]) is None]
            raise SystemExit("pod_traffic.py: Prometheus has no pod-labelled series for: " + ", ".join(missing))
        time.sleep(0.5)
    # Background packets (IPv6 neighbour discovery after the rename) keep moving the counters a
    # little, and Prometheus sees them a scrape later: read both when they agree.
    kernel0, prom0 = settled(base, rows)
    target = ipv4(receiver[2])
    sent = {}
    for ns, name, netns in senders:
        out = subprocess.run(["nsenter", f"--net={netns}", "java", "-cp", str(TEST_CLASSES),
                              "dev.cnimetrics.agent.e2e.UdpProbe", "send", target, "9", str(DATAGRAMS), str(SIZE)],
                             check=True, capture_output=True, text=True).stdout
        sent[f"{ns}/{name}"] = int(out.strip())
    kernel1, prom1 = settled(base, rows)
    for r, k0, p0, k1, p1 in zip(rows, kernel0, prom0, kernel1, prom1):
        r["kernel"], r["prom"] = k1 - k0, p1 - p0
    print(f"UDP: {DATAGRAMS} datagrams of {SIZE} B from each web pod to {receiver[0]}/{receiver[1]} ({target}),"
          " counted by the kernel on the host veth and by Prometheus on the pod-labelled series:")
    header = ("POD", "DIRECTION", "HOST VETH", "SENT (payload)", "KERNEL (host veth)", "PROMETHEUS (increase)", "")
    table = [header]
    for r in rows:
        payload = sent.get(r["pod"]) if r["direction"] == "transmit" else None
        table.append((r["pod"], r["direction"], r["veth"], f"{payload:,} B" if payload else "",
                      f"{r['kernel']:,} B", f"{r['prom']:,.0f} B", "equal" if r["prom"] == r["kernel"] else "DIFFERS"))
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
    return 0 if all(r["prom"] == r["kernel"] for r in rows) else 1


def main(argv):
    commands = {"rename": (rename, 1), "prometheus-config": (prometheus_config, 4), "run": (run, 2)}
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][1]:
        print(__doc__, file=sys.stderr)
        return 2
    fn, _ = commands[argv[1]]
    return fn(*argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
