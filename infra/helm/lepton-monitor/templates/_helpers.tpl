{{/* Names and the pieces every lepton container shares. */}}
{{- define "lepton.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "lepton.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "lepton.secretName" -}}
{{- if .Values.secrets.existingSecret -}}{{ .Values.secrets.existingSecret }}{{- else -}}{{ include "lepton.fullname" . }}{{- end -}}
{{- end -}}

{{- define "lepton.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ default (include "lepton.fullname" .) .Values.serviceAccount.name }}{{- else -}}{{ default "default" .Values.serviceAccount.name }}{{- end -}}
{{- end -}}

{{/* Environment of every process: store, database, cluster id, keys, residency rules, OTLP, plain config. */}}
{{- define "lepton.env" -}}
- name: Lepton__Store
  value: postgres
- name: Lepton__Postgres__ConnectionString
  valueFrom: { secretKeyRef: { name: {{ include "lepton.secretName" . }}, key: {{ .Values.secrets.keys.postgresConnectionString }} } }
- name: LEPTON_ADMIN_KEY
  valueFrom: { secretKeyRef: { name: {{ include "lepton.secretName" . }}, key: {{ .Values.secrets.keys.adminKey }} } }
- name: LEPTON_PSEUDONYM_KEY
  valueFrom: { secretKeyRef: { name: {{ include "lepton.secretName" . }}, key: {{ .Values.secrets.keys.pseudonymKey }} } }
- name: Lepton__Cluster__ClusterId
  value: {{ .Values.clusterId | quote }}
- name: Lepton__DataPath
  value: /data
{{- range $jurisdiction, $regions := .Values.residency.rules }}
- name: Lepton__Residency__Rules__{{ $jurisdiction }}
  value: {{ $regions | quote }}
{{- end }}
{{- range $region := .Values.residency.storageRegions }}
- name: Lepton__Residency__Storage__{{ $region }}
  valueFrom: { secretKeyRef: { name: {{ include "lepton.secretName" $ }}, key: {{ printf "residency-storage-%s" $region }} } }
{{- end }}
{{- if .Values.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ .Values.otlpEndpoint | quote }}
{{- end }}
{{- range $key, $value := .Values.config }}
- name: {{ $key }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{- define "lepton.volumes" -}}
- name: data
  emptyDir: {}
- name: tmp
  emptyDir: { medium: Memory, sizeLimit: 256Mi }
{{- end -}}

{{- define "lepton.volumeMounts" -}}
- { name: data, mountPath: /data }
- { name: tmp, mountPath: /tmp }
{{- end -}}

{{/* Probes on the product's own routes: /health/live (process answers), /health/ready (200 ready or degraded, 503 starting/stopping). */}}
{{- define "lepton.probes" -}}
startupProbe:
  httpGet: { path: /health/live, port: http }
  periodSeconds: 5
  failureThreshold: 60
readinessProbe:
  httpGet: { path: /health/ready, port: http }
  periodSeconds: 5
  failureThreshold: 2
livenessProbe:
  httpGet: { path: /health/live, port: http }
  periodSeconds: 10
  timeoutSeconds: 5
  failureThreshold: 6
lifecycle:
  preStop:
    exec: { command: ["sleep", "{{ .Values.preStopSleepSeconds }}"] }
{{- end -}}
