//! `flink-render convert`: a FlinkCluster (`flinkoperator.k8s.io/v1beta1`) as the Apache Flink
//! Kubernetes Operator's FlinkDeployment (`flink.apache.org/v1beta1`), field by field as
//! apache-operator-spec.md §9.3 maps them, with a note at every field that has no equivalent
//! saying what was done instead.
//!
//! The conversion reads the FlinkCluster as written (not defaulted: what the user left to the
//! operator's defaults stays to the other operator's). Every field the FlinkCluster sets is
//! accounted for: converted, converted with a note, or dropped with a note; a field this module
//! does not know is reported as dropped. A cluster without a job becomes a session
//! FlinkDeployment (its jobs become FlinkSessionJobs, which the FlinkCluster does not describe).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::apache_spec::{FlinkDeployment, FlinkVersion};
use crate::diagnostics::{Diagnostics, Rule};
use crate::path::FieldPath;
use crate::spec::FlinkCluster;

/// A FlinkCluster converted: the FlinkDeployment, and the notes (warnings at the FlinkCluster's
/// fields) about what had no equivalent; or the errors that keep it from converting.
pub fn convert(cluster: &FlinkCluster) -> Result<(FlinkDeployment, Diagnostics), Diagnostics> {
    let mut c = Converter {
        name: cluster.metadata.name.clone().unwrap_or_default(),
        ..Converter::default()
    };
    let spec = serde_json::to_value(&cluster.spec).unwrap_or(Value::Null);
    c.spec(&spec);
    // Resources the FlinkCluster left to its operator's defaults: those defaults, written out
    // (the Apache operator requires the memory).
    let defaulted = crate::defaults::apply(cluster.clone());
    let defaulted = serde_json::to_value(&defaulted.cluster().spec).unwrap_or(Value::Null);
    for component in ["jobManager", "taskManager"] {
        let has = c
            .out
            .get(component)
            .is_some_and(|v| v.get("resource").is_some());
        let resources = &defaulted[component]["resources"];
        if !has && resources.is_object() {
            let field = format!("spec.{component}");
            let resource = c.resources(component, &field, resources);
            if let Some(object) = c
                .out
                .entry(component.to_owned())
                .or_insert_with(|| json!({}))
                .as_object_mut()
            {
                object.insert("resource".to_owned(), resource);
            }
            c.note(&field, format!("no resources: {component}.resource is the FlinkCluster operator's default ({resources}), which the Apache operator does not have"));
        }
    }
    let mut metadata = Map::new();
    for key in ["name", "namespace", "labels", "annotations"] {
        if let Some(value) = serde_json::to_value(&cluster.metadata)
            .ok()
            .and_then(|m| m.get(key).cloned())
        {
            metadata.insert(key.to_owned(), value);
        }
    }
    let mut out = c.out;
    if !c.config.is_empty() {
        out.insert(
            "flinkConfiguration".to_owned(),
            Value::Object(
                c.config
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect(),
            ),
        );
    }
    let document = json!({
        "apiVersion": crate::apache_spec::API_VERSION,
        "kind": crate::apache_spec::DEPLOYMENT_KIND,
        "metadata": metadata,
        "spec": out,
    });
    let mut notes = c.notes;
    notes.tag(Rule::Documents);
    if notes.has_errors() {
        return Err(notes);
    }
    match serde_json::from_value(document) {
        Ok(deployment) => Ok((deployment, notes)),
        Err(error) => {
            notes.error(
                FieldPath::root(),
                format!("the converted FlinkDeployment does not read back: {error}"),
            );
            Err(notes)
        }
    }
}

#[derive(Default)]
struct Converter {
    /// The cluster's name (the TLS hosts of an Ingress are names, not templates).
    name: String,
    out: Map<String, Value>,
    config: BTreeMap<String, String>,
    notes: Diagnostics,
    /// The JobManager's and TaskManagers' pod templates, built field by field.
    templates: BTreeMap<&'static str, Value>,
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A Kubernetes quantity of CPU as a number of cores (`500m` → 0.5).
fn cpu(quantity: &str) -> Option<f64> {
    match quantity.strip_suffix('m') {
        Some(milli) => milli.parse::<f64>().ok().map(|m| m / 1000.0),
        None => quantity.parse().ok(),
    }
}

impl Converter {
    fn note(&mut self, field: &str, message: impl Into<String>) {
        self.notes.warning(FieldPath::fields(field), message);
    }

