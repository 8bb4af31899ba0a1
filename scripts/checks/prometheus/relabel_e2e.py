#!/usr/bin/env python3
"""Proves the shipped relabel configs and rules with a real Prometheus on 127.0.0.1.

A small exporter on 127.0.0.1 serves recorded cAdvisor-format series of two nodes and the agent's
pod_interface_shim series. Prometheus (Debian's) scrapes node-a through the kube-prometheus-stack
relabelings (translated to Prometheus keys as the operator does) and node-b through the plain
scrape snippet's metric_relabel_configs, evaluates install/prometheus/cni-metrics.rules.yml, and the
check queries /api/v1/query for the expected series. Prometheus is started and stopped by PID.

    python3 scripts/checks/prometheus/relabel_e2e.py   (needs `prometheus` on PATH)
"""
import importlib.util
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
spec = importlib.util.spec_from_file_location("generate", ROOT / "install" / "generate.py")
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# Per node: host veths (empty pod) with their rx/tx byte counters, the node's own eth0, a series
# cAdvisor already attributes to a pod, and a pod-less non-network cgroup series.
CADVISOR = {
    "a": """# HELP container_network_receive_bytes_total Cumulative count of bytes received
# TYPE container_network_receive_bytes_total counter
container_network_receive_bytes_total{id="/",image="",interface="eth0",name="",namespace="",pod=""} 900000
container_network_receive_bytes_total{id="/",image="",interface="eni1aaa",name="",namespace="",pod=""} 1000
container_network_receive_bytes_total{id="/",image="",interface="eni2bbb",name="",namespace="",pod=""} 2000
container_network_receive_bytes_total{id="/",image="",interface="eni3ccc",name="",namespace="",pod=""} 3000
container_network_receive_bytes_total{id="/",image="",interface="eni9nat",name="",namespace="",pod=""} 9000
container_network_receive_bytes_total{id="/kubepods/besteffort/pod42",image="",interface="eth0",name="",namespace="web",pod="native"} 4200
# HELP container_network_transmit_bytes_total Cumulative count of bytes transmitted
# TYPE container_network_transmit_bytes_total counter
container_network_transmit_bytes_total{id="/",image="",interface="eth0",name="",namespace="",pod=""} 800000
container_network_transmit_bytes_total{id="/",image="",interface="eni1aaa",name="",namespace="",pod=""} 111
container_network_transmit_bytes_total{id="/",image="",interface="eni2bbb",name="",namespace="",pod=""} 222
container_network_transmit_bytes_total{id="/",image="",interface="eni3ccc",name="",namespace="",pod=""} 333
container_network_transmit_bytes_total{id="/",image="",interface="eni9nat",name="",namespace="",pod=""} 999
container_network_transmit_bytes_total{id="/kubepods/besteffort/pod42",image="",interface="eth0",name="",namespace="web",pod="native"} 4300
# HELP container_network_receive_packets_dropped_total Cumulative count of packets dropped while receiving
# TYPE container_network_receive_packets_dropped_total counter
container_network_receive_packets_dropped_total{id="/",image="",interface="eni1aaa",name="",namespace="",pod=""} 7
# HELP container_memory_working_set_bytes Current working set in bytes.
# TYPE container_memory_working_set_bytes gauge
container_memory_working_set_bytes{id="/system.slice/containerd.service",image="",name="",namespace="",pod=""} 5e+07
container_memory_working_set_bytes{id="/kubepods/besteffort/pod42",image="",name="",namespace="web",pod="native"} 2e+07
""",
    "b": """# HELP container_network_receive_bytes_total Cumulative count of bytes received
# TYPE container_network_receive_bytes_total counter
container_network_receive_bytes_total{id="/",image="",interface="eth0",name="",namespace="",pod=""} 700000
container_network_receive_bytes_total{id="/",image="",interface="lxc1ddd",name="",namespace="",pod=""} 5000
container_network_receive_bytes_total{id="/",image="",interface="cni0",name="",namespace="",pod=""} 6000
# HELP container_network_transmit_bytes_total Cumulative count of bytes transmitted
# TYPE container_network_transmit_bytes_total counter
container_network_transmit_bytes_total{id="/",image="",interface="lxc1ddd",name="",namespace="",pod=""} 555
""",
}

