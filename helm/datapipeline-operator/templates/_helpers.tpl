{{/* Chart name, overridable. */}}
{{- define "dpo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every resource name: the release name, plus the chart name unless it already says it. */}}
{{- define "dpo.fullname" -}}
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

{{- define "dpo.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "dpo.labels" -}}
helm.sh/chart: {{ include "dpo.chart" . }}
{{ include "dpo.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: datapipeline
{{- end }}

{{/* Labels that select the operator pods: stable across upgrades. */}}
{{- define "dpo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "dpo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "dpo.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "dpo.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image reference: a digest pins it, otherwise the tag (default: appVersion). */}}
{{- define "dpo.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Where the leader-election Lease lives. */}}
{{- define "dpo.leaseNamespace" -}}
{{- default .Release.Namespace .Values.leaderElection.namespace }}
{{- end }}

{{/* Fixed by docs/contracts.md: the operator's Lease name. */}}
{{- define "dpo.leaseName" -}}
datapipeline-operator
{{- end }}

{{/*
The rules the operator needs wherever it reconciles DataPipelines, and nothing more (the table
"Operator's Kubernetes API access" in docs/contracts.md): its own resources (status and
finalizers are subresources with their own RBAC), the <name>-connection Secrets it writes by name
next to each pipeline (no list/watch: it keeps no Secret informer), and Events on the pipelines.
*/}}
{{- define "dpo.pipelineRules" -}}
- apiGroups: ["datapipeline.io"]
  resources: ["datapipelines"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["datapipeline.io"]
  resources: ["datapipelines/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["datapipeline.io"]
  resources: ["datapipelines/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "create", "update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/* Namespaced install: what releasing a pipeline's finalizer needs (watch the pipelines, patch
     their finalizers away). Deleting a watched namespace deletes the operator's RoleBinding there
     while the pipelines' finalizers still wait for their stacks; with these rights in a
     ClusterRole the operator still sees the deletion, deletes the stacks and releases the
     finalizer, so the namespace finishes terminating. A subset of dpo.pipelineRules: no Secret,
     Event or status access outside the watched namespaces. */}}
{{- define "dpo.finalizerRules" -}}
- apiGroups: ["datapipeline.io"]
  resources: ["datapipelines"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["datapipeline.io"]
  resources: ["datapipelines/finalizers"]
  verbs: ["update"]
{{- end }}

{{/* TENANCY=Enforced: read the cluster-scoped tenants, write their status, read namespace labels
     (for namespaceSelector). Nothing else cluster-wide, no list/watch of namespaces. */}}
{{- define "dpo.tenancyRules" -}}
- apiGroups: ["datapipeline.io"]
  resources: ["datapipelinetenants"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["datapipeline.io"]
  resources: ["datapipelinetenants/status"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["get"]
{{- end }}

{{/* Refuse combinations the schema cannot express. */}}
{{- define "dpo.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.leaderElection.enabled) }}
{{- fail "replicaCount > 1 needs leaderElection.enabled=true: two active operators would race on the same CloudFormation stacks" }}
{{- end }}
{{- end }}
