#!/usr/bin/env python3
"""The CloudWatch dashboard, the Grafana dashboard and the IAM policy reference only what the
project really publishes: names taken from a run of the real jars (run_jars.py's OUT_DIR: the
compiled catalogue's listing, the agent's report and /metrics, the aggregator's EMF lines and
/metrics) and from the recording rules, never from a copied list.

    dashboard_names.py OUT_DIR            # check the shipped files
    dashboard_names.py OUT_DIR --selftest # prove the check fails on broken dashboards
"""
import copy
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CW_DASHBOARD = ROOT / "install/aws/cloudwatch-dashboard.json"
GRAFANA = ROOT / "install/grafana/cni-metrics-dashboard.json"
IAM = ROOT / "install/aws/iam-policy.json"
RULES = ROOT / "install/prometheus/cni-metrics.rules.yml"

SEARCH = re.compile(r"SEARCH\('\{([^}]*)\} MetricName=\"([^\"]+)\"")
SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s")
# A metric name in PromQL: an identifier directly followed by a selector, `{`.
PROMQL_NAME = re.compile(r"([a-zA-Z_:][a-zA-Z0-9_:]*)\{")
METRIC_LABEL = re.compile(r'([a-zA-Z_:][a-zA-Z0-9_:]*)\{[^}]*\bmetric(=~|=)"([^"]*)"')


def exposition(text):
    """sample name -> set of `metric` label values (empty string when it has none)."""
    out = {}
    for line in text.splitlines():
        m = SAMPLE.match(line)
        if m:
            labels = m.group(2) or ""
            lm = re.search(r'\bmetric="([^"]*)"', labels)
            out.setdefault(m.group(1), set()).add(lm.group(1) if lm else "")
    return out


class Published:
    def __init__(self, out_dir):
        d = Path(out_dir)
        self.catalogue = [line.split("\t")[0] for line in (d / "catalogue.tsv").read_text().splitlines() if line]
        report = json.loads((d / "agent-report.json").read_text())
        self.report_names = set(report["gauges"]) | set(report["counters"]) | set(report["latency"])
        self.prom = {}
        for f in ("agent-metrics.txt", "agent-once-metrics.txt", "aggregator-metrics.txt"):
            for name, values in exposition((d / f).read_text()).items():
                self.prom.setdefault(name, set()).update(values)
        self.recorded = set(re.findall(r"^\s*- record: (\S+)$", RULES.read_text(), re.M))
        self.emf_names, self.emf_namespaces, self.emf_dimensions = set(), set(), set()
        for line in (d / "emf.jsonl").read_text().splitlines():
            if not line.startswith("{"):
                continue
            doc = json.loads(line)
            for directive in doc["_aws"]["CloudWatchMetrics"]:
                self.emf_namespaces.add(directive["Namespace"])
                self.emf_dimensions.update(tuple(ds) for ds in directive["Dimensions"])
                self.emf_names.update(m["Name"] for m in directive["Metrics"])


def check_sources(p):
    """The sources agree with each other before they judge the dashboards."""
    errors = []
    if not p.catalogue or set(p.catalogue) != p.report_names:
        errors.append(f"catalogue {sorted(p.catalogue)} and the agent report's names {sorted(p.report_names)} differ")
    missing = set(p.catalogue) - p.emf_names
    if missing:
        errors.append(f"the aggregator's EMF output lacks catalogue names {sorted(missing)}")
    return errors


def check_cloudwatch(p, dashboard):
    errors = []
    used = set()
    for w in dashboard["widgets"]:
        for m in w.get("properties", {}).get("metrics", []):
            if isinstance(m[0], dict):
                # A SEARCH expression: {Namespace,Dim,...} MetricName="name"
                search = SEARCH.search(m[0].get("expression", ""))
                if not search:
                    errors.append(f"CloudWatch widget '{w['properties']['title']}': expression {m[0]} is not a"
                                  " SEARCH over {Namespace,dimensions} MetricName=...")
                    continue
                schema, name = search.group(1).split(","), search.group(2)
                namespace, dims = schema[0], tuple(schema[1:])
            else:
                namespace, name, dims = m[0], m[1], tuple(m[2:-1:2])
            used.add(name)
            if namespace not in p.emf_namespaces:
                errors.append(f"CloudWatch widget '{w['properties']['title']}': namespace {namespace} is not published"
                              f" (published: {sorted(p.emf_namespaces)})")
            if name not in p.emf_names:
                errors.append(f"CloudWatch widget '{w['properties']['title']}': metric {name} is not published")
            if dims not in p.emf_dimensions:
                errors.append(f"CloudWatch widget '{w['properties']['title']}': dimensions {list(dims)} are not"
                              f" published (published: {sorted(p.emf_dimensions)})")
    unshown = p.emf_names - used
    if unshown:
        errors.append(f"CloudWatch dashboard does not show published metrics {sorted(unshown)}")
    return errors


