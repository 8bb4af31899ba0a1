#!/usr/bin/env python3
"""The one source of every generated file under install/.

Rules, relabel configs and dashboards are written here once and rendered into the files the
install guide ships (a plain Prometheus rule file, the PrometheusRule object, a kube-prometheus-stack
values fragment, a plain Prometheus scrape snippet, a CloudWatch dashboard body, a Grafana
dashboard). `--check` re-renders and fails when a committed file differs, so the two forms of the
rules can never drift apart. Python 3 standard library only.

    python3 install/generate.py            # rewrite the files
    python3 install/generate.py --check    # fail if a committed file is stale
    python3 install/generate.py --veth-prefixes eni,lxc,gke --free-ip-threshold 10
    python3 install/generate.py cloudwatch-dashboard --cluster-id prod --region eu-west-1
    python3 install/generate.py cloudwatch-alarm --cluster-id prod --sns-topic-arn arn:aws:sns:...
"""
import argparse
import json
import re
import sys
from pathlib import Path

INSTALL = Path(__file__).resolve().parent

# Host-side names of pod veths per CNI: AWS VPC CNI (eni), Cilium (lxc), Calico (cali). A node's
# own interfaces (eth0, ens5, cni0, ...) never match. No "veth": cAdvisor never reports interfaces
# named veth* (nor lo*, docker*, nerdctl*), so bridge/flannel/kindnet host veths have no series to
# rename (install/README.md, "What the join does").
DEFAULT_VETH_PREFIXES = ("eni", "lxc", "cali")
DEFAULT_FREE_IP_THRESHOLD = 5
DEFAULT_COVERAGE_THRESHOLD = 0.9
# CniSubnetFreeIPsLow: a few nodes' warm pools (an m5.large's 3 ENIs hold 29 pod IPs).
DEFAULT_SUBNET_FREE_IP_FLOOR = 50
# CniClusterIPHeadroomRunningOut: how far ahead the linear prediction looks, in hours.
DEFAULT_HEADROOM_HORIZON_HOURS = 4

KINDS = ("bytes", "packets", "errors", "packets_dropped")
DIRECTIONS = ("receive", "transmit")
OPPOSITE = {"receive": "transmit", "transmit": "receive"}

# The CNI catalogue: the one list of the names a node report carries and the aggregator publishes,
# shared with the Java code (dev.cnimetrics.report.Catalogue reads the same file).
CATALOGUE_FILE = INSTALL.parent / "report/src/main/resources/dev/cnimetrics/report/catalogue.tsv"


def read_catalogue(path=CATALOGUE_FILE):
    """(name, ipamd metric, kind, unit, origin) per entry, in the file's order."""
    entries = []
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            entries.append(tuple(line.split("\t")))
    return entries


CATALOGUE = read_catalogue()
GAUGES = tuple(e[0] for e in CATALOGUE if e[2] in ("GAUGE", "DERIVED_GAUGE"))
COUNTERS = tuple(e[0] for e in CATALOGUE if e[2] == "COUNTER")
LATENCY = tuple(e[0] for e in CATALOGUE if e[2] == "LATENCY_SUMMARY")
# Coverage datums the aggregator publishes next to the catalogue (checked against its EMF output).
COVERAGE = ("nodesExpected", "nodesReporting", "nodesStale", "nodesFailed")

CADVISOR_JOB = "kubelet"
AGENT_JOB = "cni-metrics-agent"
AGGREGATOR_JOB = "cni-metrics-aggregator"


def cadvisor_name(direction, kind):
    return f"container_network_{direction}_{kind}_total"


# ---------------------------------------------------------------------------------------------
# Relabeling
# ---------------------------------------------------------------------------------------------


def shim_relabel(prefixes):
    """Renames host-veth cAdvisor series (empty pod, veth interface) to network:container_network_*.

    Everything else keeps its name: a node's eth0 (interface does not match), and series cAdvisor
    already attributes to a pod (pod not empty).
    """
    names = "|".join(f"{d}_{k}" for d in DIRECTIONS for k in KINDS)
    veth = "|".join(re.escape(p) for p in prefixes)
    return {
        "source_labels": ["__name__", "pod", "interface"],
        "separator": ";",
        "regex": f"container_network_({names})_total;;(?:{veth}).+",
        "target_label": "__name__",
        "replacement": "network:container_network_${1}_total",
        "action": "replace",
    }


# kube-prometheus-stack's default kubelet.serviceMonitor.cAdvisorMetricRelabelings (chart 68 to
# 88.x), restated in the chart's order because a Helm list value replaces the default list whole:
# (what it drops, source labels, regex). Only the last one changes (see kps_cadvisor_relabelings).
KPS_DEFAULT_DROPS = (
    ("container CPU counters the dashboards do not use", ["__name__"],
     "container_cpu_(cfs_throttled_seconds_total|load_average_10s|system_seconds_total|user_seconds_total)"),
    ("filesystem series that are rarely useful or always zero", ["__name__"],
     "container_fs_(io_current|io_time_seconds_total|io_time_weighted_seconds_total|reads_merged_total"
     "|sector_reads_total|sector_writes_total|writes_merged_total)"),
    ("memory series that are rarely useful or always zero", ["__name__"], "container_memory_(mapped_file|swap)"),
    ("process series the dashboards do not use", ["__name__"], "container_(file_descriptors|tasks_state|threads_max)"),
    ("the per-hierarchy copy of memory failure counters", ["__name__", "scope"],
     "container_memory_failures_total;hierarchy"),
    ("host-side CNI interface series; the cni-metrics rename above runs first, so the pod veths it"
     " renamed no longer match", ["__name__", "interface"],
     "container_network_.*;(cali|cilium|cni|lxc|nodelocaldns|tunl).*"),
    ("container spec series (kube-state-metrics has them)", ["__name__"], "container_spec.*"),
)


