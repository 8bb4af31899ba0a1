#!/usr/bin/env python3
"""Turns the BENCH lines of scripts/bench.sh's harnesses into one table.

    table.py RESULTS_DIR

RESULTS_DIR holds one <harness>.out (its stdout) and one <harness>.rc (its exit code) per harness,
in the order they ran (files are sorted by name). Lines look like

    BENCH|<figure>|<value>|<unit>|<target or ->|<ratio or ->

A target is judged when it is a comparison with a number (<=2000, >=100, ≤64, or a bare number,
which means "exactly"); anything else ("-", "roughly flat") is shown but not judged. A harness that
exited non-zero or printed no BENCH line gets a FAILED row. Exit code: 0 when every harness ran, 1
when one failed; missed targets are in the table (verdict MISSED) and the summary, not the exit code.
"""
import re
import sys
from pathlib import Path

# Maven's -q output leaves colour codes without a newline in front of a harness's first line.
ANSI = re.compile(r"\x1b\[[0-9;]*m")
COMPARISON = re.compile(r"^\s*(<=|>=|≤|≥|<|>|=)?\s*([0-9]+(?:\.[0-9]+)?)\s*$")


def verdict(value, target):
    m = COMPARISON.match(target)
    if not m:
        return "-"
    try:
        v = float(value)
    except ValueError:
        return "MISSED"
    op, limit = m.group(1) or "=", float(m.group(2))
    ok = {
        "<=": v <= limit, "≤": v <= limit, "<": v < limit,
        ">=": v >= limit, "≥": v >= limit, ">": v > limit,
        "=": v == limit,
    }[op]
    return "met" if ok else "MISSED"


def rows(results):
    out, failed = [], []
    for f in sorted(results.glob("*.out")):
        harness = f.stem.split("-", 1)[-1]
        rc_file = f.with_suffix(".rc")
        rc = rc_file.read_text().strip() if rc_file.exists() else "?"
        found = 0
        for line in ANSI.sub("", f.read_text(errors="replace")).splitlines():
            if not line.startswith("BENCH|"):
                continue
            parts = line.split("|")
            if len(parts) != 6:
                out.append((harness, line[6:], "", "", "", "", "MALFORMED"))
                continue
            _, figure, value, unit, target, ratio = parts
            out.append((harness, figure, value, unit, target, ratio, verdict(value, target)))
            found += 1
        if rc != "0" or found == 0:
            why = f"exit {rc}" if rc != "0" else "no BENCH line"
            out.append((harness, f"harness {harness} did not complete ({why}; its log tail follows the table)",
                        "", "", "", "", "FAILED"))
            failed.append(harness)
    return out, failed


def main(results):
    table, failed = rows(results)
    header = ("harness", "figure", "value", "unit", "target", "ratio / comparison", "verdict")
    widths = [max(len(str(r[i])) for r in [header, *table]) for i in range(len(header))]

    def fmt(r):
        return "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()

    print(fmt(header))
    print("  ".join("-" * w for w in widths))
    for r in table:
        print(fmt(r))
    met = sum(1 for r in table if r[6] == "met")
    missed = [r[1] for r in table if r[6] in ("MISSED", "MALFORMED")]
    print()
    print(f"targets: {met} met, {len(missed)} missed" + (": " + "; ".join(missed) if missed else ""))
    if failed:
        print(f"harnesses that did not complete: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(Path(sys.argv[1])))