    fn error(&mut self, field: &str, message: impl Into<String>) {
        self.notes.error(FieldPath::fields(field), message);
    }

    fn set(&mut self, key: &str, value: Value) {
        self.out.insert(key.to_owned(), value);
    }

    /// Puts `value` at `path` (dotted; `containers[main]` is the main container) of the pod
    /// template of `component` (`jobManager`, `taskManager` or `common`).
    fn template(&mut self, component: &'static str, path: &[&str], value: Value) {
        let mut node = self.templates.entry(component).or_insert_with(|| json!({}));
        for (i, part) in path.iter().enumerate() {
            let last = i + 1 == path.len();
            if *part == "main" {
                let containers = node
                    .as_object_mut()
                    .map(|o| o.entry("containers").or_insert_with(|| json!([])));
                let Some(Value::Array(list)) = containers else {
                    return;
                };
                let index = match list
                    .iter()
                    .position(|c| c["name"] == crate::model::native::pods::MAIN_CONTAINER)
                {
                    Some(index) => index,
                    None => {
                        list.insert(
                            0,
                            json!({"name": crate::model::native::pods::MAIN_CONTAINER}),
                        );
                        0
                    }
                };
                node = &mut list[index];
                continue;
            }
            let Some(object) = node.as_object_mut() else {
                return;
            };
            if last {
                match (object.get_mut(*part), &value) {
                    (Some(Value::Array(existing)), Value::Array(more)) => {
                        existing.extend(more.iter().cloned())
                    }
                    _ => {
                        object.insert((*part).to_owned(), value);
                    }
                }
                return;
            }
            node = object.entry(*part).or_insert_with(|| json!({}));
        }
    }

    fn spec(&mut self, spec: &Value) {
        let Some(fields) = spec.as_object() else {
            return;
        };
        for (key, value) in fields {
            if value.is_null() {
                continue;
            }
            let field = format!("spec.{key}");
            match key.as_str() {
                "flinkVersion" => self.flink_version(&text(value)),
                "image" => self.image(value),
                "serviceAccountName" => self.set("serviceAccount", value.clone()),
                "flinkProperties" => self.flink_properties(value),
                "logConfig" => self.log_config(value),
                "envVars" => self.template("common", &["spec", "main", "env"], value.clone()),
                "envFrom" => self.template("common", &["spec", "main", "envFrom"], value.clone()),
                "hadoopConfig" => self.hadoop(value),
                "gcpConfig" => self.gcp(value),
                "batchSchedulerName" => {
                    self.template("common", &["spec", "schedulerName"], value.clone());
                    self.note(&field, "converted to spec.podTemplate.spec.schedulerName: the Apache operator has no batch scheduler integration; the scheduler must place the pods as a gang by itself");
                }
                "batchScheduler" => {
                    if let Some(name) = value.get("name") {
                        self.template("common", &["spec", "schedulerName"], name.clone());
                    }
                    if let Some(class) = value.get("priorityClassName") {
                        self.template("common", &["spec", "priorityClassName"], class.clone());
                    }
                    self.note(&field, "converted to spec.podTemplate.spec.schedulerName (and priorityClassName); the queue has no equivalent and is dropped");
                }
                "podDisruptionBudget" => self.note(&field, "no equivalent: the Apache operator creates no PodDisruptionBudget; create it yourself over the labels app=<name>, type=flink-native-kubernetes"),
                "revisionHistoryLimit" | "recreateOnUpdate" => self.note(&field, "no equivalent: the Apache operator manages upgrades itself (job.upgradeMode); dropped"),
                "jobManager" => self.component("jobManager", value, Self::job_manager_field),
                "taskManager" => self.component("taskManager", value, Self::task_manager_field),
                "job" => self.job(value),
                _ => self.note(&field, "no equivalent known to flink-render; dropped"),
            }
        }
        if fields.get("job").is_none_or(Value::is_null) {
            self.note("spec", "a session cluster: the FlinkDeployment has no job; submit its jobs as FlinkSessionJobs naming it in spec.deploymentName");
        }
        if fields.get("serviceAccountName").is_none_or(Value::is_null) {
            self.set("serviceAccount", json!("default"));
            self.note("spec", "spec.serviceAccount is required by the Apache operator: set to \"default\", the account the FlinkCluster's pods ran under; its Helm chart creates \"flink\" with the rights the JobManager needs");
        }
        let templates = std::mem::take(&mut self.templates);
        for (component, template) in templates {
            match component {
                "common" => self.set("podTemplate", template),
                other => {
                    let entry = self
                        .out
                        .entry(other.to_owned())
                        .or_insert_with(|| json!({}));
                    if let Some(object) = entry.as_object_mut() {
                        object.insert("podTemplate".to_owned(), template);
                    }
                }
            }
        }
    }

