{{/*
Names, labels and the pieces every workload shares.
*/}}

{{- define "tp.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The prefix of every resource name: <release>-<chart>, or the release alone when it already
names the chart. Kept to 50 characters so that "-<component>-<n>" suffixes fit in 63. */}}
{{- define "tp.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "tp.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels of one component: {root: ., component: "gateway"}. */}}
{{- define "tp.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tp.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Every label of one component's resources: {root: ., component: "gateway"}. */}}
{{- define "tp.labels" -}}
helm.sh/chart: {{ include "tp.chart" .root }}
{{ include "tp.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: {{ include "tp.name" .root }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "tp.componentName" -}}
{{- printf "%s-%s" (include "tp.fullname" .root) .component -}}
{{- end -}}

{{- define "tp.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "tp.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The image, pinned: a digest, else a tag (the appVersion by default); never "latest". */}}
{{- define "tp.image" -}}
{{- $image := .Values.image -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $image.repository $image.digest -}}
{{- else -}}
{{- $tag := default .Chart.AppVersion $image.tag | toString -}}
{{- if eq $tag "latest" -}}
{{- fail "image.tag: pin a version (or set image.digest); \"latest\" makes rollouts unrepeatable" -}}
{{- end -}}
{{- printf "%s:%s" $image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* An environment variable read from a Secret: {root: ., env: "JWT_SECRET", ref: <secretRef>,
optional: false}. The Secret is the reference's own, else existingSecret, else
"<fullname>-secrets"; the value never appears in the chart. */}}
{{- define "tp.secretEnv" -}}
{{- $root := .root -}}
{{- $name := .ref.name | default $root.Values.existingSecret | default (printf "%s-secrets" (include "tp.fullname" $root)) -}}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ $name }}
      key: {{ required (printf "the Secret key for %s" .env) .ref.key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end -}}

{{/* In-cluster base URL of a component's Service: {root: ., component: "accounts", port: 4001}. */}}
{{- define "tp.serviceUrl" -}}
{{- printf "http://%s:%v" (include "tp.componentName" .) .port -}}
{{- end -}}

{{- define "tp.subgraphUrl" -}}
{{- printf "%s/graphql" (include "tp.serviceUrl" .) -}}
{{- end -}}

{{- define "tp.registryUrl" -}}
{{- default (include "tp.serviceUrl" (dict "root" . "component" "registry" "port" .Values.registry.service.port)) .Values.gateway.supergraph.registryUrl -}}
{{- end -}}

{{- define "tp.imagePullSecrets" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* What every pod spec shares: service account, security context, pull secrets. */}}
{{- define "tp.podCommon" -}}
serviceAccountName: {{ include "tp.serviceAccountName" . }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountServiceAccountToken }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- include "tp.imagePullSecrets" . }}
{{- end -}}

{{/* Scheduling of one component: {root: ., component: "gateway", values: <component values>}. */}}
{{- define "tp.scheduling" -}}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if .root.Values.topologySpread }}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "tp.selectorLabels" . | nindent 8 }}
{{- end }}
{{- end -}}

{{/* Writable scratch space under a read-only root filesystem. */}}
{{- define "tp.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end -}}

{{- define "tp.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/* The preStop hook: the pod is taken out of the Service's endpoints while it still serves. */}}
{{- define "tp.preStop" -}}
lifecycle:
  preStop:
    exec:
      command: ["sleep", {{ . | quote }}]
{{- end -}}

{{/* Seconds the gateway's pod may take to stop: its own, else preStop + drain + 15 s. */}}
{{- define "tp.gatewayTerminationGrace" -}}
{{- $g := .Values.gateway -}}
{{- $needed := add (int $g.preStopSleepSeconds) (int (ceil $g.shutdownGraceSeconds)) -}}
{{- if kindIs "invalid" $g.terminationGracePeriodSeconds -}}
{{- add $needed 15 -}}
{{- else -}}
{{- if le (int $g.terminationGracePeriodSeconds) $needed -}}
{{- fail (printf "gateway.terminationGracePeriodSeconds (%v) must be larger than preStopSleepSeconds + shutdownGraceSeconds (%v)" $g.terminationGracePeriodSeconds $needed) -}}
{{- end -}}
{{- int $g.terminationGracePeriodSeconds -}}
{{- end -}}
{{- end -}}

{{/* The Redis URL for the gateway's stores, as the value of one variable. */}}
{{- define "tp.redisEnv" -}}
{{- if .root.Values.redis.url }}
- name: {{ .env }}
  value: {{ .root.Values.redis.url | quote }}
{{- else }}
{{ include "tp.secretEnv" (dict "root" .root "env" .env "ref" .root.Values.secretRefs.redisUrl) }}
{{- end }}
{{- end -}}
