#!/usr/bin/env python3
"""Which code may import which, checked on the sources (production code, src/main/java).

Maven already keeps a module from importing a module it does not depend on; this adds what Maven
cannot see:
  1. no cycle between the packages of a module (a cycle makes two packages one concept in two
     places: neither can be read, tested or moved alone). A module's root package
     (dev.cnimetrics.cri, dev.cnimetrics.netns, ...) is its entry point and holds the types its
     subpackages share (exceptions, error reasons); imports of it do not count;
  2. the rules below, between modules and packages Maven lets meet (a module's README says the
     same in words, under "Imports").
A rule is (importing package prefix, imported package prefix, why). Python 3 standard library only.

    python3 scripts/checks/imports.py            # check the tree
    python3 scripts/checks/imports.py --selftest # prove the check fails on a cycle and a forbidden import
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASE = "dev.cnimetrics"

FORBIDDEN = (
    (f"{BASE}.report", f"{BASE}.", "the report contract is shared by both programs and imports neither"),
    (f"{BASE}.httpserver", f"{BASE}.", "the HTTP server knows no program and no report"),
    (f"{BASE}.config", f"{BASE}.", "the value grammar is shared by both programs and imports neither"),
    (f"{BASE}.httpclient", f"{BASE}.agent", "the HTTP client is shared by both programs and imports neither"),
    (f"{BASE}.httpclient", f"{BASE}.aggregator", "the HTTP client is shared by both programs and imports neither"),
    (f"{BASE}.cri", f"{BASE}.agent", "the CRI client is a library: it imports only the value grammar"),
    (f"{BASE}.cri", f"{BASE}.aggregator", "the CRI client is a library: it imports only the value grammar"),
    (f"{BASE}.cri", f"{BASE}.netns", "the CRI client is a library: it imports only the value grammar"),
    (f"{BASE}.cri", f"{BASE}.report", "the CRI client is a library: it imports only the value grammar"),
    (f"{BASE}.netns", f"{BASE}.", "the netns resolver is a library: it imports no other part of the project"),
    (f"{BASE}.testkit", f"{BASE}.agent", "the test kit serves every module's tests; it imports only the libraries"),
    (f"{BASE}.testkit", f"{BASE}.aggregator", "the test kit serves every module's tests; it imports only the libraries"),
    (f"{BASE}.agent", f"{BASE}.aggregator", "the agent and the aggregator meet only in the report module"),
    (f"{BASE}.aggregator", f"{BASE}.agent", "the agent and the aggregator meet only in the report module"),
)

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
        for target, where in sorted(edges.items()):
            for src, dst, why in FORBIDDEN:
                if (pkg == src or pkg.startswith(src + ".")) and target.startswith(dst) and not (
                        target == src or target.startswith(src + ".")):
                    errors.append(f"{where}: {pkg} imports {target}, expected none ({why})")
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
    print(f"imports selftest: {len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


def main(argv):
    if argv[1:] == ["--selftest"]:
        return selftest()
    files = sources()
    g = graph(files)
    errors = problems(g)
    for e in errors:
        print(f"FAIL {e}")
    print(f"imports: {len(files)} files, {len(g)} packages, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
