{{/*
The pod template of every Job and CronJob: one container, its own ServiceAccount, the hardened
security context and a writable /tmp. Arguments (a dict):
  ctx        the root context
  component  e.g. "migrate", "prune-browsing" (names the ServiceAccount and labels the pod)
  image      an entry of .Values.images
  args       the container args (a list), run by the image's entrypoint
  command    instead of args: the whole command line (a list), overriding any entrypoint
  env        the container's env, as a YAML list string
  resources  requests/limits
  checksums  true to add checksum annotations (CronJobs; never Jobs, whose template is immutable)
  volumeMounts, volumes, affinity   optional YAML strings
*/}}
{{- define "cbc-analytics.jobPodTemplate" -}}
{{- $ctx := .ctx -}}
metadata:
  labels:
    {{- include "cbc-analytics.componentLabels" (dict "ctx" $ctx "component" .component) | nindent 4 }}
  {{- if .checksums }}
  annotations:
    {{- include "cbc-analytics.checksums" $ctx | nindent 4 }}
  {{- end }}
spec:
  serviceAccountName: {{ include "cbc-analytics.componentName" (dict "ctx" $ctx "component" .component) }}
  automountServiceAccountToken: false
  # Never: a failed pod stays for its logs, and the Job's backoffLimit counts the retries.
  restartPolicy: Never
  {{- with include "cbc-analytics.imagePullSecrets" $ctx }}{{ . | nindent 2 }}{{ end }}
  {{- include "cbc-analytics.podSecurityContext" $ctx | nindent 2 }}
  {{- with .affinity }}
  affinity:
    {{- . | nindent 4 }}
  {{- end }}
  containers:
    - name: {{ .component }}
      image: {{ include "cbc-analytics.image" (dict "ctx" $ctx "image" .image) }}
      imagePullPolicy: {{ $ctx.Values.image.pullPolicy }}
      {{- if .command }}
      command:
        {{- toYaml .command | nindent 8 }}
      {{- else }}
      args:
        {{- toYaml .args | nindent 8 }}
      {{- end }}
      env:
        {{- .env | nindent 8 }}
      resources:
        {{- toYaml .resources | nindent 8 }}
      {{- include "cbc-analytics.containerSecurityContext" $ctx | nindent 6 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        {{- with .volumeMounts }}
        {{- . | nindent 8 }}
        {{- end }}
  volumes:
    {{- include "cbc-analytics.tmpVolume" (.tmpSize | default "64Mi") | nindent 4 }}
    {{- with .volumes }}
    {{- . | nindent 4 }}
    {{- end }}
{{- end }}

{{/*
A CronJob around a job pod template. Arguments: those of jobPodTemplate, plus
  name       the CronJob's name
  cron       the settings: schedule, suspend, startingDeadlineSeconds, activeDeadlineSeconds,
             backoffLimit, successfulJobsHistoryLimit, failedJobsHistoryLimit
*/}}
{{- define "cbc-analytics.cronJob" -}}
{{- $ctx := .ctx -}}
apiVersion: batch/v1
kind: CronJob
metadata:
  name: {{ .name }}
  labels:
    {{- include "cbc-analytics.componentLabels" (dict "ctx" $ctx "component" .component) | nindent 4 }}
spec:
  schedule: {{ .schedule | quote }}
  timeZone: {{ $ctx.Values.cronJobs.timeZone }}
  suspend: {{ .cron.suspend }}
  # Forbid: two runs of the same job against one database only contend for locks.
  concurrencyPolicy: Forbid
  # A run missed by more than this (controller down, cluster upgrade) is skipped, not stacked.
  startingDeadlineSeconds: {{ .cron.startingDeadlineSeconds }}
  successfulJobsHistoryLimit: {{ .cron.successfulJobsHistoryLimit }}
  failedJobsHistoryLimit: {{ .cron.failedJobsHistoryLimit }}
  jobTemplate:
    metadata:
      labels:
        {{- include "cbc-analytics.componentLabels" (dict "ctx" $ctx "component" .component) | nindent 8 }}
    spec:
      activeDeadlineSeconds: {{ .cron.activeDeadlineSeconds }}
      backoffLimit: {{ .cron.backoffLimit }}
      template:
        {{- include "cbc-analytics.jobPodTemplate" (merge (dict "checksums" true) .) | nindent 8 }}
{{- end }}
