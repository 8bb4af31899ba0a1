#!/usr/bin/env python3
"""A stand-in for ipamd's metrics endpoint, for the demo and the benchmark: NOT a real ipamd.

    ipamd_standin.py --dump FILE --port-file FILE [--static]

Serves a recorded ipamd /metrics dump on http://127.0.0.1:<free port>/metrics and writes the port
to --port-file once it listens. Unless --static, every request advances the recording by one step
of a busy node's life (pods added and deleted, EC2 calls and their latency, a reconcile every third
step), so an aggregator sees counter increases as it would from a real ipamd. Listens on 127.0.0.1
only; stops on SIGTERM/SIGINT.
"""
import argparse
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# series (exactly as in the dump) -> increase per step, and every how many steps it increases
ACTIVITY = {
    'awscni_add_ip_req_count': (1, 1),
    'awscni_del_ip_req_count{reason="PodDeleted"}': (1, 1),
    'awscni_ec2api_req_count{fn="DescribeNetworkInterfaces"}': (1, 1),
    'awscni_aws_api_latency_ms_sum{api="DescribeNetworkInterfaces",error="false",status="200"}': (131.5, 1),
    'awscni_aws_api_latency_ms_count{api="DescribeNetworkInterfaces",error="false",status="200"}': (1, 1),
    'awscni_aws_api_latency_ms_sum{api="GetMetadata",error="false",status="200"}': (1.5, 1),
    'awscni_aws_api_latency_ms_count{api="GetMetadata",error="false",status="200"}': (4, 1),
    'awscni_reconcile_count{fn="eniIPPoolReconcileAdd"}': (1, 3),
    'process_cpu_seconds_total': (0.02, 1),
    'promhttp_metric_handler_requests_total{code="200"}': (1, 1),
}


def go_number(v):
    """Numbers the way ipamd's Go client writes them (integers without a fraction)."""
    return str(int(v)) if float(v).is_integer() else repr(v)


class Recording:
    def __init__(self, text, static):
        self.lines = text.splitlines()
        self.static = static
        self.step = 0
        self.lock = threading.Lock()
        self.index = {}
        for i, line in enumerate(self.lines):
            if line and not line.startswith("#"):
                self.index[line.rsplit(" ", 1)[0]] = i
        missing = [s for s in ACTIVITY if s not in self.index]
        if missing:
            raise SystemExit(f"ipamd_standin: the dump lacks the series the activity model advances: {missing}")

    def body(self):
        with self.lock:
            if not self.static:
                self.step += 1
                for series, (inc, every) in ACTIVITY.items():
                    if self.step % every == 0:
                        i = self.index[series]
                        value = float(self.lines[i].rsplit(" ", 1)[1]) + inc
                        self.lines[i] = f"{series} {go_number(round(value, 6))}"
            return ("\n".join(self.lines) + "\n").encode()


def handler(recording):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/metrics":
                self.send_error(404)
                return
            body = recording.body()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dump", required=True, type=Path)
    p.add_argument("--port-file", required=True, type=Path)
    p.add_argument("--static", action="store_true", help="serve the dump unchanged")
    a = p.parse_args()
    recording = Recording(a.dump.read_text(), a.static)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(recording))
    server.daemon_threads = True

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    tmp = a.port_file.with_suffix(".tmp")
    tmp.write_text(f"{server.server_address[1]}\n")
    tmp.rename(a.port_file)
    server.serve_forever()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
