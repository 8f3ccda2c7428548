{{/*
NetworkPolicy peers for a datastore: (dict "store" .Values.networkPolicy.postgres "name" "postgres").
With cidrs, the store is outside the cluster: one ipBlock per CIDR and no selector (values
files cannot empty the default podSelector with {}: Helm merges maps). Otherwise a selector
peer (namespaceSelector {} = the release's namespace).
*/}}
{{- define "cbc-analytics.storePeers" -}}
{{- $s := .store -}}
{{- if $s.cidrs }}
{{- range $s.cidrs }}
- ipBlock:
    cidr: {{ . }}
{{- end }}
{{- else if $s.podSelector }}
- podSelector:
    {{- toYaml $s.podSelector | nindent 4 }}
  {{- with $s.namespaceSelector }}
  namespaceSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- else }}
{{- /* An empty `to` would allow every destination on the port: refuse instead. */}}
{{- fail (printf "networkPolicy.%s: set podSelector or cidrs (an empty peer list would allow every destination)" .name) }}
{{- end }}
{{- end }}

{{/* A peer from a {namespaceSelector, podSelector} value (ingress controller, Prometheus, DNS). */}}
{{- define "cbc-analytics.namespacedPeer" -}}
- namespaceSelector:
    {{- toYaml .namespaceSelector | nindent 4 }}
  podSelector:
    {{- toYaml .podSelector | nindent 4 }}
{{- end }}

{{/*
The CloudNativePG pooler's pods, when postgres.pooler is on: ingest and the admin reach
Postgres through it (same port, the Postgres store's namespace). A store given as cidrs is
outside the cluster and has no pooler here.
*/}}
{{- define "cbc-analytics.poolerPeer" -}}
{{- $ctx := . -}}
{{- if $ctx.Values.postgres.pooler.enabled }}
- podSelector:
    matchLabels:
      cnpg.io/poolerName: {{ $ctx.Values.postgres.pooler.name }}
  {{- with $ctx.Values.networkPolicy.postgres.namespaceSelector }}
  namespaceSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end }}