    fn flink_version(&mut self, version: &str) {
        let mut parts = version.trim().split('.');
        let major = parts.next().and_then(|p| p.parse::<u64>().ok());
        let minor = parts.next().and_then(|p| p.parse::<u64>().ok());
        match major.zip(minor).and_then(|(a, b)| FlinkVersion::of(a, b)) {
            Some(v) if v.supported() => self.set("flinkVersion", json!(v.name())),
            _ => self.error(
                "spec.flinkVersion",
                format!("flinkVersion {version:?} has no FlinkDeployment equivalent: the Apache operator runs Flink 1.15 and later; upgrade Flink first"),
            ),
        }
    }

    fn image(&mut self, image: &Value) {
        if let Some(name) = image.get("name") {
            self.set("image", name.clone());
        }
        if let Some(policy) = image.get("pullPolicy").filter(|p| !p.is_null()) {
            self.set("imagePullPolicy", policy.clone());
        }
        if let Some(secrets) = image.get("pullSecrets").filter(|p| !p.is_null()) {
            self.template("common", &["spec", "imagePullSecrets"], secrets.clone());
        }
    }

    fn flink_properties(&mut self, properties: &Value) {
        let Some(map) = properties.as_object() else {
            return;
        };
        for (key, value) in map {
            if crate::validate::apache::FORBIDDEN_KEYS.contains(&key.as_str()) {
                self.notes.warning(
                    FieldPath::fields("spec.flinkProperties").key(key.clone()),
                    format!("dropped: the Apache operator sets {key} itself and refuses it in flinkConfiguration"),
                );
                continue;
            }
            self.config.insert(key.clone(), text(value));
        }
    }

    fn log_config(&mut self, files: &Value) {
        let Some(map) = files.as_object() else {
            return;
        };
        let mut kept = Map::new();
        for (file, content) in map {
            if file == "log4j-console.properties" || file == "logback-console.xml" {
                kept.insert(file.clone(), content.clone());
            } else {
                self.notes.warning(
                    FieldPath::fields("spec.logConfig").key(file.clone()),
                    format!("dropped: spec.logConfiguration takes only log4j-console.properties and logback-console.xml, not {file}"),
                );
            }
        }
        if !kept.is_empty() {
            self.set("logConfiguration", Value::Object(kept));
        }
    }

    fn hadoop(&mut self, hadoop: &Value) {
        if let Some(name) = hadoop.get("configMapName").filter(|v| !v.is_null()) {
            self.config.insert(
                "kubernetes.hadoop.conf.config-map.name".to_owned(),
                text(name),
            );
        }
        if let Some(path) = hadoop.get("mountPath").filter(|v| !v.is_null())
            && text(path) != "/opt/hadoop/conf"
        {
            self.note("spec.hadoopConfig.mountPath", "Flink mounts the Hadoop configuration at /opt/hadoop/conf (HADOOP_CONF_DIR); the mount path is not converted");
        }
    }