def kps_cadvisor_relabelings(prefixes):
    """(comment, relabel config) pairs in Prometheus' own snake_case, in order.

    The chart's last default drops every cgroup series with an id but no pod ([id, pod] =~ '.+;'),
    which would drop the renamed host-veth series too (they keep id="/"). It becomes the same drop
    limited to names that still start with container_: every series it dropped before, it drops.
    """
    rules = [("cni-metrics: host-side pod veth series become network:container_network_*.",
              shim_relabel(prefixes))]
    for what, labels, regex in KPS_DEFAULT_DROPS:
        cfg = {"source_labels": labels}
        if len(labels) > 1:
            cfg["separator"] = ";"
        cfg.update({"regex": regex, "action": "drop"})
        rules.append((f"chart default: drop {what}.", cfg))
    rules.append((
        "chart default, changed by cni-metrics: drop cgroup series without a pod, except the renamed"
        " network:container_network_* series (the chart's rule is [id, pod] =~ '.+;').",
        {"source_labels": ["__name__", "id", "pod"], "separator": ";", "regex": "container_[^;]*;.+;",
         "action": "drop"},
    ))
    return rules


def to_operator_relabel(cfg):
    """Prometheus relabel config -> prometheus-operator RelabelConfig (camelCase keys)."""
    keys = {"source_labels": "sourceLabels", "target_label": "targetLabel"}
    return {keys.get(k, k): v for k, v in cfg.items()}


def from_operator_relabel(cfg):
    """The operator's translation back to Prometheus' keys (used by the Prometheus e2e check)."""
    keys = {"sourceLabels": "source_labels", "targetLabel": "target_label"}
    return {keys.get(k, k): v for k, v in cfg.items()}


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


def join_expr(direction, kind):
    """cAdvisor host-veth counter joined to its pod, recorded under the pod's direction.

    The cAdvisor series keeps every label it has (job, metrics_path, instance, node, cluster, and
    whatever a user's relabeling adds); pod_interface_shim only adds namespace and pod, and the
    pod-side interface name where the agent knows it (the host veth moves to host_interface).
    Multiplying by the shim's value 1 leaves the counter unchanged. The shim side is reduced to
    one series per (node, interface) so that a pod recreated under the same deterministic veth
    name (Calico, AWS VPC CNI) never makes two matches: its counter simply resets, as cAdvisor's
    own series does. A pod that cAdvisor already attributes itself (containerd serves each pod's
    sandbox series) gets nothing, whatever its interfaces are called: the dashboards sum every
    series of a pod, so a second one would double its traffic. Only real cAdvisor series have no
    host_interface, which keeps this rule's own output out of that test.
    """
    pod_direction = OPPOSITE[direction]
    return (
        "label_replace(\n"
        "  label_replace(\n"
        "    label_replace(\n"
        f"      network:{cadvisor_name(direction, kind)}\n"
        "      * on (node, interface) group_left (namespace, pod, pod_interface)\n"
        "        max by (node, interface, namespace, pod, pod_interface) (pod_interface_shim),\n"
        '      "host_interface", "$1", "interface", "(.+)"\n'
        "    ),\n"
        '    "interface", "$1", "pod_interface", "(.+)"\n'
        "  ),\n"
        '  "pod_interface", "", "", ""\n'
        ")\n"
        "unless on (node, namespace, pod)\n"
        f'  {cadvisor_name(pod_direction, kind)}{{pod!="", host_interface=""}}\n'
    )


def recording_rules():
    rules = []
    for kind in KINDS:
        for direction in DIRECTIONS:
            rules.append({"record": cadvisor_name(OPPOSITE[direction], kind), "expr": join_expr(direction, kind)})
    return rules


HEADROOM_RECORD = "cluster:cni_metrics_available_ip_addresses:sum"


def headroom_rules():
    # Sum of every node's free pod IPs (ipamd's total - assigned, as the agents report them). `by
    # (cluster)` keeps clusters apart where targets carry that label and is one series where not.
    return [{
        "record": HEADROOM_RECORD,
        "expr": 'sum by (cluster) (cni_metrics_node_ipamd{metric="availableIPAddresses"})\n',
    }]


