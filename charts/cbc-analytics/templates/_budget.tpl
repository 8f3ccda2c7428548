{{/*
Connection budget: refuse to render a release whose pools can open more Postgres connections
than the server allows. Exhausting max_connections does not fail one component, it fails every
new connection, including the migrations and the humans trying to fix it. The formula is in
values.yaml (postgres.maxConnections); keep the two in step.
*/}}

{{/* Ingest's privacy pool: `max: 2`, fixed in services/ingest/src/app.ts. */}}
{{- define "cbc-analytics.ingestPrivacyPoolMax" -}}2{{- end }}

{{- define "cbc-analytics.connectionBudget" -}}
{{- $v := .Values }}
{{- $ingestPods := ternary $v.ingest.hpa.maxReplicas $v.ingest.replicas $v.ingest.hpa.enabled | int }}
{{- $ingestPerPod := add $v.ingest.databasePoolMax $v.ingest.databaseReadPoolMax (include "cbc-analytics.ingestPrivacyPoolMax" .) | int }}
{{- $ingest := mul $ingestPods $ingestPerPod }}
{{- $admin := mul $v.admin.replicas $v.admin.databasePoolMax }}
{{- $jobs := 0 }}
{{- /* The build's threads, plus the connection that holds its advisory lock (dbt/scripts/locked_dbt.py). */}}
{{- if $v.dbt.enabled }}{{ $jobs = add $jobs $v.dbt.threads 1 }}{{ end }}
{{- if $v.dbtDocs.enabled }}{{ $jobs = add $jobs $v.dbt.threads }}{{ end }}
{{- if $v.retention.enabled }}{{ $jobs = add $jobs (mul 3 $v.retention.connections) }}{{ end }}
{{- if $v.migrations.enabled }}{{ $jobs = add $jobs 1 }}{{ end }}
{{- /* replay-ledger opens a pool of 2 (services/jobs/src/commands/replay-ledger.ts). */}}
{{- if $v.ledgerReplay.enabled }}{{ $jobs = add $jobs 2 }}{{ end }}
{{- $total := add $ingest $admin $jobs $v.postgres.reserve | int }}
{{- dict "ingestPods" $ingestPods "ingestPerPod" $ingestPerPod "ingest" $ingest "admin" $admin "jobs" $jobs "reserve" ($v.postgres.reserve | int) "total" $total "max" ($v.postgres.maxConnections | int) | toJson }}
{{- end }}

{{/* Fails rendering when the budget is exceeded; renders nothing otherwise. */}}
{{- define "cbc-analytics.checkConnectionBudget" -}}
{{- $b := include "cbc-analytics.connectionBudget" . | fromJson }}
{{- if gt (int $b.total) (int $b.max) }}
{{- fail (printf "connection budget exceeded: ingest %d pods × %d (pool + read pool + privacy pool) = %d, admin %d, jobs %d, reserve %d: %d > postgres.maxConnections %d. Lower ingest.hpa.maxReplicas or the pool sizes, or raise postgres.maxConnections together with the server's max_connections." (int $b.ingestPods) (int $b.ingestPerPod) (int $b.ingest) (int $b.admin) (int $b.jobs) (int $b.reserve) (int $b.total) (int $b.max)) }}
{{- end }}
{{- end }}
