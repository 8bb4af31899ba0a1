#!/usr/bin/env python3
"""Runs the real agent and aggregator jars on the jlink runtimes scripts/runtime.sh built, against
loopback fakes only (a fake ipamd serving the agent tests' ipamd fixture,
agent/src/test/resources/ipamd/current.prom; the agent itself for the aggregator), and keeps what they print for the dashboard name check.

    run_jars.py RUNTIMES_DIR OUT_DIR

RUNTIMES_DIR holds agent/ and aggregator/ as scripts/runtime.sh build made them. Every process is
started here and stopped here by PID. No traffic leaves 127.0.0.1 (--imds=false everywhere).
"""
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATALOGUE_TSV = HERE.parents[2] / "report/src/main/resources/dev/cnimetrics/report/catalogue.tsv"
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
# The pod interface shim has its own tests against a real containerd; here the agent runs without
# a container runtime whatever the caller's environment says (scripts/test.sh exports one).
ENV = dict(os.environ, CNI_METRICS_CRI_ENDPOINT="none")
# The agent tests' ipamd dump and the exact report they expect from it: one fixture set.
FIXTURES = HERE.parents[2] / "agent/src/test/resources/ipamd"
IPAMD = (FIXTURES / "current.prom").read_bytes()
# Sums over label series of the fixture, by CloudWatch name (what the report must carry).
EXPECTED_REPORT = {k: v for k, v in json.loads((FIXTURES / "current.report.json").read_text()).items()
                   if k in ("gauges", "counters", "latency")}


def grown(text, n):
    """The fixture after n more requests: every counter +n, every latency summary +n calls of 10 ms,
    so the aggregator sees increases (counter deltas, latency average) as from a busy ipamd."""
    types, out = {}, []
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split()
            types[name] = kind
        elif line and not line.startswith("#"):
            name = line.split("{")[0].split(" ")[0]
            series, value = line.rsplit(" ", 1)
            family = name.rsplit("_", 1)[0]
            if types.get(name) == "counter" or (types.get(family) == "summary" and name.endswith("_count")):
                line = f"{series} {float(value) + n}"
            elif types.get(family) == "summary" and name.endswith("_sum"):
                line = f"{series} {float(value) + 10 * n}"
        out.append(line)
    return "\n".join(out) + "\n"


class FakeIpamd(BaseHTTPRequestHandler):
    """/metrics: the fixture as is; /growing/metrics: the fixture, busier at every request."""

    hits = 0

    def do_GET(self):
        if self.path == "/metrics":
            body = IPAMD
        elif self.path == "/growing/metrics":
            FakeIpamd.hits += 1
            body = grown(IPAMD.decode(), FakeIpamd.hits).encode()
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


IMDS_TOKEN = "check-token"
# The agent's instance and its one ENI, as IMDSv2 answers them (EC2 User Guide, instance metadata
# categories); the subnet is the one FakeEc2Subnets knows.
IMDS_VALUES = {
    "/latest/meta-data/instance-id": "i-0a1b2c3d4e5f60001",
    "/latest/meta-data/instance-type": "m5.large",
    "/latest/meta-data/placement/region": "us-east-1",
    "/latest/meta-data/placement/availability-zone": "us-east-1a",
    "/latest/meta-data/network/interfaces/macs/": "0e:00:00:00:00:01/",
    "/latest/meta-data/network/interfaces/macs/0e:00:00:00:00:01/interface-id": "eni-0a1b2c3d4e5f60001",
    "/latest/meta-data/network/interfaces/macs/0e:00:00:00:00:01/subnet-id": "subnet-0a1b2c3d4e5f60001",
    "/latest/meta-data/network/interfaces/macs/0e:00:00:00:00:01/local-ipv4s": "\n".join(
        f"10.0.1.{i}" for i in range(10, 21)),
}