def exhaustion_alerts(subnet_floor, horizon_hours):
    return [
        {
            "alert": "CniNodeNoFreeIPs",
            "expr": (
                'max by (node) (increase(cni_metrics_node_ipamd{metric="noAvailableIPAddresses"}[10m])) > 0\n'
                'and on (node)\n'
                'max by (node) (cni_metrics_node_ipamd{metric="availableIPAddresses"}) == 0\n'
            ),
            "for": "5m",
            "labels": {"severity": "critical"},
            "annotations": {
                "summary": "Node {{ $labels.node }} has no free pod IPs; {{ $value }} pod IP assignments failed in 10 minutes.",
                "description": (
                    "ipamd on {{ $labels.node }} has 0 free IPs in its pool and counts pod IP assignments"
                    " that failed for it (awscni_no_available_ip_addresses): pods there are stuck in"
                    " ContainerCreating with 'failed to assign an IP address to container'. Check the"
                    " node's subnet (CniSubnetFreeIPsLow), its ENI limit (maxIPAddresses) and ipamd's"
                    " log (aws-node pod on the node)."
                ),
            },
        },
        {
            "alert": "CniClusterIPHeadroomRunningOut",
            "expr": (
                f"predict_linear({HEADROOM_RECORD}[1h], {horizon_hours} * 3600) <= 0\n"
                f"and {HEADROOM_RECORD} > 0\n"
            ),
            "for": "30m",
            "labels": {"severity": "warning"},
            "annotations": {
                "summary": f"Free pod IPs of the cluster are predicted to reach 0 within {horizon_hours} h.",
                "description": (
                    "The sum of the nodes' free pod IPs (ipamd total - assigned) fell steadily over the"
                    f" last hour; at that rate it reaches 0 within {horizon_hours} hours. ipamd refills"
                    " its warm pool as long as subnets and ENI limits allow, so a steady fall means"
                    " they no longer do: check CniSubnetFreeIPsLow and the per-node panels."
                ),
            },
        },
        {
            "alert": "CniSubnetFreeIPsLow",
            "expr": (
                "min by (cluster, subnet_id) (cni_metrics_subnet_available_ip_addresses)\n"
                f"< {subnet_floor}\n"
            ),
            "for": "15m",
            "labels": {"severity": "warning"},
            "annotations": {
                "summary": "Subnet {{ $labels.subnet_id }} has {{ $value }} free IPs left.",
                "description": (
                    "EC2 reports {{ $value }} available IPs in subnet {{ $labels.subnet_id }}"
                    f" (floor {subnet_floor}), one of the subnets this cluster's nodes have ENIs in."
                    " When it reaches 0 ipamd can add no IPs or ENIs there and new pods fail. Add"
                    " capacity (a larger or secondary CIDR with custom networking) or move node groups."
                ),
            },
        },
    ]


def alerting_rules(free_ip_threshold, coverage_threshold, subnet_floor=DEFAULT_SUBNET_FREE_IP_FLOOR,
                   horizon_hours=DEFAULT_HEADROOM_HORIZON_HOURS):
    return exhaustion_alerts(subnet_floor, horizon_hours) + [
        {
            "alert": "CniNodeFreeIPsLow",
            "expr": (
                'max by (node) (cni_metrics_node_ipamd{metric="maxIPAddresses"})\n'
                '- max by (node) (cni_metrics_node_ipamd{metric="assignIPAddresses"})\n'
                f"< {free_ip_threshold}\n"
            ),
            "for": "15m",
            "labels": {"severity": "warning"},
            "annotations": {
                "summary": "Node {{ $labels.node }} can assign only {{ $value }} more pod IPs.",
                "description": (
                    "ipamd on {{ $labels.node }} reports maxIPAddresses - assignIPAddresses = {{ $value }}"
                    f" (threshold {free_ip_threshold}) for 15 minutes. New pods on this node will fail"
                    " with 'failed to assign an IP address to container' once it reaches 0."
                ),
            },
        },
        {
            "alert": "CniIpamdDown",
            "expr": "max by (node) (cni_metrics_agent_ipamd_up) == 0\n",
            "for": "5m",
            "labels": {"severity": "critical"},
            "annotations": {
                "summary": "ipamd metrics on {{ $labels.node }} are unreachable.",
                "description": (
                    "The cni-metrics agent on {{ $labels.node }} cannot read ipamd's /metrics for 5"
                    " minutes. Check the aws-node pod on that node (kubectl -n kube-system get pods"
                    " -o wide | grep aws-node) and the agent log."
                ),
            },
        },
        {
            "alert": "CniAgentResolutionErrors",
            "expr": (
                "sum by (node, reason) (rate(cni_metrics_agent_resolution_errors_total[10m])) > 0\n"
            ),
            "for": "15m",
            "labels": {"severity": "warning"},
            "annotations": {
                "summary": "cni-metrics agent on {{ $labels.node }} fails to map pod interfaces ({{ $labels.reason }}).",
                "description": (
                    "Pod network series of some pods on {{ $labels.node }} have no pod labels."
                    " The agent log names the sandbox and the error."
                ),
            },
        },
        {
            "alert": "CniAgentPodMappingStale",
            "expr": "max by (node) (cni_metrics_agent_shim_age_seconds) > 120\n",
            "for": "10m",
            "labels": {"severity": "warning"},
            "annotations": {
                "summary": "The pod interface mapping on {{ $labels.node }} is {{ $value }} s old.",
                "description": (
                    "The agent on {{ $labels.node }} serves its last good pod_interface_shim series"
                    " because it cannot list pods over CRI or dump host links; pods started since then"
                    " have no pod labels on their network series. The agent log names the error."
                ),
            },
        },
        {
            "alert": "CniAgentDown",
            "expr": f'up{{job="{AGENT_JOB}"}} == 0\n',
            "for": "10m",
            "labels": {"severity": "warning"},
            "annotations": {
                "summary": "Prometheus cannot scrape the cni-metrics agent {{ $labels.instance }}.",
                "description": "The agent's /metrics on {{ $labels.instance }} is down for 10 minutes.",
            },
        },
        {
            "alert": "CniAggregatorNoLeader",
            "expr": f'(sum(cni_metrics_aggregator_leader{{job="{AGGREGATOR_JOB}"}}) or vector(0)) != 1\n',
            "for": "5m",
            "labels": {"severity": "critical"},
            "annotations": {
                "summary": "The cni-metrics aggregator has {{ $value }} leaders (expected 1).",
                "description": (
                    "Cluster CNI metrics are not published while no aggregator replica leads. Check"
                    " the aggregator pods and their Lease in the cni-metrics-aggregator namespace."
                ),
            },
        },
        {
            "alert": "CniAggregatorCoverageLow",
            "expr": (
                '(\n  cni_metrics_aggregator_nodes{state="reporting"}\n'
                '  / ignoring (state) cni_metrics_aggregator_nodes{state="expected"}\n'
                f") < {coverage_threshold}\n"
                "and ignoring (state) cni_metrics_aggregator_leader == 1\n"
            ),
            "for": "15m",
            "labels": {"severity": "warning"},
            "annotations": {
                "summary": "Only {{ $value | humanizePercentage }} of the nodes report CNI metrics.",
                "description": (
                    "Cluster sums published by the aggregator miss nodes. Compare"
                    ' cni_metrics_aggregator_nodes{state="failed"} and the agents\' up series.'
                ),
            },
        },
        {
            "alert": "CniCloudWatchCyclesDropped",
            "expr": "increase(cni_metrics_aggregator_cloudwatch_dropped_cycles_total[30m]) > 0\n",
            "labels": {"severity": "warning"},
            "annotations": {
                "summary": "The aggregator dropped {{ $value }} CloudWatch cycles in 30 minutes.",
                "description": (
                    "PutMetricData keeps failing and the replay backlog overflowed. The aggregator log"
                    " names the error (credentials, IAM namespace condition, throttling)."
                ),
            },
        },
    ]