SHIM = """# HELP pod_interface_shim Host-side interface of a pod network interface.
# TYPE pod_interface_shim gauge
pod_interface_shim{node="node-a",namespace="default",pod="web",uid="u1",interface="eni1aaa",pod_interface="eth0"} 1
pod_interface_shim{node="node-a",namespace="data",pod="multi",uid="u2",interface="eni2bbb",pod_interface="eth0"} 1
pod_interface_shim{node="node-a",namespace="data",pod="multi",uid="u2",interface="eni3ccc",pod_interface="net1"} 1
pod_interface_shim{node="node-a",namespace="web",pod="native",uid="u4",interface="eni9nat",pod_interface="eth0"} 1
pod_interface_shim{node="node-b",namespace="default",pod="api",uid="u3",interface="lxc1ddd",pod_interface="eth0"} 1
"""


class Exporter(BaseHTTPRequestHandler):
    def do_GET(self):
        body = {"/a/metrics/cadvisor": CADVISOR["a"], "/b/metrics/cadvisor": CADVISOR["b"], "/metrics": SHIM}.get(
            self.path)
        if body is None:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prometheus_config(exporter):
    prefixes = gen.DEFAULT_VETH_PREFIXES
    kps = [gen.from_operator_relabel(gen.to_operator_relabel(r)) for _, r in gen.kps_cadvisor_relabelings(prefixes)]
    plain = next(j for j in gen.scrape_configs(prefixes) if j["job_name"] == gen.CADVISOR_JOB)
    return {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(ROOT / "install" / "prometheus" / "cni-metrics.rules.yml")],
        "scrape_configs": [
            {   # kube-prometheus-stack: the cAdvisor endpoint honours labels; `node` is a target label
                "job_name": "kps-kubelet", "metrics_path": "/a/metrics/cadvisor", "honor_labels": True,
                "static_configs": [{"targets": [exporter], "labels": {"node": "node-a"}}],
                "metric_relabel_configs": kps,
            },
            {   # plain Prometheus: the snippet's kubelet job, static target instead of node discovery
                "job_name": "plain-kubelet", "metrics_path": "/b/metrics/cadvisor",
                "static_configs": [{"targets": [exporter], "labels": {"node": "node-b"}}],
                "metric_relabel_configs": plain["metric_relabel_configs"],
            },
            {
                "job_name": gen.AGENT_JOB, "honor_labels": True,
                "static_configs": [{"targets": [exporter], "labels": {"namespace": "cni-metrics", "pod": "agent-x"}}],
            },
        ],
    }


def query(base, promql):
    url = f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": promql})
    with NO_PROXY.open(url, timeout=5) as r:
        doc = json.load(r)
    if doc.get("status") != "success":
        raise AssertionError(f"query {promql}: {doc}")
    return [(r["metric"], float(r["value"][1])) for r in doc["data"]["result"]]


def keyed(results, *labels):
    return {tuple(m.get(k, "") for k in labels): v for m, v in results}


CHECKS = []


def check(name):
    def wrap(fn):
        CHECKS.append((name, fn))
        return fn
    return wrap


@check("host veth series are renamed to network:*, on both relabel variants")
def _(q):
    got = keyed(q("network:container_network_receive_bytes_total"), "node", "interface")
    want = {("node-a", "eni1aaa"): 1000, ("node-a", "eni2bbb"): 2000, ("node-a", "eni3ccc"): 3000,
            ("node-a", "eni9nat"): 9000, ("node-b", "lxc1ddd"): 5000}
    assert got == want, f"got {got}"
    assert keyed(q("network:container_network_receive_packets_dropped_total"), "node", "interface") == {
        ("node-a", "eni1aaa"): 7}


@check("node interfaces (eth0, cni0) keep their cAdvisor name and labels; kube-prometheus-stack drops node eth0 as before")
def _(q):
    got = keyed(q('container_network_receive_bytes_total{pod=""}'), "job", "node", "interface", "id")
    want = {("plain-kubelet", "node-b", "eth0", "/"): 700000, ("plain-kubelet", "node-b", "cni0", "/"): 6000}
    assert got == want, f"got {got}"
    got = q('{__name__=~".*container_network_.*", job="kps-kubelet", interface="eth0", pod=""}')
    assert got == [], f"the chart's own rule drops pod-less cgroup series such as node-a's eth0, got {got}"


