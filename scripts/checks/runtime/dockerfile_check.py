#!/usr/bin/env python3
"""The Dockerfile builds what CI proves: each final image copies the tree `scripts/runtime.sh build
<component> JAR /opt/cni-metrics` made and starts it exactly as run_jars.py does
(PREFIX/java/bin/java @PREFIX/jvm.args -jar PREFIX/app.jar), without a shell; the aggregator runs as
non-root; no base image floats on `latest`. (No Docker engine here: this and the runtime run are
how the Dockerfile's logic is proven.)"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PREFIX = "/opt/cni-metrics"


def stages(text):
    out, current = {}, None
    args = dict(re.findall(r"^ARG (\w+)=(\S+)$", text, re.M))
    for line in text.splitlines():
        m = re.match(r"FROM (\S+)(?: AS (\S+))?$", line)
        if m:
            image = re.sub(r"\$\{(\w+)\}", lambda a: args.get(a.group(1), a.group(0)), m.group(1))
            current = m.group(2) or image
            out[current] = {"from": image, "lines": []}
        elif current and line and not line.startswith("#"):
            out[current]["lines"].append(line)
    return out


def main():
    text = (ROOT / "Dockerfile").read_text()
    st = stages(text)
    errors = []
    for name, s in st.items():
        if s["from"] not in st and (":" not in s["from"] or s["from"].endswith(":latest")):
            errors.append(f"stage {name}: base image {s['from']} must be pinned to a tag other than latest")
    want_entry = [f"{PREFIX}/java/bin/java", f"@{PREFIX}/jvm.args", "-jar", f"{PREFIX}/app.jar"]
    for component, user in (("agent", "0:0"), ("aggregator", "65532:65532")):
        final, runtime = st.get(component), st.get(f"runtime-{component}")
        if not final or not runtime:
            errors.append(f"Dockerfile: stages '{component}' and 'runtime-{component}' are required")
            continue
        if not any(re.fullmatch(rf"RUN runtime\.sh build {component} \S+ {PREFIX}", l) for l in runtime["lines"]):
            errors.append(f"stage runtime-{component}: expected 'RUN runtime.sh build {component} JAR {PREFIX}'")
        if f"COPY --from=runtime-{component} {PREFIX} {PREFIX}" not in final["lines"]:
            errors.append(f"stage {component}: expected 'COPY --from=runtime-{component} {PREFIX} {PREFIX}'")
        entry = [l for l in final["lines"] if l.startswith("ENTRYPOINT ")]
        if len(entry) != 1 or json.loads(entry[0][len("ENTRYPOINT "):]) != want_entry:
            errors.append(f"stage {component}: ENTRYPOINT must be the exec form {want_entry}, found {entry}")
        if f"USER {user}" not in final["lines"]:
            errors.append(f"stage {component}: expected 'USER {user}'")
        if any(l.startswith(("RUN ", "SHELL ")) for l in final["lines"]):
            errors.append(f"stage {component}: a final image must not need a shell (RUN/SHELL found)")
    # The dependency layer copies every module's pom before the sources (a module left out fails
    # the image build's offline resolution, which nothing else here runs).
    build = st.get("build", {"lines": []})["lines"]
    for module in re.findall(r"<module>([^<]+)</module>", (ROOT / "pom.xml").read_text()):
        if f"COPY {module}/pom.xml {module}/" not in build:
            errors.append(f"stage build: expected 'COPY {module}/pom.xml {module}/' (a module of pom.xml)")
    for e in errors:
        print(f"FAIL {e}")
    print(f"dockerfile_check: {'ok' if not errors else str(len(errors)) + ' problems'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