def rule_groups(free_ip_threshold, coverage_threshold, subnet_floor=DEFAULT_SUBNET_FREE_IP_FLOOR,
                horizon_hours=DEFAULT_HEADROOM_HORIZON_HOURS):
    return [
        {"name": "cni-metrics.pod-network", "rules": recording_rules()},
        {"name": "cni-metrics.ip-headroom", "rules": headroom_rules()},
        {"name": "cni-metrics.alerts",
         "rules": alerting_rules(free_ip_threshold, coverage_threshold, subnet_floor, horizon_hours)},
    ]


# ---------------------------------------------------------------------------------------------
# Plain Prometheus scrape configuration
# ---------------------------------------------------------------------------------------------


def scrape_configs(prefixes, namespace="cni-metrics", aggregator_namespace="cni-metrics-aggregator"):
    in_cluster = {
        "scheme": "https",
        "authorization": {"credentials_file": "/var/run/secrets/kubernetes.io/serviceaccount/token"},
        "tls_config": {"ca_file": "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"},
    }
    pod_sd = {"role": "pod", "namespaces": {"names": [namespace]}}
    # The aggregator runs in a namespace of its own (Pod Security "restricted"; install/README.md).
    aggregator_sd = {"role": "pod", "namespaces": {"names": [aggregator_namespace]}}
    return [
        dict(
            # The job and metrics_path labels the kube-prometheus-stack dashboards select on
            # (job="kubelet", metrics_path="/metrics/cadvisor"), as its kubelet ServiceMonitor sets them.
            {"job_name": CADVISOR_JOB},
            **in_cluster,
            metrics_path="/metrics/cadvisor",
            kubernetes_sd_configs=[{"role": "node"}],
            relabel_configs=[
                # The join key: every cAdvisor series carries its node's name as `node`.
                {"source_labels": ["__meta_kubernetes_node_name"], "target_label": "node"},
                {"source_labels": ["__metrics_path__"], "target_label": "metrics_path"},
            ],
            metric_relabel_configs=[shim_relabel(prefixes)],
        ),
        {
            "job_name": AGENT_JOB,
            # pod_interface_shim's own namespace/pod/node labels must win over the target's.
            "honor_labels": True,
            "kubernetes_sd_configs": [pod_sd],
            "relabel_configs": [
                {"source_labels": ["__meta_kubernetes_pod_label_app_kubernetes_io_name"],
                 "regex": "cni-metrics-agent", "action": "keep"},
                {"source_labels": ["__meta_kubernetes_pod_container_port_name"], "regex": "metrics", "action": "keep"},
                {"source_labels": ["__meta_kubernetes_pod_node_name"], "target_label": "node"},
                {"source_labels": ["__meta_kubernetes_namespace"], "target_label": "namespace"},
                {"source_labels": ["__meta_kubernetes_pod_name"], "target_label": "pod"},
            ],
        },
        {
            "job_name": AGGREGATOR_JOB,
            "kubernetes_sd_configs": [aggregator_sd],
            "relabel_configs": [
                {"source_labels": ["__meta_kubernetes_pod_label_app_kubernetes_io_name"],
                 "regex": "cni-metrics-aggregator", "action": "keep"},
                {"source_labels": ["__meta_kubernetes_pod_container_port_name"], "regex": "metrics", "action": "keep"},
                {"source_labels": ["__meta_kubernetes_namespace"], "target_label": "namespace"},
                {"source_labels": ["__meta_kubernetes_pod_name"], "target_label": "pod"},
            ],
        },
    ]