@check("joined series carry the pod, with the pod's direction (host rx = pod tx)")
def _(q):
    got = keyed(q('container_network_transmit_bytes_total{host_interface!=""}'),
                "node", "namespace", "pod", "interface", "host_interface")
    want = {("node-a", "default", "web", "eth0", "eni1aaa"): 1000,
            ("node-a", "data", "multi", "eth0", "eni2bbb"): 2000,
            ("node-a", "data", "multi", "net1", "eni3ccc"): 3000,
            ("node-b", "default", "api", "eth0", "lxc1ddd"): 5000}
    assert got == want, f"got {got}"
    got = keyed(q('container_network_receive_bytes_total{host_interface!=""}'), "pod", "interface")
    assert got == {("web", "eth0"): 111, ("multi", "eth0"): 222, ("multi", "net1"): 333, ("api", "eth0"): 555}, got


@check("a pod cAdvisor already labels is not duplicated, and its own series is untouched")
def _(q):
    got = q('container_network_transmit_bytes_total{namespace="web", pod="native"}')
    assert len(got) == 1, f"got {got}"
    labels, value = got[0]
    assert value == 4300 and labels["id"] == "/kubepods/besteffort/pod42" and "host_interface" not in labels, got


@check("kube-prometheus-stack's drop of pod-less cgroup series still works")
def _(q):
    got = keyed(q('container_memory_working_set_bytes{job="kps-kubelet"}'), "id")
    assert got == {("/kubepods/besteffort/pod42",): 2e7}, f"got {got}"


def check_snippet(work):
    """promtool check config on the plain scrape snippet. Debian's Prometheus is built without
    Kubernetes service discovery, so the discovery blocks become static targets and the in-cluster
    token/CA paths point at local files; every relabel rule and the rule file are checked as shipped."""
    jobs = gen.scrape_configs(gen.DEFAULT_VETH_PREFIXES)
    (work / "token").write_text("t")
    (work / "ca.crt").write_text("")
    for job in jobs:
        assert "kubernetes_sd_configs" in job, job["job_name"]
        job.pop("kubernetes_sd_configs")
        job["static_configs"] = [{"targets": ["127.0.0.1:9"]}]
        if "authorization" in job:
            job["authorization"]["credentials_file"] = str(work / "token")
            job["tls_config"]["ca_file"] = str(work / "ca.crt")
    cfg = work / "snippet.yml"
    cfg.write_text(json.dumps({"rule_files": [str(ROOT / "install/prometheus/cni-metrics.rules.yml")],
                               "scrape_configs": jobs}))
    out = subprocess.run(["promtool", "check", "config", str(cfg)], capture_output=True, text=True)
    if out.returncode != 0:
        raise AssertionError(out.stdout + out.stderr)


def main():
    binary = shutil.which("prometheus")
    if not binary:
        print("relabel_e2e: 'prometheus' is not on PATH; run scripts/install-test-deps.sh (Debian package prometheus)",
              file=sys.stderr)
        return 1
    server = ThreadingHTTPServer(("127.0.0.1", 0), Exporter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    exporter = f"127.0.0.1:{server.server_address[1]}"
    work = Path(tempfile.mkdtemp(prefix="cni-metrics-prom-"))
    (work / "prometheus.yml").write_text(json.dumps(prometheus_config(exporter), indent=1))
    port = free_port()
    log = open(work / "prometheus.log", "w")
    proc = subprocess.Popen([binary, f"--config.file={work / 'prometheus.yml'}", f"--storage.tsdb.path={work / 'data'}",
                             f"--web.listen-address=127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    failed = 0
    try:
        q = lambda promql: query(base, promql)  # noqa: E731
        deadline = time.monotonic() + 90
        while True:
            try:
                if len(q('container_network_transmit_bytes_total{host_interface!=""}')) >= 4:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                print("relabel_e2e: Prometheus produced no joined series within 90 s; its log:\n"
                      + (work / "prometheus.log").read_text()[-3000:], file=sys.stderr)
                return 1
            time.sleep(0.5)
        try:
            check_snippet(work)
            print("ok   promtool check config accepts the plain scrape snippet")
        except AssertionError as e:
            failed += 1
            print(f"FAIL promtool check config on the plain scrape snippet: {e}")
        for name, fn in CHECKS:
            try:
                fn(q)
                print(f"ok   {name}")
            except AssertionError as e:
                failed += 1
                print(f"FAIL {name}: {e}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        server.shutdown()
        log.close()
        shutil.rmtree(work, ignore_errors=True)
    print(f"relabel_e2e: {len(CHECKS) + 1 - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
