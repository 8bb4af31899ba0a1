#!/usr/bin/env python3
"""What scripts/demo.sh prints, made readable. Talks to 127.0.0.1 only.

    show.py ready URL SECONDS          wait until URL answers 200 (exit 1 if it does not in time)
    show.py series URL PREFIX          print the lines of URL's text that start with PREFIX
    show.py pods FILE                  the node's pod list (podctl list, tab-separated) as a table
    show.py cycle EMF_LINE N           one aggregated cycle (an EMF JSON line) as a table
"""
import json
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone

NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get(url, timeout=5):
    with NO_PROXY.open(url, timeout=timeout) as r:
        return r.status, r.read().decode()


def ready(url, seconds):
    deadline = time.monotonic() + float(seconds)
    while time.monotonic() < deadline:
        try:
            if get(url, timeout=2)[0] == 200:
                return 0
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    return 1


def series(url, prefix):
    _, body = get(url)
    lines = [l for l in body.splitlines() if l.startswith(prefix)]
    for l in lines:
        print("  " + l)
    return 0 if lines else 1


def pods(path):
    rows = [("SANDBOX", "POD", "NETWORK", "PAUSE PID", "HOST INTERFACES (CNI result)")]
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if len(f) >= 8:
            rows.append((f[0][:13], f[1], f[4], f[6], f[7]))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    return 0


def cycle(line, n):
    doc = json.loads(line)
    directive = doc["_aws"]["CloudWatchMetrics"][0]
    when = datetime.fromtimestamp(doc["_aws"]["Timestamp"] / 1000, timezone.utc)
    dims = ", ".join(f"{d}={doc[d]}" for d in directive["Dimensions"][0])
    print(f"aggregated cycle {n} at {when:%Y-%m-%dT%H:%M:%SZ}: namespace {directive['Namespace']}, {dims}"
          f" ({len(directive['Metrics'])} metrics, as sent to CloudWatch / written as EMF)")
    for m in directive["Metrics"]:
        value = doc[m["Name"]]
        shown = f"{value:g}" if isinstance(value, (int, float)) else str(value)
        print(f"  {m['Name']:<28} {shown:>10}  {m['Unit']}")
    return 0


def main(argv):
    commands = {"ready": (ready, 2), "series": (series, 2), "pods": (pods, 1), "cycle": (cycle, 2)}
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][1]:
        print(__doc__, file=sys.stderr)
        return 2
    fn, _ = commands[argv[1]]
    return fn(*argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