    fn gcp(&mut self, gcp: &Value) {
        let Some(account) = gcp.get("serviceAccount") else {
            return;
        };
        let secret = account.get("secretName").map(text).unwrap_or_default();
        let key = account.get("keyFile").map(text).unwrap_or_default();
        let mount = account
            .get("mountPath")
            .map(text)
            .unwrap_or_else(|| "/etc/gcp/keys".to_owned());
        self.template(
            "common",
            &["spec", "volumes"],
            json!([{"name": "gcp-service-account-volume", "secret": {"secretName": secret}}]),
        );
        self.template(
            "common",
            &["spec", "main", "volumeMounts"],
            json!([{"name": "gcp-service-account-volume", "mountPath": mount, "readOnly": true}]),
        );
        self.template(
            "common",
            &["spec", "main", "env"],
            json!([{"name": "GOOGLE_APPLICATION_CREDENTIALS", "value": format!("{}/{key}", mount.trim_end_matches('/'))}]),
        );
        self.note("spec.gcpConfig", "converted to a secret volume, its mount and GOOGLE_APPLICATION_CREDENTIALS in spec.podTemplate (no field of its own)");
    }

    /// The pod-level fields both components share, into `component`'s pod template.
    fn pod_fields(
        &mut self,
        component: &'static str,
        prefix: &str,
        key: &str,
        value: &Value,
    ) -> bool {
        let path: &[&str] = match key {
            "volumes" => &["spec", "volumes"],
            "initContainers" => &["spec", "initContainers"],
            "sidecars" => &["spec", "containers"],
            "affinity" => &["spec", "affinity"],
            "nodeSelector" => &["spec", "nodeSelector"],
            "tolerations" => &["spec", "tolerations"],
            "securityContext" => &["spec", "securityContext"],
            "hostAliases" => &["spec", "hostAliases"],
            "podAnnotations" => &["metadata", "annotations"],
            "podLabels" => &["metadata", "labels"],
            "volumeMounts" => &["spec", "main", "volumeMounts"],
            "livenessProbe" => &["spec", "main", "livenessProbe"],
            "readinessProbe" => &["spec", "main", "readinessProbe"],
            "volumeClaimTemplates" => {
                self.note(&format!("{prefix}.{key}"), "no equivalent: a Deployment or a pod has no claim templates; dropped (an ephemeral volume in the pod template comes closest)");
                return true;
            }
            "extraPorts" => {
                let ports: Vec<Value> = value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| {
                        let mut port = json!({"containerPort": p["containerPort"]});
                        for field in ["name", "protocol"] {
                            if let Some(v) = p.get(field).filter(|v| !v.is_null()) {
                                port[field] = v.clone();
                            }
                        }
                        port
                    })
                    .collect();
                self.template(component, &["spec", "main", "ports"], Value::Array(ports));
                return true;
            }
            "memoryOffHeapRatio" | "memoryOffHeapMin" | "memoryProcessRatio" => {
                self.note(&format!("{prefix}.{key}"), "no equivalent: Flink's memory model sizes the process from resource.memory (set the memory options in flinkConfiguration to tune it); dropped");
                return true;
            }
            _ => return false,
        };
        self.template(component, path, value.clone());
        true
    }

    /// `resources` as `resource.{cpu,memory,ephemeralStorage}` (limits, else requests).
    fn resources(&mut self, component: &str, prefix: &str, resources: &Value) -> Value {
        let pick = |name: &str| {
            resources["limits"]
                .get(name)
                .or_else(|| resources["requests"].get(name))
                .map(text)
        };
        let mut resource = Map::new();
        if let Some(cores) = pick("cpu").as_deref().and_then(cpu) {
            resource.insert("cpu".to_owned(), json!(cores));
        }
        if let Some(memory) = pick("memory") {
            resource.insert("memory".to_owned(), json!(memory));
        }
        if let Some(storage) = pick("ephemeral-storage") {
            resource.insert("ephemeralStorage".to_owned(), json!(storage));
        }
        if resources.get("requests").is_some_and(|r| !r.is_null())
            && resources.get("limits").is_some_and(|l| !l.is_null())
            && resources["requests"] != resources["limits"]
        {
            self.note(&format!("{prefix}.resources"), format!("requests and limits differ: {component}.resource takes one value (the limit); limits above it come from kubernetes.*.cpu.limit-factor and memory.limit-factor"));
        }
        Value::Object(resource)
    }

