//! The operator's validator messages (`DefaultValidatorTest`), all reported at once.

use super::*;
use crate::model::apache::tests::{BASIC, model};

fn errors(text: &str) -> Vec<String> {
    errors_with(text, None)
}

fn errors_with(text: &str, last: Option<&LastSpec>) -> Vec<String> {
    match validate(model(text), last) {
        Ok(_) => Vec::new(),
        Err(found) => found.errors().map(ToString::to_string).collect(),
    }
}

fn with_config(lines: &str) -> String {
    BASIC.replace(
        "    taskmanager.numberOfTaskSlots: 2\n",
        &format!("    taskmanager.numberOfTaskSlots: 2\n{lines}"),
    )
}

#[test]
fn the_operators_examples_are_valid() {
    assert_eq!(errors(BASIC), Vec::<String>::new());
}

#[test]
fn names_versions_and_forbidden_keys() {
    assert_eq!(
        errors(&BASIC.replace("name: basic-example", "name: Basic_Example")),
        [
            "metadata.name: The FlinkDeployment name: Basic_Example is invalid, must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123'), and the length must be no more than 45 characters."
        ]
    );
    assert!(valid_name(&"a".repeat(45)));
    assert!(!valid_name(&"a".repeat(46)));
    assert!(!valid_name("1abc") && !valid_name("abc-") && valid_name("a"));
    assert_eq!(
        errors(&BASIC.replace("  flinkVersion: v2_2\n", "")),
        ["spec.flinkVersion: Flink Version must be defined."]
    );
    assert_eq!(
        errors(&BASIC.replace("v2_2", "v1_14")),
        ["spec.flinkVersion: Flink version v1_14 is not supported by this operator version"]
    );
    assert_eq!(
        errors(&with_config(
            "    kubernetes.cluster-id: x\n    kubernetes.namespace: y\n"
        )),
        [
            "spec.flinkConfiguration[kubernetes.namespace]: Forbidden Flink config key: kubernetes.namespace",
            "spec.flinkConfiguration[kubernetes.cluster-id]: Forbidden Flink config key: kubernetes.cluster-id",
        ]
    );
    assert_eq!(
        errors(&with_config(
            "    kubernetes.operator.deployment.rollback.enabled: true\n    kubernetes.operator.cluster.health-check.enabled: true\n    kubernetes.operator.jm-deployment-recovery.enabled: false\n"
        )),
        [
            "spec.flinkConfiguration[kubernetes.operator.deployment.rollback.enabled]: HA must be enabled for rollback support.",
            "spec.flinkConfiguration[kubernetes.operator.cluster.health-check.enabled]: Deployment recovery (kubernetes.operator.jm-deployment-recovery.enabled) must be enabled for job health check (kubernetes.operator.cluster.health-check.enabled) support.",
        ]
    );
}

#[test]
fn ingress_and_log_configuration() {
    assert_eq!(
        errors(&format!("{BASIC}  ingress:\n    className: nginx\n")),
        ["spec.ingress.template: Ingress template must be defined"]
    );
    assert_eq!(
        errors(&format!(
            "{BASIC}  ingress:\n    template: \"example.com:port\"\n"
        )),
        [
            "spec.ingress.template: Unable to process the Ingress template(example.com:port). Error: Error at index 0 in: \"port\""
        ]
    );
    assert_eq!(
        errors(&format!(
            "{BASIC}  logConfiguration:\n    log4j.properties: x\n"
        )),
        [
            "spec.logConfiguration[log4j.properties]: Invalid log config key: log4j.properties. Allowed keys are [log4j-console.properties, logback-console.xml]"
        ]
    );
}