def grafana_exprs(dashboard):
    for panel in dashboard["panels"]:
        for t in panel.get("targets", []):
            yield panel["title"], t["expr"]
    for v in dashboard["templating"]["list"]:
        q = v.get("query")
        if isinstance(q, dict):
            yield f"variable {v['name']}", q["query"]


def check_grafana(p, dashboard):
    errors = []
    known = set(p.prom) | p.recorded
    for where, expr in grafana_exprs(dashboard):
        names = set(PROMQL_NAME.findall(expr)) | set(re.findall(r"label_values\(([a-zA-Z_:][a-zA-Z0-9_:]*)", expr))
        for name in sorted(names - known):
            errors.append(f"Grafana '{where}': metric {name} is neither published by the jars nor recorded by the rules")
        for name, op, value in METRIC_LABEL.findall(expr):
            wanted = set(value.split("|")) if op == "=~" else {value}
            for v in sorted(wanted - p.prom.get(name, set())):
                errors.append(f"Grafana '{where}': {name}{{metric=\"{v}\"}} is not published")
    return errors


def check_iam(p, policy):
    namespaces = {s.get("Condition", {}).get("StringEquals", {}).get("cloudwatch:namespace")
                  for s in policy["Statement"] if "cloudwatch:PutMetricData" in str(s["Action"])}
    if namespaces != p.emf_namespaces:
        return [f"IAM policy allows PutMetricData for namespaces {sorted(map(str, namespaces))}, the aggregator"
                f" publishes to {sorted(p.emf_namespaces)}"]
    return []


def all_errors(p, cw, grafana, iam):
    return check_sources(p) + check_cloudwatch(p, cw) + check_grafana(p, grafana) + check_iam(p, iam)


def selftest(p, cw, grafana, iam):
    def renamed_cw(d):
        d["widgets"][0]["properties"]["metrics"][0][1] = "assignedIPAddresses"

    def dropped_cw(d):
        d["widgets"][-1]["properties"]["metrics"].pop()

    def wrong_dimension(d):
        d["widgets"][0]["properties"]["metrics"][0][2] = "ClusterName"

    def unknown_grafana(d):
        d["panels"][1]["targets"][0]["expr"] = "rate(container_network_receive_bytes{pod!=\"\"}[5m])"

    def bad_label(d):
        d["panels"][-1]["targets"][0]["expr"] = 'max(cni_metrics_cluster{metric="awsApiLatency"})'

    def iam_namespace(d):
        d["Statement"][0]["Condition"]["StringEquals"]["cloudwatch:namespace"] = "ContainerInsights"

    cases = [("CloudWatch widget with a misspelt metric", 0, renamed_cw),
             ("CloudWatch dashboard missing a published metric", 0, dropped_cw),
             ("CloudWatch widget with an unpublished dimension", 0, wrong_dimension),
             ("Grafana panel with an unknown metric name", 1, unknown_grafana),
             ("Grafana panel with an unknown catalogue name", 1, bad_label),
             ("IAM policy for another namespace", 2, iam_namespace)]
    passed = failed = 0
    clean = all_errors(p, cw, grafana, iam)
    for desc, which, mutate in [("the shipped files", None, None)] + cases:
        docs = [copy.deepcopy(cw), copy.deepcopy(grafana), copy.deepcopy(iam)]
        if mutate:
            mutate(docs[which])
        errors = all_errors(p, *docs)
        ok = (not errors) if mutate is None else bool(errors) and not clean
        print(f"{'ok  ' if ok else 'FAIL'} {desc}: {'passes' if mutate is None else 'rejected'}"
              f"{'' if not errors else ' (' + errors[0] + ')'}")
        passed, failed = passed + ok, failed + (not ok)
    print(f"dashboard names selftest: {passed} passed, {failed} failed")
    return 1 if failed else 0


def main(argv):
    p = Published(argv[0])
    docs = [json.loads(f.read_text()) for f in (CW_DASHBOARD, GRAFANA, IAM)]
    if argv[1:] == ["--selftest"]:
        return selftest(p, *docs)
    errors = all_errors(p, *docs)
    for e in errors:
        print(f"FAIL {e}")
    print(f"dashboard names: CloudWatch dashboard, Grafana dashboard and IAM policy checked against"
          f" {len(p.emf_names)} CloudWatch names and {len(p.prom)} Prometheus names published by the jars:"
          f" {'ok' if not errors else str(len(errors)) + ' problems'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
