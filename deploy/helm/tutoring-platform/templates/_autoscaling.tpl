{{/*
HorizontalPodAutoscaler and PodDisruptionBudget of one component:
{root: ., component: "gateway", values: <component values>}.
*/}}
{{- define "tp.hpa" -}}
{{- $a := .values.autoscaling -}}
{{- if $a.enabled }}
{{- if not (and .values.resources .values.resources.requests .values.resources.requests.cpu) }}
{{- fail (printf "%s: autoscaling on CPU needs resources.requests.cpu" .component) }}
{{- end }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "tp.componentName" . }}
  labels:
    {{- include "tp.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "tp.componentName" . }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $a.targetCPUUtilizationPercentage }}
  behavior:
    # Scale in slowly: a burst that ends should not cost connections that are still warm.
    scaleDown:
      stabilizationWindowSeconds: 300
      policies:
        - type: Pods
          value: 1
          periodSeconds: 60
{{- end }}
{{- end -}}

{{- define "tp.pdb" -}}
{{- if .values.pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "tp.componentName" . }}
  labels:
    {{- include "tp.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .values.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "tp.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}
