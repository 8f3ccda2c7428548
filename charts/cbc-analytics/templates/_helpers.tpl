{{/*
Names, labels, images and the pieces every pod shares. Templates compose these; none of them
renders an object on its own.
*/}}

{{/* The chart name, overridable. */}}
{{- define "cbc-analytics.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every object name. Names built on it go through nameWithSuffix, which shortens
this prefix, never the component suffix.
*/}}
{{- define "cbc-analytics.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* chart-version for the helm.sh/chart label. */}}
{{- define "cbc-analytics.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every object carries. */}}
{{- define "cbc-analytics.labels" -}}
helm.sh/chart: {{ include "cbc-analytics.chart" . }}
{{ include "cbc-analytics.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: cbc-analytics
{{- end }}

{{/* The labels that select the release's pods (the default-deny policy uses them). */}}
{{- define "cbc-analytics.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cbc-analytics.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The release's selector labels as a label selector string: `k=v,k=v` (sorted keys). */}}
{{- define "cbc-analytics.selectorString" -}}
{{- $pairs := list }}
{{- range $k, $v := include "cbc-analytics.selectorLabels" . | fromYaml }}
{{- $pairs = append $pairs (printf "%s=%s" $k $v) }}
{{- end }}
{{- join "," $pairs }}
{{- end }}

{{/* Labels of one component: (dict "ctx" $ "component" "ingest"). */}}
{{- define "cbc-analytics.componentLabels" -}}
{{ include "cbc-analytics.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Selector labels of one component: (dict "ctx" $ "component" "ingest"). */}}
{{- define "cbc-analytics.componentSelectorLabels" -}}
{{ include "cbc-analytics.selectorLabels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Name of a component's objects: (dict "ctx" $ "component" "ingest") → <fullname>-ingest. */}}
{{- define "cbc-analytics.componentName" -}}
{{- include "cbc-analytics.nameWithSuffix" (dict "ctx" .ctx "suffix" .component) }}
{{- end }}

{{/* A CronJob's name: at most 52 characters, since the controller appends 11 to name its Jobs. */}}
{{- define "cbc-analytics.cronJobName" -}}
{{- include "cbc-analytics.nameWithSuffix" (dict "ctx" .ctx "suffix" .component "max" 52) }}
{{- end }}

{{/*
<fullname>-<suffix> in at most 63 (or .max) characters, cutting the fullname rather than the
suffix: the suffix is what tells two objects apart (prune-browsing/prune-service, the hash in a
Job's name): (dict "ctx" $ "suffix" "prune-browsing").
*/}}
{{- define "cbc-analytics.nameWithSuffix" -}}
{{- $room := sub (sub (.max | default 63) 1) (len .suffix) | int }}
{{- printf "%s-%s" (include "cbc-analytics.fullname" .ctx | trunc $room | trimSuffix "-") .suffix }}
{{- end }}

{{/*
A Job's name: <fullname>-<prefix>-<hash>, the hash (10 hex digits) of its rendered pod template:
(dict "ctx" $ "prefix" "migrate" "template" <the template's YAML>). A Job's pod template is
immutable, so whatever changes it (image, command, env, resources, labels) must make a new Job,
and an upgrade that changes none of it must find the same name and leave the finished Job alone.
*/}}
{{- define "cbc-analytics.jobName" -}}
{{- include "cbc-analytics.nameWithSuffix" (dict "ctx" .ctx "suffix" (printf "%s-%s" .prefix (.template | sha256sum | trunc 10))) }}
{{- end }}

{{/* The migrations Job's pod template (hashed into its name). */}}
{{- define "cbc-analytics.migrateJobTemplate" -}}
{{- $env := include "cbc-analytics.secretEnv" (dict "ctx" . "name" "DATABASE_MIGRATOR_URL") }}
{{- include "cbc-analytics.jobPodTemplate" (dict "ctx" . "component" "migrate" "image" .Values.images.jobs "args" (list "node" "dist/cli.js" "migrate") "env" $env "resources" .Values.migrations.resources) }}
{{- end }}

{{- define "cbc-analytics.migrateJobName" -}}
{{- include "cbc-analytics.jobName" (dict "ctx" . "prefix" "migrate" "template" (include "cbc-analytics.migrateJobTemplate" .)) }}
{{- end }}

{{/* The ledger replay Job's pod template (hashed into its name). */}}
{{- define "cbc-analytics.ledgerReplayJobTemplate" -}}
{{- $env := printf "%s\n%s" (include "cbc-analytics.secretEnv" (dict "ctx" . "name" "DATABASE_PRIVACY_URL")) (include "cbc-analytics.secretEnv" (dict "ctx" . "name" "PRIVACY_LEDGER_KEY")) }}
{{- include "cbc-analytics.jobPodTemplate" (dict "ctx" . "component" "ledger-replay" "image" .Values.images.jobs "args" (list "node" "dist/cli.js" "replay-ledger") "env" $env "resources" .Values.ledgerReplay.resources) }}
{{- end }}

{{/* The ledger replay Job: the runId (each restore its own run) and the template's hash. */}}
{{- define "cbc-analytics.ledgerReplayJobName" -}}
{{- include "cbc-analytics.jobName" (dict "ctx" . "prefix" (printf "ledger-replay-%s" .Values.ledgerReplay.runId) "template" (include "cbc-analytics.ledgerReplayJobTemplate" .)) }}
{{- end }}

{{/* The credentials Secret: the chart's own, or existingSecret. */}}
{{- define "cbc-analytics.secretName" -}}
{{- .Values.existingSecret | default (include "cbc-analytics.nameWithSuffix" (dict "ctx" . "suffix" "credentials")) }}
{{- end }}

{{/* The ConfigMap of non-secret settings. */}}
{{- define "cbc-analytics.configName" -}}
{{- include "cbc-analytics.nameWithSuffix" (dict "ctx" . "suffix" "config") }}
{{- end }}

{{/* Tag of an image: (dict "ctx" $ "image" .Values.images.jobs); app images fall back to image.tag. */}}
{{- define "cbc-analytics.imageTag" -}}
{{- .image.tag | default .ctx.Values.image.tag | default .ctx.Chart.AppVersion }}
{{- end }}

{{/*
Full reference of an image: (dict "ctx" $ "image" .Values.images.ingest). A digest wins over the
tag (registry/repository@sha256:…): what runs is then exactly what was tested, whatever a
registry later moves the tag to.
*/}}
{{- define "cbc-analytics.image" -}}
{{- $registry := .ctx.Values.global.imageRegistry | default .image.registry | default .ctx.Values.image.registry }}
{{- if .image.digest }}
{{- printf "%s/%s@%s" $registry .image.repository .image.digest }}
{{- else }}
{{- printf "%s/%s:%s" $registry .image.repository (include "cbc-analytics.imageTag" .) }}
{{- end }}
{{- end }}

{{- define "cbc-analytics.imagePullSecrets" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Pod-level security context. Not configurable beyond the uid/gid: these are the hardening
invariants the tests assert on every pod.
*/}}
{{- define "cbc-analytics.podSecurityContext" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: {{ .Values.securityContext.runAsUser }}
  runAsGroup: {{ .Values.securityContext.runAsGroup }}
  fsGroup: {{ .Values.securityContext.runAsGroup }}
  seccompProfile:
    type: RuntimeDefault
{{- end }}

{{/* Container-level security context, repeated on every container (and initContainer). */}}
{{- define "cbc-analytics.containerSecurityContext" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: {{ .Values.securityContext.runAsUser }}
  runAsGroup: {{ .Values.securityContext.runAsGroup }}
  readOnlyRootFilesystem: true
  allowPrivilegeEscalation: false
  capabilities:
    drop:
      - ALL
  seccompProfile:
    type: RuntimeDefault
{{- end }}

{{/*
checksum/config and checksum/secret: a change to either rolls the pods. With existingSecret the
chart cannot see the data, so Pulumi passes its hash as existingSecretChecksum.
*/}}
{{- define "cbc-analytics.checksums" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
{{- if .Values.existingSecret }}
checksum/secret: {{ printf "%s/%s" .Values.existingSecret .Values.existingSecretChecksum | sha256sum }}
{{- else }}
checksum/secret: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
{{- end }}

{{/* One env var from the credentials Secret: (dict "ctx" $ "name" "DATABASE_URL" "key" "DATABASE_URL"). */}}
{{- define "cbc-analytics.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "cbc-analytics.secretName" .ctx }}
      key: {{ .key | default .name }}
{{- end }}

{{/* The writable /tmp every container gets (the root filesystem is read-only). */}}
{{- define "cbc-analytics.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ . | default "64Mi" }}
{{- end }}

{{/*
The initContainer that holds a pod until the latest migration is applied:
(dict "ctx" $ "urlKey" "DATABASE_URL"), the Secret key of the pod's own role.
*/}}
{{- define "cbc-analytics.waitForSchema" -}}
{{- $ctx := .ctx -}}
- name: wait-for-schema
  image: {{ include "cbc-analytics.image" (dict "ctx" $ctx "image" $ctx.Values.images.jobs) }}
  imagePullPolicy: {{ $ctx.Values.image.pullPolicy }}
  args: ["node", "dist/cli.js", "wait-for-schema", "--timeout", {{ $ctx.Values.waitForSchema.timeoutSeconds | quote }}]
  env:
    {{- include "cbc-analytics.secretEnv" (dict "ctx" $ctx "name" "DATABASE_URL" "key" .urlKey) | nindent 4 }}
  resources:
    {{- toYaml $ctx.Values.waitForSchema.resources | nindent 4 }}
  {{- include "cbc-analytics.containerSecurityContext" $ctx | nindent 2 }}
  volumeMounts:
    - name: tmp
      mountPath: /tmp
{{- end }}

{{/*
Render a scalar for an environment variable: YAML numbers arrive as float64, and toString
would print 1048576 as "1.048576e+06".
*/}}
{{- define "cbc-analytics.envValue" -}}
{{- if kindIs "float64" . }}{{ int64 . | toString | quote }}{{ else }}{{ toString . | quote }}{{ end }}
{{- end }}
