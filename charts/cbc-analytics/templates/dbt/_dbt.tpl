{{/*
dbt's environment: profiles.yml reads every connection setting from DBT_* variables, and dbt
scrubs DBT_ENV_SECRET_* values from its logs. Target and log paths move to writable volumes
(the image's /app/dbt is read-only); HOME=/tmp for the files dbt keeps there.
REPORTING_TIME_ZONE is the API's (ingest.config): the marts' days are local dates in the zone
the metrics API cuts its days in, so both read the one value.
(dict "ctx" $ "targetPath" "/tmp/dbt-target")
*/}}
{{- define "cbc-analytics.dbtEnv" -}}
{{- $v := .ctx.Values -}}
- name: DBT_HOST
  value: {{ $v.postgres.host | quote }}
- name: DBT_PORT
  value: {{ $v.postgres.port | quote }}
- name: DBT_DATABASE
  value: {{ $v.postgres.database | quote }}
- name: DBT_USER
  value: {{ $v.dbt.user | quote }}
- name: DBT_SSLMODE
  value: {{ $v.postgres.sslMode | quote }}
{{ include "cbc-analytics.secretEnv" (dict "ctx" .ctx "name" "DBT_ENV_SECRET_PASSWORD") }}
- name: DBT_TARGET_PATH
  value: {{ .targetPath | quote }}
- name: DBT_LOG_PATH
  value: /tmp/dbt-logs
- name: REPORTING_TIME_ZONE
  value: {{ $v.ingest.config.REPORTING_TIME_ZONE | quote }}
- name: DBT_SEND_ANONYMOUS_USAGE_STATS
  value: "false"
- name: HOME
  value: /tmp
{{- end }}

{{/*
A dbt run under the build's advisory lock: `command`, not args, as the image's ENTRYPOINT is dbt.
The wrapper (dbt/scripts/locked_dbt.py) holds the lock for the whole run (concurrencyPolicy only
keeps one CronJob from overlapping itself, not the build and the full test pass, nor a manual or
local run) and runs dbt as its child; it exits 75 when the lock stays taken. The build and the
full test pass both run through it, so a test pass never reads marts a build is rewriting.
  lockedDbtCommand: (dict "ctx" $ "command" "build"), a JSON list
  lockedDbtEnv:     (dict "ctx" $ "lockWaitSeconds" 300 "extra" "<YAML env list>"), the env
*/}}
{{- define "cbc-analytics.lockedDbtCommand" -}}
{{- list "python" "/app/dbt/scripts/locked_dbt.py" .command "--profiles-dir" "/app/dbt" "--project-dir" "/app/dbt" "--threads" (.ctx.Values.dbt.threads | toString) | toJson }}
{{- end }}

{{- define "cbc-analytics.lockedDbtEnv" -}}
{{ include "cbc-analytics.dbtEnv" (dict "ctx" .ctx "targetPath" "/tmp/dbt-target") }}
- name: DBT_LOCK_WAIT_SECONDS
  value: {{ .lockWaitSeconds | toString | quote }}
{{- with .extra }}
{{ . }}
{{- end }}
{{- end }}