# ---------------------------------------------------------------------------------------------
# Dashboards
# ---------------------------------------------------------------------------------------------


# One line per subnet: the SubnetId dimension values are the cluster's, not known in advance.
SUBNET_SEARCH = ("SEARCH('{{Kubernetes,CLUSTER_ID,SubnetId}} MetricName=\"subnetAvailableIPAddresses\""
                 " CLUSTER_ID=\"{cluster_id}\"', 'Minimum', 300)")


def cloudwatch_dashboard(cluster_id, region):
    def widget(title, names, stat, x, y, width=8, unit_label=None):
        props = {
            "title": title,
            "view": "timeSeries",
            "stacked": False,
            "region": region,
            "stat": stat,
            "period": 60,
            "metrics": [["Kubernetes", n, "CLUSTER_ID", cluster_id] for n in names],
        }
        if unit_label:
            props["yAxis"] = {"left": {"label": unit_label, "showUnits": False}}
        return {"type": "metric", "x": x, "y": y, "width": width, "height": 6, "properties": props}

    widgets = [
        widget("Pod IPs: assigned / total / max", ["assignIPAddresses", "totalIPAddresses", "maxIPAddresses"],
               "Average", 0, 0),
        widget("ENIs: allocated / max", ["eniAllocated", "eniMaxAvailable"], "Average", 8, 0),
        widget("IPv4 prefixes and per-CIDR assignments", ["totalIPv4Prefixes", "totalAssignedIPv4sPerCidr"],
               "Average", 16, 0),
        widget("ipamd actions in progress", ["ipamdActionInProgress"], "Average", 0, 6),
        widget("AWS API latency (average)", list(LATENCY), "Average", 8, 6, unit_label="ms"),
        widget("Node coverage", list(COVERAGE), "Average", 16, 6),
        widget("Pod IP requests", ["addReqCount", "delReqCount"], "Sum", 0, 12),
        widget("EC2 API requests and errors", ["ec2ApiReqCount", "ec2ApiErrCount", "awsAPIErr"], "Sum", 8, 12),
        widget("ipamd and util errors", ["ipamdErr", "awsUtilErr", "podENIErr"], "Sum", 16, 12),
        widget("Reconciles and forced removals", ["reconcileCount", "forceRemoveENI", "forceRemoveIPs"],
               "Sum", 0, 18),
        widget("Free pod IPs: cluster / node closest to exhaustion",
               ["availableIPAddresses", "minNodeAvailableIPAddresses"], "Minimum", 8, 18),
        widget("Nodes without a free pod IP", ["nodesWithoutAvailableIPAddresses"], "Maximum", 16, 18),
        widget("Pod IP assignments failed: no free IP", ["noAvailableIPAddresses"], "Sum", 0, 24),
        {"type": "metric", "x": 8, "y": 24, "width": 16, "height": 6, "properties": {
            "title": "Free IPs per subnet (EC2 DescribeSubnets)",
            "view": "timeSeries",
            "stacked": False,
            "region": region,
            "stat": "Minimum",
            "period": 300,
            "metrics": [[{"expression": SUBNET_SEARCH.format(cluster_id=cluster_id), "id": "subnets",
                          "label": ""}]],
        }},
    ]
    return {"start": "-PT3H", "periodOverride": "inherit", "widgets": widgets}


def cloudwatch_alarm(cluster_id, region, sns_topic_arn):
    """Input of `aws cloudwatch put-metric-alarm --cli-input-json`: a node without a free pod IP."""
    return {
        "AlarmName": f"cni-metrics-{cluster_id}-nodes-without-free-pod-ips",
        "AlarmDescription": (
            f"A node of cluster {cluster_id} has no free pod IP in ipamd's pool"
            " (nodesWithoutAvailableIPAddresses > 0 in 3 of 5 minutes). Pods scheduled there fail with"
            " 'failed to assign an IP address to container'; see minNodeAvailableIPAddresses,"
            " noAvailableIPAddresses and subnetAvailableIPAddresses."
        ),
        "ActionsEnabled": True,
        "AlarmActions": [sns_topic_arn],
        "OKActions": [sns_topic_arn],
        "Namespace": "Kubernetes",
        "MetricName": "nodesWithoutAvailableIPAddresses",
        "Dimensions": [{"Name": "CLUSTER_ID", "Value": cluster_id}],
        "Statistic": "Maximum",
        "Period": 60,
        "EvaluationPeriods": 5,
        "DatapointsToAlarm": 3,
        "Threshold": 0,
        "ComparisonOperator": "GreaterThanThreshold",
        # No datum means the aggregator is not publishing (CniAggregatorNoLeader covers that), not
        # that every node has IPs: keep the last state rather than turn OK.
        "TreatMissingData": "missing",
    }


