#!/usr/bin/env python3
"""Which code may import which, checked on the sources (production code, src/main/java).

Maven already keeps a module from importing a module it does not depend on; this adds what Maven
cannot see:
  1. no cycle between the packages of a module (a cycle makes two packages one concept in two
     places: neither can be read, tested or moved alone). A module's root package
     (dev.cnimetrics.cri, dev.cnimetrics.netns, ...) is its entry point and holds the types its
     subpackages share (exceptions, error reasons); imports of it do not count;
  2. which modules each module may import (ALLOWED below; the top README's layout table, column "may
     import", says the same), which Maven alone cannot hold: a transitive dependency is on the classpath.
Python 3 standard library only.

    python3 scripts/checks/imports.py            # check the tree
    python3 scripts/checks/imports.py --selftest # prove the check fails on a cycle and a forbidden import
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASE = "dev.cnimetrics"

# Which modules of this project each module may import: the top README's layout table, "may import".
# Maven's dependencies let more meet (a transitive dependency is on the classpath); this holds the line.
ALLOWED = {
    "cri": {"config"},
    "testkit": {"cri"},
    "netns": set(),
    "httpserver": set(),
    "httpclient": {"config"},
    "config": set(),
    "report": set(),
    "agent": {"cri", "netns", "httpserver", "httpclient", "config", "report"},
    "aggregator": {"httpserver", "httpclient", "config", "report"},
}

IMPORT = re.compile(r"^import\s+(?:static\s+)?([\w.]+)\s*;", re.M)
PACKAGE = re.compile(r"^package\s+([\w.]+)\s*;", re.M)


def graph(files):
    """package -> {imported project package: first file that imports it}"""
    out = {}
    for f in files:
        text = f.read_text()
        m = PACKAGE.search(text)
        if not m:
            continue
        pkg = m.group(1)
        edges = out.setdefault(pkg, {})
        for imp in IMPORT.findall(text):
            if not imp.startswith(BASE + "."):
                continue
            # dev.cnimetrics.x.y.Type[.Nested][.member] -> the package is the part before the
            # first capitalised segment
            parts = imp.split(".")
            cut = next((i for i, p in enumerate(parts) if p[:1].isupper()), len(parts))
            target = ".".join(parts[:cut])
            if target != pkg:
                edges.setdefault(target, f.relative_to(ROOT) if f.is_relative_to(ROOT) else f)
    return out


def module_of(pkg):
    return ".".join(pkg.split(".")[:3])


def cycles(g):
    """Cycles between packages of one module, each as a list of packages."""
    found, state, stack = [], {}, []

    def visit(p):
        state[p] = 1
        stack.append(p)
        for q in sorted(g.get(p, {})):
            if module_of(q) != module_of(p) or q not in g or q == module_of(q):
                continue
            if state.get(q) == 1:
                found.append(stack[stack.index(q):] + [q])
            elif q not in state:
                visit(q)
        stack.pop()
        state[p] = 2

    for p in sorted(g):
        if p not in state:
            visit(p)
    return found


def problems(g):
    errors = []
    for cycle in cycles(g):
        hops = " -> ".join(cycle)
        where = "; ".join(f"{a} imports {b} in {g[a][b]}" for a, b in zip(cycle, cycle[1:]))
        errors.append(f"package cycle {hops} ({where})")
    for pkg, edges in sorted(g.items()):
        own = module_of(pkg).split(".")[-1]
        for target, where in sorted(edges.items()):
            other = module_of(target).split(".")[-1]
            if other == own:
                continue
            allowed = ALLOWED.get(own)
            if allowed is None:
                errors.append(f"{where}: module {own} is not in scripts/checks/imports.py's ALLOWED table")
            elif other not in allowed:
                may = f"only {', '.join(sorted(allowed))}" if allowed else "nothing"
                errors.append(f"{where}: {pkg} imports {target}, expected {may} of this project"
                              f" (the top README's layout table)")
    return errors


def readme_table(text):
    """module -> set of modules, from the top README's layout table (column "may import")."""
    out = {}
    for m in re.finditer(r"^\| `(\w+)/` \|.*\| ([^|]*) \|$", text, re.M):
        cell = m.group(2).strip()
        out[m.group(1)] = set() if cell in ("nothing", "") else {c.strip() for c in cell.split(",")}
    return out


def readme_problems(text):
    table = {k: v for k, v in readme_table(text).items() if k not in ("install", "scripts")}
    errors = []
    for module in sorted(set(table) | set(ALLOWED)):
        if table.get(module) != ALLOWED.get(module):
            errors.append(f"README.md layout table: {module} may import {sorted(table.get(module, []))},"
                          f" scripts/checks/imports.py ALLOWED says {sorted(ALLOWED.get(module, []))}")
    return errors


def sources():
    return sorted(p for p in ROOT.glob("*/src/main/java/**/*.java"))


def selftest():
    import tempfile
    cases = {
        "a cycle between two packages": {
            "dev/cnimetrics/aggregator/a/A.java": "package dev.cnimetrics.aggregator.a;\nimport dev.cnimetrics.aggregator.b.B;\n",
            "dev/cnimetrics/aggregator/b/B.java": "package dev.cnimetrics.aggregator.b;\nimport dev.cnimetrics.aggregator.a.A;\n",
        },
        "the report module importing the agent": {
            "dev/cnimetrics/report/R.java": "package dev.cnimetrics.report;\nimport dev.cnimetrics.agent.Agent;\n",
            "dev/cnimetrics/agent/Agent.java": "package dev.cnimetrics.agent;\n",
        },
        "the agent importing the aggregator": {
            "dev/cnimetrics/agent/A.java": "package dev.cnimetrics.agent;\nimport static dev.cnimetrics.aggregator.x.Y.z;\n",
        },
    }
    failed = 0
    drifted = readme_problems("| `report/` | the contract | config |\n")
    ok = any("report may import ['config']" in e for e in drifted)
    failed += not ok
    print(f"{'ok  ' if ok else 'FAIL'} selftest: a README table that allows what ALLOWED does not: {drifted[:1]}")
    for name, files in cases.items():
        with tempfile.TemporaryDirectory() as d:
            paths = []
            for rel, text in files.items():
                p = Path(d) / rel
                p.parent.mkdir(parents=True, exist_ok=True)
                p.write_text(text)
                paths.append(p)
            errs = problems(graph(paths))
            ok = len(errs) == 1
            failed += not ok
            print(f"{'ok  ' if ok else 'FAIL'} selftest: {name}: {errs}")
    print(f"imports selftest: {len(cases) + 1 - failed} passed, {failed} failed")
    return 1 if failed else 0


def main(argv):
    if argv[1:] == ["--selftest"]:
        return selftest()
    files = sources()
    g = graph(files)
    errors = problems(g) + readme_problems((ROOT / "README.md").read_text())
    for e in errors:
        print(f"FAIL {e}")
    print(f"imports: {len(files)} files, {len(g)} packages, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
