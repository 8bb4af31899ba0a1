#!/usr/bin/env python3
"""The container args and env the manifests ship are accepted by the real jars: for every rendering
(kustomize or Helm), the agent's args and env run with --once=report (no ipamd, no IMDS), and the
aggregator's args and env run twice:

- as rendered (only what points off the machine replaced: --listen and the agents on free loopback
  ports, --imds=false, CloudWatch/EC2 endpoints on a closed loopback port), until it serves
  /healthz, then stopped with SIGTERM (a clean exit expected). This parses every value the manifest
  gives, in flags or in env (the upstream helper's variables too), and its start line
  (`started ... interval=... sinks=... log_level=...`) shows what they came to;
- for one cycle with --interval=1s, so a cycle runs and publishes (a rendering that names no sinks
  gets --sinks=prometheus; CloudWatch, when chosen, fails on the closed port with fake keys).

    manifest_args.py RUNTIMES_DIR [--expect NAME=TEXT ...] NAME=ARGS.json ...

ARGS.json comes from manifests/container-args.mjs. --expect: the aggregator's started line of
rendering NAME must contain TEXT (e.g. 'interval=1m').
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Nothing the jars do here may leave 127.0.0.1: the shim is off (no container runtime here), and
# CloudWatch, when a rendering chooses it, gets keys that only a real endpoint could reject.
BASE_ENV = dict(os.environ, CNI_METRICS_CRI_ENDPOINT="none",
                AWS_ACCESS_KEY_ID="AKIDARGSCHECK", AWS_SECRET_ACCESS_KEY="args-check")
# Flags whose manifest value points off the machine; replaced (flags win over env).
OFF_MACHINE = ("--listen=", "--agents=", "--imds=", "--cloudwatch-endpoint=", "--ec2-endpoint=")


# What the kubelet puts in downward-API variables on a node here; it expands $(NAME) in args from
# the container's env (literal and downward alike) and leaves unknown names as written.
DOWNWARD = {"HOST_IP": "127.0.0.1"}


# Files the manifests mount from Secrets the user creates (the auth-token overlay's bearer token and
# the second token a rotation accepts):
# written here with a token of the right form, at a path of the check's own, as the kubelet would
# mount them.
SECRET_FILES = ("--auth-token-file=", "--auth-accept-token-file=")


def mount_secrets(args, secrets_dir):
    out = []
    for a in args:
        if a.startswith(SECRET_FILES):
            path = Path(secrets_dir) / a.split("=", 1)[0].lstrip("-")
            path.write_text("args-check-token-0123456789abcdef\n")
            a = a.split("=", 1)[0] + "=" + str(path)
        out.append(a)
    return out


def expand(args, env):
    values = dict(DOWNWARD, **env)
    return [re.sub(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", lambda m: values.get(m.group(1), m.group(0)), a)
            for a in args]


def command(runtimes, component, args):
    home = runtimes / component
    return [str(home / "java/bin/java"), f"@{home / 'jvm.args'}", "-jar", str(home / "app.jar"), *args]


def set_by(args, env, flag, *variables):
    return any(a.startswith(flag + "=") for a in args) or any(env.get(v, "").strip() for v in variables)


def aggregator_args(args, env):
    closed = f"http://127.0.0.1:{free_port()}"
    run = [a for a in args if not a.startswith(OFF_MACHINE)]
    run += [f"--listen=127.0.0.1:{free_port()}", f"--agents=127.0.0.1:{free_port()}", "--imds=false",
            f"--cloudwatch-endpoint={closed}", f"--ec2-endpoint={closed}"]
    if not set_by(args, env, "--cluster-id", "CNI_METRICS_CLUSTER_ID", "AWS_CLUSTER_ID"):
        run.append("--cluster-id=args-check")
    if not set_by(args, env, "--region", "CNI_METRICS_REGION", "AWS_REGION"):
        run.append("--region=us-east-1")
    return run


def started(runtimes, args, env, seconds=60):
    """Runs the aggregator until it serves /healthz, then stops it; returns (ok, its start line or output)."""
    port = next(a for a in args if a.startswith("--listen=")).rsplit(":", 1)[1]
    proc = subprocess.Popen(command(runtimes, "aggregator", args), env=env, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True)
    reader.start()
    serving = False
    deadline = time.monotonic() + seconds
    while not serving and proc.poll() is None and time.monotonic() < deadline:
        try:
            with NO_PROXY.open(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                serving = r.status == 200
        except OSError:
            time.sleep(0.2)
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    reader.join(timeout=5)
    # 143: the JVM reports the SIGTERM itself when main's System.exit(0) races the shutdown hooks.
    if serving and proc.returncode in (0, 143):
        # The start line is INFO: a rendering asking for --log-level=warn or error has none.
        line = next((l.strip() for l in lines if " started mode=" in l), "")
        return True, line[line.index("started mode="):] if line else "serving /healthz"
    return False, f"rc={proc.returncode} {''.join(lines)[-1500:]}"


def one_cycle(runtimes, args, env):
    run = [a for a in args if not a.startswith("--interval=")] + ["--cycles=1", "--interval=1s"]
    if not set_by(args, env, "--sinks", "CNI_METRICS_SINKS", "USE_CLOUDWATCH", "USE_PROMETHEUS"):
        run.append("--sinks=prometheus")
    res = subprocess.run(command(runtimes, "aggregator", run), capture_output=True, text=True, timeout=120, env=env)
    return res.returncode == 0, f"rc={res.returncode} {(res.stdout + res.stderr)[-1500:]}"


def main(argv):
    runtimes = Path(argv[0]).resolve()
    expect, specs = {}, []
    rest = iter(argv[1:])
    for a in rest:
        if a == "--expect":
            name, text = next(rest).split("=", 1)
            expect.setdefault(name, []).append(text)
        else:
            specs.append(a)
    passed = failed = 0
    seen = set()
    secrets = tempfile.mkdtemp(prefix="manifest-args-secrets-")
    for spec in specs:
        name, path = spec.split("=", 1)
        containers = json.loads(Path(path).read_text())
        for key, c in sorted(containers.items()):
            args, env = expand(c["args"], c["env"]), dict(BASE_ENV, **c["env"])
            args = mount_secrets(args, secrets)
            shown = f"{args}" + (f" env {c['env']}" if c["env"] else "")
            if key.startswith("DaemonSet/cni-metrics-agent/"):
                extra = ["--once=report", "--node-name=args-check", "--ipamd-url=none", "--imds=false"]
                res = subprocess.run(command(runtimes, "agent", [*args, *extra]), capture_output=True, text=True,
                                     timeout=120, env=env)
                ok = res.returncode == 0 and res.stdout.lstrip().startswith("{")
                detail = f"rc={res.returncode} {(res.stdout + res.stderr)[-1500:]}"
            elif key.startswith("Deployment/cni-metrics-aggregator/"):
                run = aggregator_args(args, c["env"])
                ok, detail = started(runtimes, run, env)
                if ok:
                    seen.add(name)
                    missing = [t for t in expect.get(name, []) if t not in detail]
                    if missing:
                        ok, detail = False, f"started line lacks {missing}: {detail}"
                    else:
                        shown += f": {detail}"
                if ok:
                    ok, detail = one_cycle(runtimes, run, env)
                    shown += "; one cycle"
            else:
                continue
            print(f"{'ok  ' if ok else 'FAIL'} {name}: {key} accepts {shown}" + ("" if ok else f": {detail}"))
            passed, failed = passed + ok, failed + (not ok)
    for name in sorted(set(expect) - seen):
        print(f"FAIL {name}: expected an aggregator start line containing {expect[name]}, none started")
        failed += 1
    shutil.rmtree(secrets, ignore_errors=True)
    print(f"manifest_args: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