def grafana_dashboard():
    ds = {"type": "prometheus", "uid": "${datasource}"}
    pod_sel = 'namespace=~"$namespace", pod=~"$pod", pod!=""'
    panel_id = iter(range(1, 100))

    def ts(title, targets, x, y, unit, w=12):
        return {
            "id": next(panel_id),
            "type": "timeseries",
            "title": title,
            "datasource": ds,
            "gridPos": {"x": x, "y": y, "w": w, "h": 8},
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "options": {"legend": {"displayMode": "table", "placement": "right", "calcs": ["mean", "max"]}},
            "targets": [{"refId": chr(65 + i), "datasource": ds, "expr": e, "legendFormat": l}
                        for i, (e, l) in enumerate(targets)],
        }

    def row(title, y):
        return {"id": next(panel_id), "type": "row", "title": title, "collapsed": False,
                "gridPos": {"x": 0, "y": y, "w": 24, "h": 1}, "panels": []}

    def rate(name):
        return f"sum by (namespace, pod) (rate({name}{{{pod_sel}}}[$__rate_interval]))"

    node_ipamd = 'max by (node) (cni_metrics_node_ipamd{{metric="{}", node=~"$node"}})'
    cluster = 'max(cni_metrics_cluster{{metric="{}"}})'
    panels = [
        row("Pod network (cAdvisor host veths joined with pod_interface_shim)", 0),
        ts("Received by pod", [(rate("container_network_receive_bytes_total"), "{{namespace}}/{{pod}}")], 0, 1, "Bps"),
        ts("Transmitted by pod", [(rate("container_network_transmit_bytes_total"), "{{namespace}}/{{pod}}")],
           12, 1, "Bps"),
        ts("Packets by pod", [(rate("container_network_receive_packets_total"), "rx {{namespace}}/{{pod}}"),
                              (rate("container_network_transmit_packets_total"), "tx {{namespace}}/{{pod}}")],
           0, 9, "pps"),
        ts("Errors and drops by pod",
           [(rate("container_network_receive_errors_total"), "rx err {{namespace}}/{{pod}}"),
            (rate("container_network_transmit_errors_total"), "tx err {{namespace}}/{{pod}}"),
            (rate("container_network_receive_packets_dropped_total"), "rx drop {{namespace}}/{{pod}}"),
            (rate("container_network_transmit_packets_dropped_total"), "tx drop {{namespace}}/{{pod}}")],
           12, 9, "pps"),
        row("CNI IP capacity per node (agent, ipamd)", 17),
        ts("Free pod IPs per node (maxIPAddresses - assignIPAddresses)",
           [(node_ipamd.format("maxIPAddresses") + " - " + node_ipamd.format("assignIPAddresses"), "{{node}}")],
           0, 18, "short"),
        ts("Assigned / total pod IPs per node",
           [(node_ipamd.format("assignIPAddresses"), "assigned {{node}}"),
            (node_ipamd.format("totalIPAddresses"), "total {{node}}")], 12, 18, "short"),
        ts("ENIs per node", [(node_ipamd.format("eniAllocated"), "allocated {{node}}"),
                             (node_ipamd.format("eniMaxAvailable"), "max {{node}}")], 0, 26, "short"),
        ts("ipamd reachable per node", [('max by (node) (cni_metrics_agent_ipamd_up{node=~"$node"})', "{{node}}")],
           12, 26, "short"),
        ts("Free pod IPs in ipamd's pool per node (total - assigned)",
           [(node_ipamd.format("availableIPAddresses"), "{{node}}")], 0, 34, "short"),
        ts("Pod IP assignments failed for lack of a free IP, per node",
           [('max by (node) (increase(cni_metrics_node_ipamd{metric="noAvailableIPAddresses", node=~"$node"}'
             '[$__rate_interval]))', "{{node}}")], 12, 34, "short"),
        row("CNI IP capacity for the cluster (aggregator, as published to CloudWatch)", 42),
        ts("Cluster pod IPs", [(cluster.format("assignIPAddresses"), "assigned"),
                               (cluster.format("totalIPAddresses"), "total"),
                               (cluster.format("maxIPAddresses"), "max")], 0, 43, "short"),
        ts("Cluster EC2 API requests and errors per cycle",
           [(cluster.format("ec2ApiReqCount"), "ec2 requests"), (cluster.format("ec2ApiErrCount"), "ec2 errors"),
            (cluster.format("awsAPIErr"), "aws api errors")], 12, 43, "short"),
        ts("Free pod IPs: cluster, node closest to exhaustion, nodes without any",
           [(cluster.format("availableIPAddresses"), "cluster free"),
            (cluster.format("minNodeAvailableIPAddresses"), "fewest on one node"),
            (cluster.format("nodesWithoutAvailableIPAddresses"), "nodes with none")], 0, 51, "short"),
        ts("Free IPs per subnet (EC2)",
           [("min by (subnet_id) (cni_metrics_subnet_available_ip_addresses)", "{{subnet_id}}")], 12, 51, "short"),
        ts("Node coverage", [('max by (state) (cni_metrics_aggregator_nodes{state=~"expected|reporting|stale|failed"})'
                              ' and on () (max(cni_metrics_aggregator_leader) == 1)', "{{state}}")],
           0, 59, "short"),
        ts("AWS API latency", [(cluster.format("awsAPILatency"), "average")], 12, 59, "ms"),
    ]

    def var(name, query, multi=True):
        return {"name": name, "type": "query", "datasource": ds, "query": {"query": query, "refId": name},
                "definition": query, "refresh": 2, "multi": multi, "includeAll": True, "allValue": ".*",
                "current": {"text": "All", "value": "$__all"}}

    return {
        "title": "cni-metrics: pod network and CNI IP capacity",
        "uid": "cni-metrics",
        "tags": ["cni-metrics", "kubernetes", "network"],
        "schemaVersion": 39,
        "editable": True,
        "time": {"from": "now-3h", "to": "now"},
        "refresh": "1m",
        "templating": {"list": [
            {"name": "datasource", "type": "datasource", "query": "prometheus", "current": {}},
            var("namespace", 'label_values(container_network_receive_bytes_total{pod!=""}, namespace)'),
            var("pod", 'label_values(container_network_receive_bytes_total{namespace=~"$namespace", pod!=""}, pod)'),
            var("node", "label_values(cni_metrics_node_ipamd, node)"),
        ]},
        "panels": panels,
    }


