//! Validate stage: refuse a defaulted FlinkCluster that the operator, Kubernetes or Flink would
//! refuse or crash on, and warn about ones that would run badly.
//!
//! [`operator`] is the operator's validating webhook, message for message; [`kubernetes`] adds
//! the API server's and controllers' rules for the objects that will be rendered, and guards the
//! inputs on which the operator panics. All problems are reported together.

pub mod apache;
mod barrier;
pub mod config_map;
mod flink_conf;
pub mod flink_memory;
mod flink_options;
mod ha;
mod kubernetes;
mod native;
mod operator;
mod overridden;
mod plugins;

pub use operator::MAX_CLUSTER_NAME_LENGTH;

use crate::diagnostics::{Diagnostics, Rule};
use crate::model::{Model, Valid};
use crate::path::FieldPath;

/// Checks `model`. On failure the diagnostics hold every error (and any warnings); on success
/// the warnings travel with the [`Valid`] model.
pub fn validate(model: Model) -> Result<Valid, Diagnostics> {
    // Each check's diagnostics get its rule id (docs/diagnostics.md) as they are collected:
    // `tag` names those that have none yet, so a check is tagged right after it ran.
    let mut diagnostics = Diagnostics::new();
    let cluster = model.cluster();
    let settings = model.settings();
    operator::validate(cluster, settings.namespace.as_deref(), &mut diagnostics);
    if settings.target == crate::options::Target::Operator {
        operator::validate_reconcile(cluster, &mut diagnostics);
    }
    diagnostics.tag(Rule::OperatorWebhook);
    kubernetes::validate(cluster, settings.target, &mut diagnostics);
    // Every quantity must parse, as the API server's decoder requires (defaulting tried).
    for (path, message) in model.defaulted().invalid_quantities() {
        diagnostics.error(path.clone(), message.clone());
    }
    diagnostics.tag(Rule::KubernetesApi);
    ha::validate(&model, &mut diagnostics);
    diagnostics.tag(Rule::Ha);
    barrier::validate(cluster, settings, &mut diagnostics);
    diagnostics.tag(Rule::Barrier);
    native::validate(&model, &mut diagnostics);
    diagnostics.tag(Rule::Native);
    if settings.from_savepoint.is_some() && cluster.spec.job.is_none() {
        diagnostics.error(
            FieldPath::fields("spec.job"),
            "a savepoint to restore was given (--from-savepoint or the flink-render/from-savepoint annotation), but this is a session cluster without a job",
        );
    }
    diagnostics.tag(Rule::Options);
    flink_conf::validate(cluster, &mut diagnostics);
    diagnostics.tag(Rule::FlinkConfig);
    overridden::validate(&model, &mut diagnostics);
    diagnostics.tag(Rule::FlinkOverridden);
    plugins::validate(&model, &mut diagnostics);
    diagnostics.tag(Rule::FlinkPlugins);
    // The catalogue's checks come last: where the memory model or the file format already
    // refused a property's value, their message is the more telling one.
    let mut options = Diagnostics::new();
    flink_options::validate(&model, &mut options);
    options.tag(Rule::FlinkOptions);
    if !diagnostics.has_errors() {
        // Flink's memory model needs the effective configuration, which only a cluster
        // without other errors has; it sees what Flink's loader reads from the file.
        let reads = model.reads();
        match &reads.read {
            Ok(loaded) => {
                diagnostics.tag(Rule::FlinkConfig);
                flink_memory::validate(cluster, reads, loaded, settings, &mut diagnostics);
                diagnostics.tag(Rule::FlinkMemory);
            }
            Err(unloadable) => diagnostics.error(
                FieldPath::fields("spec.flinkProperties"),
                format!(
                    "Flink could not load the configuration file flink-render writes: {unloadable}"
                ),
            ),
        }
        diagnostics.tag(Rule::FlinkConfig);
        config_map::check(&model, &mut diagnostics);
        diagnostics.tag(Rule::KubernetesApi);
    }
    diagnostics.tag(Rule::FlinkConfig);
    for found in options {
        // A property refused already needs no second word.
        let refused = diagnostics.errors().any(|e| e.path == found.path);
        if !refused {
            diagnostics.push(found);
        }
    }
    if settings.strict {
        diagnostics.make_warnings_errors();
    }
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(Valid::new(model, diagnostics))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Options;

    const BASE: &str = "flinkVersion: \"1.18\"\nimage: {name: flink}\n";

    /// Validates a cluster named `name` in `default` with this spec.
    fn validated_named(name: &str, spec: &str) -> Result<Valid, Diagnostics> {
        let text = format!(
            "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: {name:?}\n  namespace: default\nspec:\n{}",
            spec.lines().map(|l| format!("  {l}\n")).collect::<String>()
        );
        let cluster = match crate::input::parse_stream(&text, crate::yaml::Limits::default()) {
            Ok(items) => match items.into_iter().next() {
                Some(crate::input::Item::Cluster(parsed)) => parsed.cluster,
                _ => panic!("one cluster"),
            },
            Err(d) => panic!("structural errors: {d}"),
        };
        let settings = Options::default()
            .settings_for(None, None, cluster.metadata.namespace.as_deref())
            .expect("settings");
        validate(crate::model::build(
            crate::defaults::apply(cluster),
            settings,
        ))
    }

    /// Errors (as `path: message`) of a cluster named `name` in `default` with this spec.
    fn errors_named(name: &str, spec: &str) -> Vec<String> {
        match validated_named(name, spec) {
            Ok(_) => Vec::new(),
            Err(d) => d.errors().map(ToString::to_string).collect(),
        }
    }

    fn errors(spec: &str) -> Vec<String> {
        errors_named("c", spec)
    }

    fn assert_one(spec: &str, expected: &str) {
        assert_eq!(errors(spec), vec![expected.to_owned()], "spec:\n{spec}");
    }

    #[test]
    fn a_minimal_cluster_is_valid() {
        assert!(errors(BASE).is_empty());
        assert!(errors(&format!("{BASE}job: {{jarFile: a.jar}}")).is_empty());
    }

    #[test]
    fn cluster_name() {
        let long = "a".repeat(49);
        assert!(errors_named(&long, BASE).contains(
            &"metadata.name: cluster name size needs to greater than 0 and less than 50".to_owned()
        ));
        assert_eq!(
            errors_named("1-invalid-name", BASE),
            vec!["metadata.name: cluster name 1-invalid-name is invalid: a DNS-1035 name must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?'".to_owned()]
        );
    }

    #[test]
    fn statefulset_names_must_leave_room_for_the_revision_hash_label() {
        let name = "a".repeat(41);
        assert_eq!(
            errors_named(&name, BASE),
            vec![format!(
                "metadata.name: the StatefulSet \"{name}-taskmanager\" would have 53 characters; Kubernetes labels its pods with `controller-revision-hash: <name>-<10-character hash>`, which must fit in 63 characters, so its pods could never be created: shorten the cluster name to at most 40 characters"
            )]
        );
        assert!(errors_named(&"a".repeat(40), BASE).is_empty());
    }

    #[test]
    fn flink_version() {
        assert_one(
            "flinkVersion: abc\nimage: {name: flink}",
            "spec.flinkVersion: malformed version: abc",
        );
    }

    #[test]
    fn gcp_service_account() {
        let e = errors(&format!(
            "{BASE}gcpConfig: {{serviceAccount: {{mountPath: /etc/gcp}}}}"
        ));
        assert_eq!(
            e,
            vec![
                "spec.gcpConfig.serviceAccount.secretName: GCP service account secret name is unspecified",
                "spec.gcpConfig.serviceAccount.keyFile: GCP service account key file name is unspecified",
                "spec.gcpConfig.serviceAccount.mountPath: invalid GCP service account volume mount path",
            ]
        );
        assert_one(
            &format!("{BASE}gcpConfig: {{serviceAccount: {{secretName: s, keyFile: k.json}}}}"),
            "spec.gcpConfig.serviceAccount.mountPath: GCP service account volume mount path is unspecified",
        );
        assert_one(
            &format!("{BASE}gcpConfig: {{}}"),
            "spec.gcpConfig.serviceAccount: Required value: the Secret holding the GCP service account key (the operator crashes without it)",
        );
    }

    #[test]
    fn pod_annotations_and_labels() {
        // The webhook's words: apimachinery's field errors with the map's path, all of a key's
        // problems in one aggregate.
        let key = "k".repeat(254);
        assert_one(
            &format!("{BASE}jobManager: {{podAnnotations: {{{key}: v}}}}"),
            &format!(
                "spec.jobManager.podAnnotations[{key}]: spec.jobManager.podAnnotations: Invalid value: \"{key}\": name part must be no more than 63 bytes"
            ),
        );
        let long_and_bad = format!("{}!", "k".repeat(70));
        assert_one(
            &format!("{BASE}jobManager: {{podAnnotations: {{\"{long_and_bad}\": v}}}}"),
            &format!(
                "spec.jobManager.podAnnotations[{long_and_bad}]: [spec.jobManager.podAnnotations: Invalid value: \"{long_and_bad}\": name part must be no more than 63 bytes, spec.jobManager.podAnnotations: Invalid value: \"{long_and_bad}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')]"
            ),
        );
        assert_one(
            &format!("{BASE}taskManager: {{podLabels: {{team: \"a b\"}}}}"),
            "spec.taskManager.podLabels[team]: spec.taskManager.podLabels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        );
        assert_one(
            &format!("{BASE}job: {{jarFile: a.jar, podLabels: {{\"a/b/c\": x}}}}"),
            "spec.job.podLabels[a/b/c]: spec.job.podLabels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
        );
    }

    #[test]
    fn duplicate_ports() {
        assert_one(
            &format!("{BASE}jobManager: {{extraPorts: [{{name: metrics, containerPort: 8081}}]}}"),
            "spec.jobManager.extraPorts[0]: duplicate containerPort 8081 in jobmanager, each port number of ports and extraPorts must be unique",
        );
        assert_one(
            &format!("{BASE}taskManager: {{extraPorts: [{{name: data, containerPort: 9249}}]}}"),
            "spec.taskManager.extraPorts[0]: duplicate port name data in taskmanager, each port name of ports and extraPorts must be unique",
        );
    }

    #[test]
    fn resources() {
        assert_one(
            &format!("{BASE}jobManager: {{resources: {{}}}}"),
            "spec.jobManager.resources: jobmanager resource requests/limits are unspecified",
        );
        assert_one(
            &format!("{BASE}taskManager: {{resources: {{limits: {{memory: 1Gi}}}}}}"),
            "spec.taskManager.resources: taskmanager cpu request/limit is unspecified",
        );
        assert_one(
            &format!(
                "{BASE}taskManager: {{resources: {{requests: {{cpu: \"1\", memory: \"0\"}}}}}}"
            ),
            "spec.taskManager.resources: taskmanager memory request/limit is unspecified",
        );
        assert_one(
            &format!(
                "{BASE}jobManager: {{resources: {{requests: {{cpu: \"2\", memory: 1Gi}}, limits: {{cpu: \"1\", memory: 1Gi}}}}}}"
            ),
            "spec.jobManager.resources.requests[cpu]: Invalid value: \"2\": must be less than or equal to cpu limit of 1",
        );
    }

    #[test]
    fn memory_settings_before_flink_1_10() {
        let old = "flinkVersion: \"1.9\"\nimage: {name: flink}\n";
        assert_one(
            &format!("{old}jobManager: {{memoryProcessRatio: 50}}"),
            "spec.jobManager.memoryProcessRatio: MemoryProcessRatio config cannot be used with flinkVersion < 1.11', use memoryOffHeapRatio instead",
        );
        assert_one(
            &format!("{old}taskManager: {{memoryOffHeapRatio: 101}}"),
            "spec.taskManager.memoryOffHeapRatio: invalid taskmanager memoryOffHeapRatio, it must be between 0 and 100",
        );
        // The operator's TestInvalidTaskManagerSpec.
        assert_one(
            &format!(
                "{old}taskManager: {{resources: {{limits: {{cpu: \"1\", memory: 500M}}}}, memoryOffHeapMin: 600M}}"
            ),
            "spec.taskManager.memoryOffHeapMin: invalid taskmanager memory configuration, memory limit must be larger than MemoryOffHeapMin, memory limit: 500000000 bytes, memoryOffHeapMin: 600000000 bytes",
        );
    }

    #[test]
    fn memory_settings_from_flink_1_10() {
        assert_one(
            &format!("{BASE}jobManager: {{memoryOffHeapRatio: 25}}"),
            "spec.jobManager.memoryOffHeapRatio: MemoryOffHeapRatio or MemoryOffHeapMin config cannot be used with flinkVersion >= 1.11'; use memoryProcessRatio istead",
        );
        assert_one(
            &format!("{BASE}taskManager: {{memoryOffHeapMin: 600M}}"),
            "spec.taskManager.memoryOffHeapMin: MemoryOffHeapRatio or MemoryOffHeapMin config cannot be used with flinkVersion >= 1.11'; use memoryProcessRatio istead",
        );
        assert_one(
            &format!("{BASE}jobManager: {{memoryProcessRatio: 150}}"),
            "spec.jobManager.memoryProcessRatio: invalid jobmanager memoryProcessRatio, it must be between 0 and 100",
        );
    }

    #[test]
    fn job() {
        assert_one(
            &format!("{BASE}job: {{className: Main}}"),
            "spec.job: job jarFile or pythonFile or pythonModule is unspecified",
        );
        assert_one(
            &format!("{BASE}job: {{jarFile: a.jar, parallelism: 0}}"),
            "spec.job.parallelism: job parallelism must be >= 1",
        );
        assert_one(
            &format!("{BASE}job: {{jarFile: a.jar, restartPolicy: FromSavepointOnFailure}}"),
            "spec.job.restartPolicy: maxStateAgeToRestoreSeconds must be specified when restartPolicy is set as FromSavepointOnFailure",
        );
        assert_one(
            &format!("{BASE}job: {{jarFile: a.jar, takeSavepointOnUpdate: false}}"),
            "spec.job.takeSavepointOnUpdate: maxStateAgeToRestoreSeconds must be specified when takeSavepointOnUpdate is set as false",
        );
        assert_one(
            &format!("{BASE}job: {{jarFile: a.jar, cancelRequested: true}}"),
            "spec.job.cancelRequested: property `cancelRequested` cannot be set to true for a new job",
        );
        assert_one(
            &format!("{BASE}job: {{mode: Application}}"),
            "spec.job.className: Required value: application mode starts the job's entry class in the JobManager (the operator crashes without it)",
        );
    }

    #[test]
    fn kubernetes_rules_for_what_is_rendered() {
        assert_one(
            &format!("{BASE}jobManager: {{replicas: 2}}"),
            "spec.jobManager.replicas: High availability should be enabled when starting standby JobManagers.",
        );
        assert_one(
            &format!("{BASE}taskManager: {{podLabels: {{component: worker}}}}"),
            "spec.taskManager.podLabels[component]: Invalid value: \"worker\": the taskmanager Service selects pods by `component: taskmanager`; overriding it would leave the Service without endpoints",
        );
        assert_one(
            &format!("{BASE}hadoopConfig: {{mountPath: /etc/hadoop}}"),
            "spec.hadoopConfig.configMapName: Required value: the ConfigMap holding the Hadoop configuration",
        );
        assert_one(
            &format!("{BASE}flinkProperties: {{\"a\": \"1\\nrest.port: 1\"}}"),
            "spec.flinkProperties[a]: must be a single line: flink-conf.yaml holds one `key: value` per line, and a line break would inject further settings",
        );
        assert_one(
            &format!(
                "{BASE}jobManager: {{extraPorts: [{{name: prometheus-metrics, containerPort: 9249}}]}}"
            ),
            "spec.jobManager.extraPorts[0].name: Invalid value: \"prometheus-metrics\": must be no more than 15 characters",
        );
        assert_one(
            &format!("{BASE}taskManager: {{volumeMounts: [{{name: cache, mountPath: /cache}}]}}"),
            "spec.taskManager.volumeMounts[0].name: Not found: \"cache\": no volume of this name is declared in the pod",
        );
        assert_one(
            &format!(
                "{BASE}taskManager: {{volumes: [{{name: a, emptyDir: {{}}}}, {{name: a, emptyDir: {{}}}}]}}"
            ),
            "spec.taskManager.volumes[1].name: Duplicate value: \"a\"",
        );
        assert_one(
            &format!("{BASE}taskManager: {{sidecars: [{{name: taskmanager, image: x}}]}}"),
            "spec.taskManager.sidecars[0].name: Duplicate value: \"taskmanager\": container names must be unique in a pod",
        );
        assert_one(
            &format!(
                "{BASE}jobManager: {{readinessProbe: {{tcpSocket: {{port: 1}}, httpGet: {{port: 8081}}}}}}"
            ),
            "spec.jobManager.readinessProbe: may not specify more than 1 handler type",
        );
        assert_one(
            &format!(
                "{BASE}taskManager: {{horizontalPodAutoscaler: {{minReplicas: 5, maxReplicas: 2}}}}"
            ),
            "spec.taskManager.horizontalPodAutoscaler.minReplicas: Invalid value: 5: must be less than or equal to maxReplicas (2)",
        );
        assert_one(
            &format!("{BASE}podDisruptionBudget: {{minAvailable: 1, maxUnavailable: 1}}"),
            "spec.podDisruptionBudget: minAvailable and maxUnavailable cannot be both set",
        );
        assert_one(
            &format!("{BASE}taskManager: {{resources: {{limits: {{cpu: \"1\", memory: 2GB}}}}}}"),
            "spec.taskManager.resources.limits[memory]: Invalid value: \"2GB\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        );
        assert_one(
            &format!("{BASE}logConfig: {{\"log4j console\": x}}"),
            "spec.logConfig[log4j console]: Invalid value: \"log4j console\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
        );
        assert_one(
            &format!(
                "{BASE}jobManager: {{ingress: {{hostFormat: \"{{{{$clusterName}}}}_ui.example.com\"}}}}"
            ),
            "spec.jobManager.ingress.hostFormat: Invalid value: \"c_ui.example.com\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        );
        assert_one(
            &format!("{BASE}serviceAccountName: Flink"),
            "spec.serviceAccountName: Invalid value: \"Flink\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        );
    }

    /// Warnings (as `path: message`) of a valid cluster with this spec.
    fn warnings(spec: &str) -> Vec<String> {
        match validated_named("c", spec) {
            Ok(valid) => valid.warnings().iter().map(ToString::to_string).collect(),
            Err(d) => panic!("errors: {d}"),
        }
    }

    #[test]
    fn flink_properties_the_configuration_file_cannot_carry() {
        assert_one(
            &format!(
                "{BASE}flinkProperties: {{\"jobmanager.rpc.address: evil.example.com #\": x}}"
            ),
            "spec.flinkProperties[jobmanager.rpc.address: evil.example.com #]: Invalid key \"jobmanager.rpc.address: evil.example.com #\": a Flink option key has no whitespace: in flink-conf.yaml Flink would read the line as jobmanager.rpc.address = \"evil.example.com\"",
        );
        assert_one(
            &format!("{BASE}flinkProperties: {{taskmanager.memory.managed.size: \"512m # half\"}}"),
            "spec.flinkProperties[taskmanager.memory.managed.size]: Invalid value \"512m # half\": flink-conf.yaml cannot carry a '#' in a value, Flink 1.x reads everything from '#' on as a comment; Flink would read the line as taskmanager.memory.managed.size = \"512m\"",
        );
        assert_eq!(
            warnings(&format!("{BASE}flinkProperties: {{a: \"\", b: \" x \"}}")),
            [
                "spec.flinkProperties[a]: the value is empty: Flink 1.x drops a flink-conf.yaml setting without a value, so a stays unset and its default applies",
                "spec.flinkProperties[b]: the value \" x \" has surrounding whitespace, which flink-conf.yaml does not keep: Flink would read the line as b = \"x\"",
                "spec.flinkProperties[a]: a is not an option of Flink 1.18, which ignores it",
                "spec.flinkProperties[b]: b is not an option of Flink 1.18, which ignores it",
            ]
        );
        // config.yaml (Flink 2) carries every value exactly; keys are refused as in 1.x.
        let two = "flinkVersion: \"2.0\"\nimage: {name: flink}\n";
        assert!(
            errors(&format!(
                "{two}flinkProperties: {{a: \"512m # x\", b: \"\", c: \" x \", d: \"null\"}}"
            ))
            .is_empty()
        );
        assert_eq!(
            errors(&format!("{two}flinkProperties: {{\"a b\": x}}")).len(),
            1
        );
        // The memory check reads what Flink reads: the empty value is dropped in 1.x (the
        // default applies) but an empty size in config.yaml is refused, as Flink refuses it.
        assert!(
            errors(&format!(
                "{BASE}flinkProperties: {{taskmanager.memory.managed.size: \"\"}}"
            ))
            .is_empty()
        );
        assert_eq!(
            errors(&format!(
                "{two}flinkProperties: {{taskmanager.memory.managed.size: \"\"}}"
            )),
            [
                "spec.flinkProperties[taskmanager.memory.managed.size]: TaskManager memory configuration failed: Cannot read memory size from config option 'taskmanager.memory.managed.size'. Caused by: Could not parse value '' for key 'taskmanager.memory.managed.size'. Caused by: argument is an empty- or whitespace-only string [flink-conf: taskmanager.memory.managed.size:  (spec.flinkProperties)]"
            ]
        );
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let e = errors(&format!(
            "{BASE}jobManager: {{resources: {{}}}}\ntaskManager: {{resources: {{}}}}\njob: {{parallelism: 0}}"
        ));
        assert_eq!(e.len(), 4, "{e:#?}");
    }
}