    /// `spec.jobManager` or `spec.taskManager`: replicas, resources, the pod-level fields, and
    /// what `specific` converts of the component's own (it says whether it knew the field).
    fn component(
        &mut self,
        component: &'static str,
        value: &Value,
        specific: fn(&mut Self, &str, &Value) -> bool,
    ) {
        let Some(fields) = value.as_object() else {
            return;
        };
        let prefix = format!("spec.{component}");
        let mut out = Map::new();
        for (key, value) in fields {
            if value.is_null() {
                continue;
            }
            match key.as_str() {
                "replicas" => {
                    out.insert("replicas".to_owned(), value.clone());
                }
                "resources" => {
                    out.insert(
                        "resource".to_owned(),
                        self.resources(component, &prefix, value),
                    );
                }
                other => {
                    if !specific(self, other, value)
                        && !self.pod_fields(component, &prefix, other, value)
                    {
                        self.note(
                            &format!("{prefix}.{other}"),
                            "no equivalent known to flink-render; dropped",
                        );
                    }
                }
            }
        }
        self.set(component, Value::Object(out));
    }

    /// The JobManager's own fields.
    fn job_manager_field(&mut self, key: &str, value: &Value) -> bool {
        let field = format!("spec.jobManager.{key}");
        match key {
            "accessScope" => {
                let exposed = match text(value).as_str() {
                    "VPC" => {
                        self.config.insert(
                                "kubernetes.rest-service.annotations".to_owned(),
                                "networking.gke.io/load-balancer-type:Internal,networking.gke.io/internal-load-balancer-allow-global-access:true".to_owned(),
                            );
                        "LoadBalancer"
                    }
                    "External" => "LoadBalancer",
                    "NodePort" => "NodePort",
                    "Headless" => "Headless_ClusterIP",
                    _ => "ClusterIP",
                };
                self.config.insert(
                    "kubernetes.rest-service.exposed.type".to_owned(),
                    exposed.to_owned(),
                );
                self.note(&field, "converted to kubernetes.rest-service.exposed.type: only the rest Service <name>-rest is exposed; RPC and blob ports stay on the internal Service");
            }
            "ServiceAnnotations" | "serviceAnnotations" => {
                let joined = value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| format!("{k}:{}", text(v)))
                    .collect::<Vec<_>>()
                    .join(",");
                self.config
                    .insert("kubernetes.rest-service.annotations".to_owned(), joined);
            }
            "ServiceLabels" | "serviceLabels" => self.note(
                &field,
                "no equivalent: Flink has no option for the rest Service's labels; dropped",
            ),
            "ingress" => self.ingress(value),
            "ports" => {
                for (port, key) in [
                    ("rpc", "jobmanager.rpc.port"),
                    ("blob", "blob.server.port"),
                    ("ui", "rest.port"),
                ] {
                    if let Some(number) = value.get(port).filter(|v| !v.is_null()) {
                        self.config.insert(key.to_owned(), text(number));
                    }
                }
                if value.get("query").is_some_and(|v| !v.is_null()) {
                    self.note("spec.jobManager.ports.query", "no equivalent on the JobManager: the queryable state proxy runs on TaskManagers (queryable-state.proxy.ports); dropped");
                }
            }
            _ => return false,
        }
        true
    }

    fn ingress(&mut self, ingress: &Value) {
        let mut out = Map::new();
        let host = ingress
            .get("hostFormat")
            .filter(|v| !v.is_null())
            .map(|h| text(h).replace("{{$clusterName}}", "{{name}}"));
        if let Some(host) = &host {
            out.insert("template".to_owned(), json!(host));
        }
        if let Some(annotations) = ingress.get("annotations").filter(|v| !v.is_null()) {
            out.insert("annotations".to_owned(), annotations.clone());
        }
        if ingress.get("useTls").and_then(Value::as_bool) == Some(true) {
            // Only the template is one; the TLS section is copied as it is.
            let hosts: Vec<String> = host
                .iter()
                .map(|h| h.replace("{{name}}", &self.name))
                .collect();
            let mut tls = json!({ "hosts": hosts });
            if let Some(secret) = ingress.get("tlsSecretName").filter(|v| !v.is_null()) {
                tls["secretName"] = secret.clone();
            }
            out.insert("tls".to_owned(), json!([tls]));
        }
        self.set("ingress", Value::Object(out));
        self.note("spec.jobManager.ingress", "converted to spec.ingress: {{$clusterName}} becomes {{name}}; the Ingress leads to the rest Service only");
    }

    /// The TaskManagers' own fields.
    fn task_manager_field(&mut self, key: &str, value: &Value) -> bool {
        let field = format!("spec.taskManager.{key}");
        match key {
                "deploymentType" => self.note(&field, "no equivalent: natively Flink creates the TaskManager pods itself (standalone mode: a Deployment); dropped"),
                "horizontalPodAutoscaler" => self.note(&field, "no equivalent: use the Flink autoscaler (job.autoscaler.* in flinkConfiguration) or, in standalone mode, an HPA over the scale subresource; dropped"),
                "ports" => {
                    for (port, key) in [("data", "taskmanager.data.port"), ("rpc", "taskmanager.rpc.port"), ("query", "queryable-state.proxy.ports")] {
                        if let Some(number) = value.get(port).filter(|v| !v.is_null()) {
                            self.config.insert(key.to_owned(), text(number));
                        }
                    }
                }
                _ => return false,
        }
        true
    }

    fn job(&mut self, job: &Value) {
        let Some(fields) = job.as_object() else {
            return;
        };
        let mut out = Map::new();
        // Unset means true (the FlinkCluster operator's default).
        let mut take_savepoint = true;
        for (key, value) in fields {
            if value.is_null() {
                continue;
            }
            let field = format!("spec.job.{key}");
            match key.as_str() {
                "jarFile" => {
                    let jar = text(value);
                    let uri = if jar.contains("://") {
                        jar
                    } else if jar.starts_with('/') {
                        format!("local://{jar}")
                    } else {
                        // Relative to the image's working directory, /opt/flink.
                        format!("local:///opt/flink/{}", jar.trim_start_matches("./"))
                    };
                    out.insert("jarURI".to_owned(), json!(uri));
                }
                "className" => {
                    out.insert("entryClass".to_owned(), value.clone());
                }
                "args" => {
                    out.insert("args".to_owned(), value.clone());
                }
                "parallelism" => {
                    out.insert("parallelism".to_owned(), value.clone());
                }
                "classPath" => {
                    let paths: Vec<String> = value.as_array().into_iter().flatten().map(text).collect();
                    self.config.insert("pipeline.classpaths".to_owned(), paths.join(";"));
                }
                "pyFile" | "pyFiles" | "pyModule" => {
                    let flag = match key.as_str() { "pyFile" => "-py", "pyFiles" => "-pyfs", _ => "-pym" };
                    out.insert("entryClass".to_owned(), json!("org.apache.flink.client.python.PythonDriver"));
                    let args = out.entry("args").or_insert_with(|| json!([]));
                    if let Some(list) = args.as_array_mut() {
                        list.insert(0, json!(flag));
                        list.insert(1, json!(text(value)));
                    }
                }
                "fromSavepoint" => {
                    out.insert("initialSavepointPath".to_owned(), value.clone());
                }
                "allowNonRestoredState" => {
                    out.insert("allowNonRestoredState".to_owned(), value.clone());
                }
                "savepointsDir" => {
                    self.config.insert("state.savepoints.dir".to_owned(), text(value));
                }
                "savepointFormatType" => {
                    self.config.insert("kubernetes.operator.savepoint.format.type".to_owned(), text(value));
                }
                "takeSavepointOnUpdate" => take_savepoint = value.as_bool() != Some(false),
                "maxStateAgeToRestoreSeconds" => {
                    self.config.insert("kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age".to_owned(), format!("{} s", text(value)));
                }
                "autoSavepointSeconds" => {
                    self.config.insert("kubernetes.operator.periodic.savepoint.interval".to_owned(), format!("{} s", text(value)));
                }
                "savepointGeneration" => self.note(&field, "no equivalent: trigger a savepoint with a FlinkStateSnapshot resource (or job.savepointTriggerNonce); dropped"),
                "restartPolicy" => self.note(&field, "no equivalent: set Flink's restart-strategy.* and kubernetes.operator.job.restart.failed in flinkConfiguration; dropped"),
                "cleanupPolicy" => self.note(&field, "no equivalent: the Apache operator keeps an application cluster after its job ends (execution.shutdown-on-application-finish: false); dropped"),
                "cancelRequested" => {
                    if value.as_bool() == Some(true) {
                        out.insert("state".to_owned(), json!("suspended"));
                    }
                }
                "mode" => {
                    if text(value) != "Application" {
                        self.note(&field, "a FlinkDeployment's job always runs in application mode (the JobManager runs the main method); a job submitted to a running cluster is a FlinkSessionJob");
                    }
                }
                "volumes" => self.template("jobManager", &["spec", "volumes"], value.clone()),
                "volumeMounts" => self.template("jobManager", &["spec", "main", "volumeMounts"], value.clone()),
                "initContainers" => self.template("jobManager", &["spec", "initContainers"], value.clone()),
                "noLoggingToStdout" => self.note(&field, "no equivalent: there is no submitter pod; dropped"),
                _ => self.note(&field, "no equivalent: there is no job submitter pod in application mode (the JobManager runs the job's main method; put such settings in spec.jobManager.podTemplate); dropped"),
            }
        }
        let savepoints = self.config.contains_key("state.savepoints.dir");
        let checkpoints = self.config.contains_key("state.checkpoints.dir")
            || self.config.contains_key("execution.checkpointing.dir");
        let upgrade = if take_savepoint && savepoints && checkpoints {
            "savepoint"
        } else {
            if take_savepoint {
                self.note("spec.job", "job.upgradeMode stateless: a savepoint on update (takeSavepointOnUpdate, unset means true) needs a savepoint directory (job.savepointsDir) and, for the Apache operator, a checkpoint directory (state.checkpoints.dir); set both and upgradeMode: savepoint to keep the job's state across updates");
            }
            "stateless"
        };
        out.insert("upgradeMode".to_owned(), json!(upgrade));
        self.set("job", Value::Object(out));
    }
}

