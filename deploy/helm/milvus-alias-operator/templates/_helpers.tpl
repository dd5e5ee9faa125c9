{{/* Name of the chart, overridable with nameOverride. */}}
{{- define "milvus-alias-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified name: the release name when it already contains the chart name. */}}
{{- define "milvus-alias-operator.fullname" -}}
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

{{- define "milvus-alias-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "milvus-alias-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "milvus-alias-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "milvus-alias-operator.selectorLabels" . }}
app.kubernetes.io/part-of: milvus-alias-operator
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
What the operator may do on MilvusAlias, MilvusConnection, Secrets and Events: the ClusterRole in
cluster mode, the Role in each watched namespace in namespaced mode. Same rules as deploy/rbac.yaml.
*/}}
{{- define "milvus-alias-operator.rules" -}}
- apiGroups: ["milvus.io"]
  resources: ["milvusaliases", "milvusconnections"]
  verbs: ["get", "list", "watch", "update", "patch"]
- apiGroups: ["milvus.io"]
  resources: ["milvusaliases/status", "milvusconnections/status"]
  verbs: ["get", "update", "patch"]
# Needed where the OwnerReferencesPermissionEnforcement admission plugin is on.
- apiGroups: ["milvus.io"]
  resources: ["milvusaliases/finalizers", "milvusconnections/finalizers"]
  verbs: ["update"]
# The Secrets connections name, read one by one by name: no list or watch.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/*
Cluster mode only: ClusterMilvusConnection (cluster-scoped) and the namespaces whose labels its
spec.allowedNamespaces selects. Same rules as deploy/rbac.yaml.
*/}}
{{- define "milvus-alias-operator.clusterRules" -}}
- apiGroups: ["milvus.io"]
  resources: ["clustermilvusconnections"]
  verbs: ["get", "list", "watch", "update", "patch"]
- apiGroups: ["milvus.io"]
  resources: ["clustermilvusconnections/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: ["milvus.io"]
  resources: ["clustermilvusconnections/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["get", "list", "watch"]
{{- end }}