class FakeImds(BaseHTTPRequestHandler):
    """IMDSv2: PUT /latest/api/token, then GETs with the token (a stand-in; no IMDS here)."""

    def do_PUT(self):
        self.answer(200, IMDS_TOKEN if self.path == "/latest/api/token" else "")

    def do_GET(self):
        if self.headers.get("X-aws-ec2-metadata-token") != IMDS_TOKEN:
            self.answer(401, "")
        elif self.path in IMDS_VALUES:
            self.answer(200, IMDS_VALUES[self.path])
        else:
            self.answer(404, "")

    def answer(self, status, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class FakeEc2Subnets(BaseHTTPRequestHandler):
    """EC2 DescribeSubnets in the query protocol's XML (a stand-in for the name check only; the
    aggregator's FakeEc2 test double checks the request and its signature)."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n<DescribeSubnetsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">'
                "<requestId>check</requestId><subnetSet><item><subnetId>subnet-0a1b2c3d4e5f60001</subnetId>"
                "<availableIpAddressCount>250</availableIpAddressCount></item></subnetSet></DescribeSubnetsResponse>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml;charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=5):
    with NO_PROXY.open(url, timeout=timeout) as r:
        return r.status, r.read().decode()


def get_status(url, token=None, timeout=5):
    """Status and body, also for an error status (urllib raises on those)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        with NO_PROXY.open(urllib.request.Request(url, headers=headers), timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


class Runner:
    def __init__(self, runtimes, out):
        self.runtimes, self.out = runtimes, out
        self.passed, self.failed = 0, 0

    def java(self, component, *args):
        home = self.runtimes / component
        return [str(home / "java/bin/java"), f"@{home / 'jvm.args'}", "-jar", str(home / "app.jar"), *args]

    def run(self, component, *args, timeout=120):
        return subprocess.run(self.java(component, *args), capture_output=True, text=True, timeout=timeout, env=ENV)

    def check(self, name, ok, detail=""):
        print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + detail}")
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        return ok


def wait_ready(url, proc, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            if get(url, timeout=2)[0] == 200:
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def memory_mib(pid):
    """VmRSS, and its anonymous part (heap, metaspace, stacks, malloc): the rest are clean
    file-backed pages (libjvm.so, the CDS archives, the jimage) the kernel can drop and re-read."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["RssAnon"].split()[0]) / 1024


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main(runtimes, out):
    out.mkdir(parents=True, exist_ok=True)
    r = Runner(runtimes, out)
    ipamd = ThreadingHTTPServer(("127.0.0.1", 0), FakeIpamd)
    threading.Thread(target=ipamd.serve_forever, daemon=True).start()
    ipamd_url = f"http://127.0.0.1:{ipamd.server_address[1]}/metrics"
    imds = ThreadingHTTPServer(("127.0.0.1", 0), FakeImds)
    threading.Thread(target=imds.serve_forever, daemon=True).start()
    ec2 = ThreadingHTTPServer(("127.0.0.1", 0), FakeEc2Subnets)
    threading.Thread(target=ec2.serve_forever, daemon=True).start()
    procs = []
    try:
        # --help / --version on the jlink runtime
        for c in ("agent", "aggregator"):
            res = r.run(c, "--help")
            text = res.stdout + res.stderr
            r.check(f"{c} --help on the jlink runtime", res.returncode == 0 and "Usage:" in text,
                    f"rc={res.returncode} {text[-2000:]}")
            res = r.run(c, "--version")
            text = res.stdout + res.stderr
            r.check(f"{c} --version", res.returncode == 0 and f"cni-metrics-{c}" in text, f"rc={res.returncode} {text[-2000:]}")

        # The compiled catalogue, as the jar lists it: the repository's catalogue.tsv, line for line.
        res = subprocess.run([str(runtimes / "agent/java/bin/java"), "-cp", str(runtimes / "agent/app.jar"),
                              "dev.cnimetrics.report.Catalogue"], capture_output=True, text=True, timeout=60)
        source = [line for line in CATALOGUE_TSV.read_text().splitlines() if line.strip() and not line.startswith("#")]
        r.check("the agent jar's Catalogue lists report/.../catalogue.tsv",
                res.returncode == 0 and res.stdout.splitlines() == source,
                f"rc={res.returncode} {res.stdout} {res.stderr[-1000:]}")
        (out / "catalogue.tsv").write_text(res.stdout)

        # --once=report against the fake ipamd: the 20 catalogue values, summed over label series.
        res = r.run("agent", "--once=report", "--node-name=check-node", f"--ipamd-url={ipamd_url}", "--imds=false")
        (out / "agent-report.json").write_text(res.stdout)
        try:
            report = json.loads(res.stdout)
            got = {k: report[k] for k in ("gauges", "counters", "latency")}
            r.check("agent --once=report reads every catalogue value from ipamd",
                    res.returncode == 0 and report["ipamd"]["up"] is True and got == EXPECTED_REPORT,
                    f"rc={res.returncode} got {got} stderr {res.stderr[-1000:]}")
        except (ValueError, KeyError) as e:
            r.check("agent --once=report prints the node report", False, f"{e}: {res.stdout[:500]} {res.stderr[-1000:]}")

        res = r.run("agent", "--once=metrics", "--node-name=check-node", f"--ipamd-url={ipamd_url}", "--imds=false")
        (out / "agent-once-metrics.txt").write_text(res.stdout)
        r.check("agent --once=metrics prints the exposition",
                res.returncode == 0 and 'cni_metrics_node_ipamd{metric="assignIPAddresses"' in res.stdout,
                f"rc={res.returncode} {res.stdout[:500]} {res.stderr[-1000:]}")

        # The agent as a server: probes, /metrics, /v1/report, steady-state RSS.
        agent_port = free_port()
        growing_url = ipamd_url.replace("/metrics", "/growing/metrics")
        # With IMDS (the stand-in): the report lists the node's ENI and its subnet.
        agent = subprocess.Popen(r.java("agent", "--node-name=check-node", f"--ipamd-url={growing_url}",
                                        f"--imds-endpoint=http://127.0.0.1:{imds.server_address[1]}",
                                        f"--listen=127.0.0.1:{agent_port}", "--refresh-interval=1s"),
                                 stdout=open(out / "agent.log", "w"), stderr=subprocess.STDOUT, env=ENV)
        procs.append(agent)
        base = f"http://127.0.0.1:{agent_port}"
        ready = wait_ready(f"{base}/readyz", agent)
        r.check("agent server answers /readyz", ready, (out / "agent.log").read_text()[-2000:])
        if ready:
            r.check("agent server answers /healthz", get(f"{base}/healthz")[0] == 200)
            status, body = get(f"{base}/metrics")
            (out / "agent-metrics.txt").write_text(body)
            r.check("agent server /metrics has ipamd up", status == 200 and "cni_metrics_agent_ipamd_up" in body, body[:300])
            # Let it refresh and serve a while, as in a pod, before reading its resident memory.
            for _ in range(20):
                get(f"{base}/metrics")
                get(f"{base}/v1/report")
                time.sleep(0.5)
            rss, anon = memory_mib(agent.pid)
            # Informational only: no CRI runtime and no pods here. The footprint figure with its
            # target is scripts/bench.sh's "agent RSS, steady (250 pods)".
            print(f"info: agent VmRSS {rss:.1f} MiB (RssAnon {anon:.1f}) on the jlink runtime with ipamd and"
                  " IMDS stand-ins and no CRI runtime; the 250-pod figure is scripts/bench.sh's")

            # The aggregator against the running agent: EMF on stdout (what CloudWatch would get),
            # its /metrics scraped while it runs.
            agg_port = free_port()
            # EC2 DescribeSubnets against the stand-in, so the subnet and per-node datums are published too.
            # Six cycles: the first DescribeSubnets of a cold JVM takes a few seconds, and cycles never wait for it.
            agg = subprocess.Popen(r.java("aggregator", f"--agents=127.0.0.1:{agent_port}", "--cycles=6", "--interval=2s",
                                          "--sinks=emf,prometheus", "--cluster-id=check-cluster", "--region=us-east-1",
                                          f"--ec2-endpoint=http://127.0.0.1:{ec2.server_address[1]}",
                                          "--per-node-gauges=1", "--imds=false", f"--listen=127.0.0.1:{agg_port}"),
                                   stdout=subprocess.PIPE, stderr=open(out / "aggregator.log", "w"), text=True,
                                   env=dict(ENV, AWS_ACCESS_KEY_ID="AKIDCHECK", AWS_SECRET_ACCESS_KEY="check-secret"))
            procs.append(agg)
            agg_metrics = ""
            deadline = time.monotonic() + 90
            while agg.poll() is None and time.monotonic() < deadline:
                try:
                    status, body = get(f"http://127.0.0.1:{agg_port}/metrics", timeout=2)
                    if status == 200 and "cni_metrics_cluster{" in body:
                        agg_metrics = body
                except OSError:
                    pass
                time.sleep(0.3)
            try:
                emf, _ = agg.communicate(timeout=max(1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                stop(agg)
                emf = ""
            (out / "emf.jsonl").write_text(emf)
            (out / "aggregator-metrics.txt").write_text(agg_metrics)
            r.check("aggregator --cycles=6 runs against the agent and exits 0", agg.returncode == 0,
                    f"rc={agg.returncode} {(out / 'aggregator.log').read_text()[-2000:]}")
            r.check("aggregator prints EMF lines", '"CloudWatchMetrics"' in emf, emf[:500])
            r.check("aggregator publishes the agent's subnet from EC2 DescribeSubnets",
                    '"SubnetId":"subnet-0a1b2c3d4e5f60001","subnetAvailableIPAddresses":250.0' in emf, emf[-1500:])
            r.check("aggregator /metrics serves cni_metrics_cluster while running", bool(agg_metrics),
                    (out / "aggregator.log").read_text()[-2000:])

        # --auth-token-file on both jars, as the auth-token overlay mounts it: the agent refuses
        # /metrics and /v1/report without the token and the aggregator scrapes it with it; the
        # rotation's second accepted token (--auth-accept-token-file) is served too.
        token_file = out / "auth-token"
        token_file.write_text("run-jars-token-0123456789abcdef\n")
        token = token_file.read_text().strip()
        accept_file = out / "auth-accept-token"
        accept_file.write_text("run-jars-next-token-0123456789abcdef\n")
        tok_port = free_port()
        tok_agent = subprocess.Popen(r.java("agent", "--node-name=token-node", f"--ipamd-url={ipamd_url}", "--imds=false",
                                            f"--listen=127.0.0.1:{tok_port}", "--refresh-interval=1s",
                                            f"--auth-token-file={token_file}",
                                            f"--auth-accept-token-file={accept_file}"),
                                     stdout=open(out / "agent-token.log", "w"), stderr=subprocess.STDOUT, env=ENV)
        procs.append(tok_agent)
        tbase = f"http://127.0.0.1:{tok_port}"
        if r.check("agent with --auth-token-file answers /readyz without a token", wait_ready(f"{tbase}/readyz", tok_agent),
                   (out / "agent-token.log").read_text()[-2000:]):
            refused = [get_status(f"{tbase}{p}") for p in ("/metrics", "/v1/report")]
            r.check("agent with --auth-token-file answers 401 to /metrics and /v1/report without it",
                    [st for st, _ in refused] == [401, 401], str(refused))
            st, body = get_status(f"{tbase}/v1/report", token)
            r.check("agent with --auth-token-file serves /v1/report with it", st == 200 and '"token-node"' in body, body[:300])
            st, body = get_status(f"{tbase}/v1/report", accept_file.read_text().strip())
            r.check("agent with --auth-accept-token-file serves /v1/report with the accepted token too",
                    st == 200 and '"token-node"' in body, body[:300])
            res = r.run("aggregator", f"--agents=127.0.0.1:{tok_port}", "--cycles=2", "--interval=1s", "--sinks=emf",
                        "--cluster-id=check-cluster", "--region=us-east-1", "--imds=false",
                        f"--listen=127.0.0.1:{free_port()}", f"--auth-token-file={token_file}")
            lines = [json.loads(l) for l in res.stdout.splitlines() if l.startswith("{")]
            r.check("aggregator with the same --auth-token-file gets the agent's report",
                    res.returncode == 0 and lines and lines[-1].get("nodesReporting") == 1,
                    f"rc={res.returncode} {res.stdout[-500:]} {res.stderr[-1500:]}")
    finally:
        for p in procs:
            stop(p)
        ipamd.shutdown()
        imds.shutdown()
        ec2.shutdown()
    print(f"run_jars: {r.passed} passed, {r.failed} failed")
    return 1 if r.failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()))
