{{/*
Connection budget: refuse to render a release whose pools can open more Postgres connections
than the server allows. Exhausting max_connections does not fail one component, it fails every
new connection, including the migrations and the humans trying to fix it. The formula is in
values.yaml (postgres.maxConnections); keep the two in step.
*/}}

{{/* Ingest's privacy pool: `max: 2`, fixed in services/api/src/app.ts. */}}
{{- define "cbc-analytics.ingestPrivacyPoolMax" -}}2{{- end }}

{{- define "cbc-analytics.connectionBudget" -}}
{{- $v := .Values }}
{{- $ingestPods := ternary $v.ingest.hpa.maxReplicas $v.ingest.replicas $v.ingest.hpa.enabled | int }}
{{- $ingestPerPod := add $v.ingest.databasePoolMax $v.ingest.databaseReadPoolMax (include "cbc-analytics.ingestPrivacyPoolMax" .) | int }}
{{- $ingest := mul $ingestPods $ingestPerPod }}
{{- $admin := mul $v.admin.replicas $v.admin.databasePoolMax }}
{{- /*
With the pooler, ingest's write pool and the admin's pool are PgBouncer's clients, not
Postgres's: they move to the pooler's own budget (its max_client_conn per pod), and Postgres
sees what PgBouncer opens: default_pool_size per (role, database) pair per pod, two roles.
*/}}
{{- $p := $v.postgres.pooler }}
{{- $poolerClients := 0 }}
{{- $poolerServer := 0 }}
{{- if $p.enabled }}
{{- $poolerClients = add (mul $ingestPods $v.ingest.databasePoolMax) $admin | int }}
{{- $ingest = sub $ingest (mul $ingestPods $v.ingest.databasePoolMax) | int }}
{{- $ingestPerPod = sub $ingestPerPod $v.ingest.databasePoolMax | int }}
{{- $admin = 0 }}
{{- $poolerServer = mul $p.instances $p.defaultPoolSize (include "cbc-analytics.pooledRoles" .) | int }}
{{- end }}
{{- $jobs := 0 }}
{{- /* The build's threads, plus the connection that holds its advisory lock (dbt/scripts/locked_dbt.py). */}}
{{- if $v.dbt.enabled }}{{ $jobs = add $jobs $v.dbt.threads 1 }}{{ end }}
{{- /* The full test pass runs under the same lock: one run holds it with its threads, the other
waits on one connection. */}}
{{- if and $v.dbt.enabled $v.dbtFullTest.enabled }}{{ $jobs = add $jobs 1 }}{{ end }}
{{- if $v.dbtDocs.enabled }}{{ $jobs = add $jobs $v.dbt.threads }}{{ end }}
{{- if $v.retention.enabled }}{{ $jobs = add $jobs (mul 3 $v.retention.connections) }}{{ end }}
{{- if $v.migrations.enabled }}{{ $jobs = add $jobs 1 }}{{ end }}
{{- /* replay-ledger opens a pool of 2 (services/jobs/src/commands/replay-ledger.ts). */}}
{{- if $v.ledgerReplay.enabled }}{{ $jobs = add $jobs 2 }}{{ end }}
{{- $total := add $ingest $admin $poolerServer $jobs $v.postgres.reserve | int }}
{{- dict "ingestPods" $ingestPods "ingestPerPod" $ingestPerPod "ingest" $ingest "admin" $admin "pooler" $poolerServer "jobs" $jobs "reserve" ($v.postgres.reserve | int) "total" $total "max" ($v.postgres.maxConnections | int) "poolerClients" $poolerClients "poolerMaxClients" (mul $p.instances $p.maxClientConn | int) | toJson }}
{{- end }}

{{/* The roles whose pools go through the pooler: cbc_ingest and the admin's; PgBouncer keeps one server pool per role. */}}
{{- define "cbc-analytics.pooledRoles" -}}2{{- end }}

{{/* Fails rendering when the budget is exceeded; renders nothing otherwise. */}}
{{- define "cbc-analytics.checkConnectionBudget" -}}
{{- $b := include "cbc-analytics.connectionBudget" . | fromJson }}
{{- if gt (int $b.total) (int $b.max) }}
{{- fail (printf "connection budget exceeded: ingest %d pods × %d (%s) = %d, admin %d, pooler %d, jobs %d, reserve %d: %d > postgres.maxConnections %d. Lower ingest.hpa.maxReplicas or the pool sizes (postgres.pooler.defaultPoolSize with the pooler), or raise postgres.maxConnections together with the server's max_connections." (int $b.ingestPods) (int $b.ingestPerPod) (ternary "read pool + privacy pool; the write pool is the pooler's" "pool + read pool + privacy pool" .Values.postgres.pooler.enabled) (int $b.ingest) (int $b.admin) (int $b.pooler) (int $b.jobs) (int $b.reserve) (int $b.total) (int $b.max)) }}
{{- end }}
{{- if gt (int $b.poolerClients) (int $b.poolerMaxClients) }}
{{- fail (printf "pooler client budget exceeded: ingest and admin pools open %d connections to the pooler > postgres.pooler.instances × maxClientConn = %d. Raise postgres.pooler.maxClientConn or instances, or lower ingest.hpa.maxReplicas." (int $b.poolerClients) (int $b.poolerMaxClients)) }}
{{- end }}
{{- end }}
