{{/*
Object names are fixed, not derived from the release name: the aggregator finds the agents by
app.kubernetes.io/name=cni-metrics-agent, the alerts name the jobs cni-metrics-agent and
cni-metrics-aggregator (the Service names), and the objects stay the ones the kustomize base
installs. One release per namespace.
*/}}

{{/* Labels on every object's metadata: the kustomize base's part-of plus Helm's standard labels. */}}
{{- define "cni-metrics.labels" -}}
app.kubernetes.io/part-of: cni-metrics
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* metadata of a component's object: name, namespace, labels, annotations (the common ones
plus an optional third argument's). */}}
{{- define "cni-metrics.metadata" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $annotations := deepCopy $root.Values.commonAnnotations -}}
{{- if gt (len .) 2 }}{{ $annotations = merge (deepCopy (index . 2)) $annotations }}{{ end -}}
name: cni-metrics-{{ $component }}
namespace: {{ $root.Release.Namespace }}
labels:
  app.kubernetes.io/name: cni-metrics-{{ $component }}
  app.kubernetes.io/component: {{ $component }}
  {{- include "cni-metrics.labels" $root | nindent 2 }}
{{- with $annotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* repository:tag, or repository@digest when a digest is given. */}}
{{- define "cni-metrics.image" -}}
{{- $image := index . 0 -}}
{{- $root := index . 1 -}}
{{- if $image.digest -}}
{{ $image.repository }}@{{ $image.digest }}
{{- else -}}
{{ $image.repository }}:{{ $image.tag | default $root.Chart.AppVersion }}
{{- end -}}
{{- end }}

{{/* The labels of the ServiceMonitors and the PrometheusRule, beyond commonLabels. */}}
{{- define "cni-metrics.prometheusLabels" -}}
{{- $labels := dict -}}
{{- range $k, $v := .Values.prometheus.labels -}}
{{- if not (hasKey $.Values.commonLabels $k) -}}
{{- $_ := set $labels $k $v -}}
{{- else if ne (index $.Values.commonLabels $k) $v -}}
{{- fail (printf "commonLabels.%s and prometheus.labels.%s: expected one value, found %q and %q" $k $k (index $.Values.commonLabels $k) $v) -}}
{{- end -}}
{{- end -}}
{{- with $labels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* HOST:PORT for --listen; an IPv6 address in brackets. */}}
{{- define "cni-metrics.hostPort" -}}
{{- $host := index . 0 -}}
{{- $port := index . 1 -}}
{{- if contains ":" $host -}}
[{{ $host }}]:{{ $port }}
{{- else -}}
{{ $host }}:{{ $port }}
{{- end -}}
{{- end }}