# ---------------------------------------------------------------------------------------------
# A small YAML emitter (block style) so the generator needs nothing beyond the standard library.
# ---------------------------------------------------------------------------------------------

_PLAIN = re.compile(r"^[A-Za-z_/][A-Za-z0-9_./-]*$")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def _scalar(v):
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return repr(v)
    if _PLAIN.match(v) and v.lower() not in _RESERVED:
        return v
    return "'" + v.replace("'", "''") + "'"


def _emit(obj, indent, out):
    pad = "  " * indent
    if isinstance(obj, dict):
        for k, v in obj.items():
            key = _scalar(k)
            if isinstance(v, str) and "\n" in v:
                out.append(f"{pad}{key}: |{'' if v.endswith(chr(10)) else '-'}")
                out.extend(f"{pad}  {line}" if line else "" for line in v.rstrip("\n").split("\n"))
            elif isinstance(v, (dict, list)) and v:
                out.append(f"{pad}{key}:")
                _emit(v, indent + 1 if isinstance(v, dict) else indent, out)
            else:
                out.append(f"{pad}{key}: {_flow_empty(v)}")
    elif isinstance(obj, list):
        for item in obj:
            if isinstance(item, dict) and item:
                sub = []
                _emit(item, indent + 1, sub)
                first = sub[0]
                out.append(f"{pad}- {first[len(pad) + 2:]}")
                out.extend(sub[1:])
            elif isinstance(item, list):
                raise ValueError("nested lists are not used")
            else:
                out.append(f"{pad}- {_scalar(item)}")
    else:
        raise ValueError(f"cannot emit {obj!r}")


def _flow_empty(v):
    if v == {}:
        return "{}"
    if v == []:
        return "[]"
    return _scalar(v)


def yaml_dump(obj, header=""):
    out = []
    _emit(obj, 0, out)
    return header + "\n".join(out) + "\n"


def _emit_commented_list(pairs, indent):
    """A YAML list whose items each carry a comment line (the values fragment reads as documentation)."""
    out = []
    pad = "  " * indent
    for comment, item in pairs:
        out.append(f"{pad}# {comment}")
        sub = []
        _emit([item], indent, sub)
        out.extend(sub)
    return out


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------

GENERATED = "# Generated by install/generate.py; edit the generator, not this file.\n"