#[test]
fn job_checks_are_all_reported() {
    let text = BASIC.replace(
        "    upgradeMode: stateless\n",
        "    upgradeMode: savepoint\n    savepointTriggerNonce: 1\n",
    );
    assert_eq!(
        errors(&text.replace("parallelism: 2", "parallelism: 0")),
        [
            "spec.job.upgradeMode: Checkpoint directory[execution.checkpointing.dir] must be defined for last-state and savepoint upgrade modes",
            "spec.job.upgradeMode: Job could not be upgraded with savepoint while config key[execution.checkpointing.savepoint-dir] is not set",
            "spec.job.savepointTriggerNonce: Savepoint could not be manually triggered for the running job while config key[execution.checkpointing.savepoint-dir] is not set",
            "spec.job.parallelism: Job parallelism must be larger than 0",
        ]
    );
    // The deprecated keys are read too, as Flink 1.20 reads them.
    assert_eq!(
        errors(
            &with_config("    state.checkpoints.dir: s3://c\n    state.savepoints.dir: s3://s\n")
                .replace("upgradeMode: stateless", "upgradeMode: savepoint")
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        errors(&with_config(
            "    kubernetes.operator.periodic.savepoint.interval: 1h\n    kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age: 1h\n"
        )),
        [
            "spec.flinkConfiguration[kubernetes.operator.periodic.savepoint.interval]: Periodic savepoints cannot be enabled when config key[execution.checkpointing.savepoint-dir] is not set",
            "spec.flinkConfiguration[kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age]: In order to use max-checkpoint age functionality config key[execution.checkpointing.savepoint-dir] must be set to allow triggering savepoint upgrades.",
        ]
    );
    assert_eq!(
        errors(&BASIC.replace("  taskManager:\n", "  taskManager:\n    replicas: 0\n")),
        [
            "spec.taskManager.replicas: TaskManager replicas must be larger than 0",
            "spec.taskManager.replicas: TaskManager replicas should not be configured less than one.",
        ]
    );
}

#[test]
fn resources_replicas_and_the_service_account() {
    let text = BASIC
        .replace(
            "memory: \"2048m\"\n      cpu: 1\n  taskManager",
            "memory: \"2048m\"\n      cpu: 1\n    replicas: 2\n  taskManager",
        )
        .replace("  serviceAccount: flink\n", "");
    assert_eq!(
        errors(&text),
        [
            "spec.jobManager.replicas: High availability should be enabled when starting standby JobManagers.",
            "spec.serviceAccount: spec.serviceAccount must be defined. If you use helm, its value should be the same with the name of jobServiceAccount.",
        ]
    );
    let text = BASIC.replacen(
        "memory: \"2048m\"",
        "memory: \"1.5Gi\"\n      ephemeralStorage: x2",
        1,
    );
    assert_eq!(
        errors(&text),
        [
            "spec.jobManager.resource: JobManager resource memory parse error: Memory size unit '.0' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)JobManager resource ephemeral storage parse error: Character x is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark."
        ]
    );
    let no_memory = BASIC.replace("      memory: \"2048m\"\n", "");
    assert_eq!(
        errors(&no_memory),
        [
            "spec.jobManager.resource.memory: JobManager resource memory must be defined using `spec.jobManager.resource.memory`",
            "spec.taskManager.resource.memory: TaskManager resource memory must be defined using `spec.taskManager.resource.memory`",
        ]
    );
    // Memory the configuration gives is enough.
    assert_eq!(
        errors(
            &with_config(
                "    jobmanager.memory.process.size: 1g\n    taskmanager.memory.process.size: 2g\n"
            )
            .replace("      memory: \"2048m\"\n", "")
        ),
        Vec::<String>::new()
    );
}

#[test]
fn spec_changes_are_checked_against_the_last_spec() {
    let last = LastSpec {
        job: false,
        mode: DeploymentMode::Standalone,
        ..LastSpec::default()
    };
    assert_eq!(
        errors_with(BASIC, Some(&last)),
        [
            "spec.job: Cannot switch from session to job cluster",
            "spec.mode: Cannot switch from standalone kubernetes to native kubernetes cluster",
        ]
    );
    let status = serde_json::json!({"reconciliationStatus": {"lastReconciledSpec":
        "{\"spec\":{\"job\":{\"state\":\"suspended\",\"upgradeMode\":\"last-state\"},\"flinkVersion\":\"v1_20\"},\"resource_metadata\":{}}"}});
    let last = LastSpec::from_status(Some(&status)).expect("a last spec");
    let text = with_config("    state.checkpoints.dir: s3://c\n")
        .replace("upgradeMode: stateless", "upgradeMode: last-state");
    assert_eq!(
        errors_with(&text, Some(&last)),
        [
            "spec.flinkVersion: Changing flinkVersion after last-state suspend is not allowed. Restore your cluster with the current flinkVersion and perform the version upgrade afterwards."
        ]
    );
}

#[test]
fn autoscaler_options_are_in_their_ranges() {
    assert_eq!(
        errors(&with_config(
            "    job.autoscaler.enabled: true\n    job.autoscaler.utilization.target: 1.5\n    job.autoscaler.scale-down.max-factor: x\n"
        )),
        [
            "spec.flinkConfiguration[job.autoscaler.scale-down.max-factor]: Invalid value in the autoscaler config job.autoscaler.scale-down.max-factor",
            "spec.flinkConfiguration[job.autoscaler.utilization.target]: The AutoScalerOption job.autoscaler.utilization.target is invalid, it should be a value within the range [0.0, 1.0]",
        ]
    );
}

#[test]
fn what_the_builder_and_flink_refuse() {
    assert_eq!(
        errors(&format!("{BASIC}  imagePullPolicy: always\n")),
        [
            "spec.imagePullPolicy: No enum constant org.apache.flink.kubernetes.configuration.KubernetesConfigOptions.ImagePullPolicy.always"
        ]
    );
    assert_eq!(
        errors(&with_config("    a: x\n    a.b: y\n")),
        [
            "spec.flinkConfiguration[a.b]: Overlapping key prefixes detected (a -> a.b), please replace with Flink v2 compatible, non-deprecated keys."
        ]
    );
    assert_eq!(
        errors(&BASIC.replace("StateMachineExample.jar", "State Machine.jar")),
        [
            "spec.job.jarURI: Illegal character in path at index 43: local:///opt/flink/examples/streaming/State Machine.jar"
        ]
    );
    assert_eq!(
        errors(&with_config("    taskmanager.memory.managed.size: 3g\n")),
        [
            "spec.taskManager.resource.memory: TaskManager memory configuration failed: Sum of configured Framework Heap Memory (128.000mb (134217728 bytes)), Framework Off-Heap Memory (128.000mb (134217728 bytes)), Task Off-Heap Memory (0 bytes), Managed Memory (3.000gb (3221225472 bytes)) and Network Memory (158.720mb (166429984 bytes)) exceed configured Total Flink Memory (1.550gb (1664299824 bytes)). [configuration: taskmanager.memory.process.size: 2 gb; taskmanager.memory.managed.size: 3g]"
        ]
    );
}

/// What Java 17's `new URI(...)` said of these.
#[test]
fn jar_uris_read_as_java_reads_them() {
    for (uri, message) in [
        (
            "https://ex ample.com/a.jar",
            "Illegal character in authority at index 8: https://ex ample.com/a.jar",
        ),
        (
            "https://x.com/a.jar?q=a b",
            "Illegal character in query at index 23: https://x.com/a.jar?q=a b",
        ),
        (
            "https://x.com/a.jar#a b",
            "Illegal character in fragment at index 21: https://x.com/a.jar#a b",
        ),
        (
            "loc al:///x",
            "Illegal character in scheme name at index 3: loc al:///x",
        ),
        (
            "s3://b/x y",
            "Illegal character in path at index 8: s3://b/x y",
        ),
        (
            "local:///x{y}",
            "Illegal character in path at index 10: local:///x{y}",
        ),
        (
            "https://x.com/%zz",
            "Malformed escape pair at index 14: https://x.com/%zz",
        ),
    ] {
        assert_eq!(java_uri(uri), Err(message.to_owned()), "{uri}");
    }
    assert_eq!(java_uri("/no/scheme.jar"), Ok(()));
    assert_eq!(java_uri("https://x.com/a%20b.jar"), Ok(()));
}
