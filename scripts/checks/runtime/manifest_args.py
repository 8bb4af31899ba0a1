#!/usr/bin/env python3
"""The container args the manifests ship are accepted by the real jars: for every rendered
kustomization, the agent's args run with --once=report (no ipamd, no IMDS) and the aggregator's
args run one cycle against a closed loopback port (its --listen moved to a free loopback port,
--sinks=prometheus added when the manifest names none, so nothing is sent anywhere).

    manifest_args.py RUNTIMES_DIR NAME=ARGS.json ...   (ARGS.json from manifests/container-args.mjs)
"""
import json
import os
import socket
import subprocess
import sys
from pathlib import Path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def java(runtimes, component, args):
    home = runtimes / component
    cmd = [str(home / "java/bin/java"), f"@{home / 'jvm.args'}", "-jar", str(home / "app.jar"), *args]
    # No container runtime here: the shim is off (its flag is not in the manifests, so no clash).
    env = dict(os.environ, CNI_METRICS_CRI_ENDPOINT="none")
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)


def main(runtimes, specs):
    passed = failed = 0
    for spec in specs:
        name, path = spec.split("=", 1)
        containers = json.loads(Path(path).read_text())
        for key, args in sorted(containers.items()):
            if key.startswith("DaemonSet/cni-metrics-agent/"):
                extra = ["--once=report", "--node-name=args-check", "--ipamd-url=none", "--imds=false"]
                res = java(runtimes, "agent", [*args, *extra])
                ok = res.returncode == 0 and res.stdout.lstrip().startswith("{")
            elif key.startswith("Deployment/cni-metrics-aggregator/"):
                run = [a for a in args if not a.startswith("--listen=")]
                run += [f"--listen=127.0.0.1:{free_port()}", f"--agents=127.0.0.1:{free_port()}", "--cycles=1",
                        "--interval=1s", "--imds=false", "--cluster-id=args-check", "--region=us-east-1"]
                if not any(a.startswith("--sinks=") for a in args):
                    run.append("--sinks=prometheus")
                res = java(runtimes, "aggregator", run)
                ok = res.returncode == 0
            else:
                continue
            print(f"{'ok  ' if ok else 'FAIL'} {name}: {key} accepts {args}"
                  + ("" if ok else f": rc={res.returncode} {(res.stdout + res.stderr)[-1500:]}"))
            passed, failed = passed + ok, failed + (not ok)
    print(f"manifest_args: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve(), sys.argv[2:]))
