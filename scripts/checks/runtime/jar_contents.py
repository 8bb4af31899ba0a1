#!/usr/bin/env python3
"""No test-only class in a shipped jar (issue #13: test code once reached the agent's jar).

    jar_contents.py JAR...      list each jar; exit 1 naming every test-only class found
    jar_contents.py --selftest  prove each rule fails on a jar holding such a class, passes a clean one

A class of the project (dev/cnimetrics/...) is test-only when it
  - lies in a test-only package: dev/cnimetrics/testkit/ (the testkit module), or the packages that
    held the test kit before it had a module, dev/cnimetrics/cri/lifecycle/ and dev/cnimetrics/cri/tool/;
  - is named like a test or a test double: *Test, *IT, Fake*, *StandIn (nested classes by their
    outer class);
  - or was compiled from a module's src/test (its name is in some */target/test-classes), which
    catches test helpers with ordinary names.
Classes of other projects are not judged: libraries ship their own (guava's FakeTimeLimiter).
Resources only tests read are test-only too: cri's descriptor set runtime/v1/api.protoset (the
tests and the test kit's podctl print and read text-format messages with it; the shipped lite
messages need none).
"""
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PROJECT = "dev/cnimetrics/"
TEST_ONLY_PACKAGES = ("dev/cnimetrics/testkit/", "dev/cnimetrics/cri/lifecycle/", "dev/cnimetrics/cri/tool/")
TEST_ONLY_RESOURCES = ("runtime/v1/api.protoset",)


def test_classes(root):
    """Every class name compiled from a module's src/test under root."""
    names = set()
    for d in root.glob("*/target/test-classes"):
        names.update(p.relative_to(d).as_posix() for p in d.rglob("*.class"))
    return names


def why_test_only(entry, from_tests):
    """The rule an entry of a jar breaks, or None."""
    if entry in TEST_ONLY_RESOURCES:
        return "a resource only tests read"
    if not entry.startswith(PROJECT) or not entry.endswith(".class"):
        return None
    for package in TEST_ONLY_PACKAGES:
        if entry.startswith(package):
            return f"test-only package {package}"
    simple = entry.rsplit("/", 1)[-1][: -len(".class")].split("$", 1)[0]
    if simple.endswith(("Test", "IT")):
        return "named like a test (*Test, *IT)"
    if simple.startswith("Fake") or simple.endswith("StandIn"):
        return "named like a test double (Fake*, *StandIn)"
    if entry in from_tests:
        return "compiled from a module's src/test"
    return None


def check(jar, from_tests):
    """(lines to print, number of test-only classes) for one jar."""
    with zipfile.ZipFile(jar) as z:
        entries = z.namelist()
    classes = [e for e in entries if e.endswith(".class")]
    own = [e for e in classes if e.startswith(PROJECT)]
    bad = [(e, why) for e in entries if (why := why_test_only(e, from_tests))]
    lines = [f"FAIL {jar}: {e} ({why})" for e, why in bad]
    lines.append(
        f"jar_contents: {jar}: {len(classes)} classes, {len(own)} of the project, "
        + (f"{len(bad)} test-only" if bad else "no test-only class or resource")
    )
    return lines, len(bad)


def selftest():
    """Each rule on a jar that breaks only it; a clean jar passes."""
    cases = {
        "testkit package": "dev/cnimetrics/testkit/cri/PodRequest.class",
        "old lifecycle package": "dev/cnimetrics/cri/lifecycle/SandboxLifecycle.class",
        "old tool package": "dev/cnimetrics/cri/tool/PodCtl.class",
        "*Test": "dev/cnimetrics/agent/AgentMainTest.class",
        "*IT nested": "dev/cnimetrics/agent/e2e/ShimSeriesIT$Pod.class",
        "Fake*": "dev/cnimetrics/agent/testing/FakeImds.class",
        "*StandIn": "dev/cnimetrics/agent/e2e/CadvisorStandIn.class",
        "from src/test": "dev/cnimetrics/cri/CriErrorCounters.class",
        "test-only resource": "runtime/v1/api.protoset",
    }
    clean = ["dev/cnimetrics/agent/Agent.class", "com/google/common/util/concurrent/FakeTimeLimiter.class"]
    from_tests = {"dev/cnimetrics/cri/CriErrorCounters.class"}
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, bad) in enumerate(list(cases.items()) + [("clean", None)]):
            jar = Path(tmp) / f"case{i}.jar"
            with zipfile.ZipFile(jar, "w") as z:
                for e in clean + ([bad] if bad else []):
                    z.writestr(e, b"\xca\xfe\xba\xbe")
            lines, n = check(jar, from_tests)
            expected = 1 if bad else 0
            named = bad is None or any(bad in line for line in lines)
            if n == expected and named:
                print(f"ok   selftest {name}: {'fails naming ' + bad if bad else 'passes'}")
            else:
                failures += 1
                print(f"FAIL selftest {name}: expected {expected} test-only class, got {n}: {lines}")
    return failures


def main(argv):
    if argv == ["--selftest"]:
        return 1 if selftest() else 0
    if not argv or any(a.startswith("-") for a in argv):
        print("usage: jar_contents.py JAR... | --selftest", file=sys.stderr)
        return 2
    from_tests = test_classes(ROOT)
    total = 0
    for jar in argv:
        if not Path(jar).is_file():
            print(f"FAIL {jar}: expected a jar; found no such file (build it: mvn -B -DskipTests package)")
            total += 1
            continue
        lines, n = check(jar, from_tests)
        print("\n".join(lines))
        total += n
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