/// Why `convert` refuses a document of another kind.
const REFUSAL: &str = "`convert` reads only FlinkClusters";

/// The FlinkDeployment of every FlinkCluster of every source, with the notes (warnings at the
/// FlinkClusters' fields) per source; on any error, the reports as for `render`.
pub fn convert_sources(
    sources: &[crate::pipeline::Source<'_>],
    options: &crate::options::Options,
    limits: crate::yaml::Limits,
) -> Result<(Vec<FlinkDeployment>, Vec<crate::diagnostics::Report>), Vec<crate::diagnostics::Report>>
{
    let mut seen = crate::pipeline::SeenClusters::new();
    let mut converted = Vec::new();
    let mut checks = Vec::with_capacity(sources.len());
    for source in sources {
        let (clusters, mut diagnostics) =
            crate::pipeline::clusters_of(source, options, limits, REFUSAL, true, &mut seen);
        for parsed in clusters {
            let mut found = match convert(&parsed.cluster) {
                Ok((deployment, notes)) => {
                    converted.push(deployment);
                    notes
                }
                Err(errors) => errors,
            };
            parsed.source.place(&mut found);
            diagnostics.extend(found);
        }
        checks.push(crate::pipeline::SourceCheck {
            diagnostics,
            ..crate::pipeline::SourceCheck::default()
        });
    }
    let warnings = crate::pipeline::reports(sources, checks)?;
    Ok((converted, warnings))
}
