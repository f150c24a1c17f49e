{{/* The revision name: <name>-<hash>. */}}
{{- define "peer.revisionName" -}}
{{ .Values.name }}-{{ .Values.revisionHash }}
{{- end }}

{{/* Labels of every object: the cluster's, plus the revision. */}}
{{- define "peer.labels" -}}
app: flink
cluster: {{ .root.Values.name }}
{{- with .component }}
component: {{ . }}
{{- end }}
flinkoperator.k8s.io/revision-name: {{ include "peer.revisionName" .root }}
{{- end }}

{{/* Selector labels of a component. */}}
{{- define "peer.selector" -}}
app: flink
cluster: {{ .root.Values.name }}
component: {{ .component }}
{{- end }}

{{/* metadata of an object named `name`. */}}
{{- define "peer.metadata" -}}
metadata:
  labels:
    {{- include "peer.labels" . | nindent 4 }}
  name: {{ .name }}
  namespace: {{ .root.Values.namespace }}
{{- end }}

{{/* A probe on a TCP port. */}}
{{- define "peer.probe" -}}
failureThreshold: {{ .probe.failureThreshold }}
initialDelaySeconds: {{ .probe.initialDelaySeconds }}
periodSeconds: {{ .probe.periodSeconds }}
tcpSocket:
  port: {{ .port }}
timeoutSeconds: {{ .probe.timeoutSeconds }}
{{- end }}

{{/* The pod template of a Flink component (`component`, its values in `spec`). */}}
{{- define "peer.podTemplate" -}}
metadata:
  labels:
    {{- include "peer.selector" . | nindent 4 }}
spec:
  containers:
  - args:
    - {{ .component }}
    image: {{ .root.Values.image.name }}
    imagePullPolicy: {{ .root.Values.image.pullPolicy }}
    lifecycle:
      preStop:
        exec:
          command:
          - sleep
          - "30"
    livenessProbe:
      {{- include "peer.probe" (dict "probe" .spec.livenessProbe "port" .spec.ports.rpc) | nindent 6 }}
    name: {{ .component }}
    ports:
    {{- range .portOrder }}
    - containerPort: {{ index $.spec.ports . }}
      name: {{ . }}
    {{- end }}
    readinessProbe:
      {{- include "peer.probe" (dict "probe" .spec.readinessProbe "port" .spec.ports.rpc) | nindent 6 }}
    resources:
      {{- toYaml .spec.resources | nindent 6 }}
    volumeMounts:
    - mountPath: /opt/flink/conf
      name: flink-config-volume
  terminationGracePeriodSeconds: 60
  volumes:
  - configMap:
      name: {{ .root.Values.name }}-configmap
    name: flink-config-volume
{{- end }}