def render(args):
    prefixes = tuple(p for p in args.veth_prefixes.split(",") if p)
    groups = rule_groups(args.free_ip_threshold, args.coverage_threshold, args.subnet_free_ip_floor,
                         args.headroom_horizon_hours)
    files = {}

    files["prometheus/cni-metrics.rules.yml"] = yaml_dump({"groups": groups}, GENERATED)
    # The Helm chart's PrometheusRule reads this copy (.Files.Get sees only the chart's own files).
    files["helm/cni-metrics/files/cni-metrics.rules.yml"] = files["prometheus/cni-metrics.rules.yml"]

    files["kubernetes/base/prometheusrule.yaml"] = yaml_dump({
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        # Named: the base has two namespaces, so kustomize sets none for it.
        "metadata": {"name": "cni-metrics", "namespace": "cni-metrics",
                     "labels": {"app.kubernetes.io/part-of": "cni-metrics"}},
        "spec": {"groups": groups},
    }, GENERATED)

    values = [
        GENERATED.rstrip("\n"),
        "# kube-prometheus-stack values fragment: pass with `helm upgrade ... -f` next to your own values.",
        "# The kubelet ServiceMonitor's cAdvisor endpoint already carries `node` (the operator sets it from",
        "# the kubelet Endpoints' Node targetRef) and honorLabels, so only the metric relabelings change.",
        "# Helm replaces lists whole: this list puts the cni-metrics rename first, then restates the chart's\n# eight default drops, one of them changed (see its comment).",
        "kubelet:",
        "  serviceMonitor:",
        "    cAdvisorMetricRelabelings:",
    ]
    values += _emit_commented_list(
        [(c, to_operator_relabel(r)) for c, r in kps_cadvisor_relabelings(prefixes)], 2)
    files["prometheus/kube-prometheus-stack-values.yaml"] = "\n".join(values) + "\n"
    # The chart's NOTES.txt prints this fragment for the release's veth prefixes.
    files["helm/cni-metrics/files/kube-prometheus-stack-values.yaml"] = files["prometheus/kube-prometheus-stack-values.yaml"]

    files["prometheus/scrape-config.yml"] = yaml_dump(
        {"scrape_configs": scrape_configs(prefixes)},
        GENERATED
        + "# Plain Prometheus (no operator): add these jobs to prometheus.yml, load\n"
        + "# install/prometheus/cni-metrics.rules.yml under rule_files. The cAdvisor job is named `kubelet`\n"
        + "# and sets `node` and `metrics_path` as kube-prometheus-stack does, because its dashboards select\n"
        + "# job=\"kubelet\", metrics_path=\"/metrics/cadvisor\" (kubernetes-mixin's defaults select\n"
        + "# job=\"cadvisor\": rename the job to match your dashboards). If you already scrape cAdvisor, add\n"
        + "# its relabel_configs and metric_relabel_configs entries to your job instead (two jobs of one\n"
        + "# name are a configuration error).\n",
    )

    files["aws/cloudwatch-dashboard.json"] = json.dumps(
        cloudwatch_dashboard(args.cluster_id, args.region), indent=2) + "\n"
    files["aws/cloudwatch-alarm-nodes-without-free-ips.json"] = json.dumps(
        cloudwatch_alarm(args.cluster_id, args.region, args.sns_topic_arn), indent=2) + "\n"
    files["grafana/cni-metrics-dashboard.json"] = json.dumps(grafana_dashboard(), indent=2) + "\n"
    return files


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("what", nargs="?", choices=["all", "cloudwatch-dashboard", "cloudwatch-alarm"], default="all",
                   help="'cloudwatch-dashboard' prints a dashboard body, 'cloudwatch-alarm' the"
                        " put-metric-alarm input, for --cluster-id/--region (and --sns-topic-arn) to stdout")
    p.add_argument("--check", action="store_true", help="fail if a committed file differs from its rendering")
    p.add_argument("--veth-prefixes", default=",".join(DEFAULT_VETH_PREFIXES),
                   help="comma-separated host-side pod interface prefixes (default %(default)s)")
    p.add_argument("--free-ip-threshold", type=int, default=DEFAULT_FREE_IP_THRESHOLD,
                   help="CniNodeFreeIPsLow fires below this many assignable IPs (default %(default)s)")
    p.add_argument("--coverage-threshold", type=float, default=DEFAULT_COVERAGE_THRESHOLD,
                   help="CniAggregatorCoverageLow fires below this reporting/expected ratio (default %(default)s)")
    p.add_argument("--subnet-free-ip-floor", type=int, default=DEFAULT_SUBNET_FREE_IP_FLOOR,
                   help="CniSubnetFreeIPsLow fires below this many free IPs in a subnet (default %(default)s)")
    p.add_argument("--headroom-horizon-hours", type=int, default=DEFAULT_HEADROOM_HORIZON_HOURS,
                   help="CniClusterIPHeadroomRunningOut looks this many hours ahead (default %(default)s)")
    p.add_argument("--cluster-id", default="my-cluster", help="CLUSTER_ID dimension in the CloudWatch dashboard")
    p.add_argument("--region", default="us-east-1", help="region of the CloudWatch dashboard's metrics")
    p.add_argument("--sns-topic-arn", default="arn:aws:sns:us-east-1:111122223333:cni-metrics-alerts",
                   help="SNS topic the example CloudWatch alarm notifies")
    args = p.parse_args(argv)
    if not re.fullmatch(r"[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*", args.veth_prefixes):
        p.error(f"--veth-prefixes: expected comma-separated interface name prefixes, found '{args.veth_prefixes}'")
    return args


def main(argv):
    args = parse_args(argv)
    if args.what == "cloudwatch-dashboard":
        print(json.dumps(cloudwatch_dashboard(args.cluster_id, args.region), indent=2))
        return 0
    if args.what == "cloudwatch-alarm":
        print(json.dumps(cloudwatch_alarm(args.cluster_id, args.region, args.sns_topic_arn), indent=2))
        return 0
    stale = []
    for rel, text in render(args).items():
        path = INSTALL / rel
        if args.check:
            if not path.exists() or path.read_text() != text:
                stale.append(rel)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    if stale:
        print("install/generate.py --check: generated files differ from the generator: "
              + ", ".join("install/" + s for s in stale)
              + "; run 'python3 install/generate.py' and commit the result", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
