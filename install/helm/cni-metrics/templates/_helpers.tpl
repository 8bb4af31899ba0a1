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

{{/* A component's namespace: the agent's is the release namespace, the aggregator has one of its
own (Pod Security "restricted"; the agent's must allow "privileged"). */}}
{{- define "cni-metrics.namespace" -}}
{{- $root := index . 0 -}}
{{- if eq (index . 1) "aggregator" -}}
{{- if eq $root.Values.namespaces.aggregator.name $root.Release.Namespace -}}
{{- fail (printf "namespaces.aggregator.name: expected a namespace other than the release namespace (the agent's, Pod Security \"privileged\"), found %q" $root.Release.Namespace) -}}
{{- end -}}
{{ $root.Values.namespaces.aggregator.name }}
{{- else -}}
{{ $root.Release.Namespace }}
{{- end -}}
{{- end }}

{{/* metadata of a component's object: name, namespace, labels, annotations (the common ones
plus an optional third argument's); an optional fourth argument puts it in another namespace
(the aggregator's Role in the agents' namespace). */}}
{{- define "cni-metrics.metadata" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $annotations := deepCopy $root.Values.commonAnnotations -}}
{{- if gt (len .) 2 }}{{ $annotations = merge (deepCopy (index . 2)) $annotations }}{{ end -}}
name: cni-metrics-{{ $component }}
namespace: {{ if gt (len .) 3 }}{{ index . 3 }}{{ else }}{{ include "cni-metrics.namespace" (list $root $component) }}{{ end }}
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

{{/* For auth.enabled: the agent's and the aggregator's --auth-token-file and
--auth-accept-token-file, their mount and their Secret volume (the overlay
install/kubernetes/overlays/auth-token appends the same). */}}
{{- define "cni-metrics.authArg" -}}
- --auth-token-file=/var/run/secrets/cni-metrics/token
- --auth-accept-token-file=/var/run/secrets/cni-metrics/accept-token
{{- end }}

{{- define "cni-metrics.authMount" -}}
- name: auth-token
  mountPath: /var/run/secrets/cni-metrics
  readOnly: true
{{- end }}

{{- define "cni-metrics.authVolume" -}}
- name: auth-token
  projected:
    sources:
      - secret:
          name: {{ .Values.auth.secretName }}
          items:
            - key: {{ .Values.auth.secretKey }}
              path: token
      # Only while a rotation is under way; absent, the file is absent.
      - secret:
          name: {{ .Values.auth.secretName }}
          optional: true
          items:
            - key: {{ .Values.auth.acceptSecretKey }}
              path: accept-token
{{- end }}

{{/* The ServiceMonitors' authorization (Prometheus reads the Secret in each one's namespace). */}}
{{- define "cni-metrics.scrapeAuth" -}}
authorization:
  type: Bearer
  credentials:
    name: {{ .Values.auth.secretName }}
    key: {{ .Values.auth.secretKey }}
{{- end }}
