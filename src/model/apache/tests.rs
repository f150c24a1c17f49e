//! The effective configuration of FlinkDeployments against the operator's worked examples
//! (apache-operator-spec.md §4.4) and `FlinkConfigBuilderTest`'s expectations.

use super::*;
use crate::input::{ApacheResource, Item, parse_stream};
use crate::options::Options;
use crate::yaml::Limits;

/// The model of the one FlinkDeployment of `text`, in namespace `default`, under `options`.
pub(crate) fn model_with(text: &str, options: &Options) -> DeploymentModel {
    let items = parse_stream(text, Limits::default()).expect("parses");
    let Some(Item::Apache(parsed)) = items.into_iter().next() else {
        panic!("a FlinkDeployment")
    };
    let ApacheResource::Deployment(deployment) = parsed.resource else {
        panic!("a FlinkDeployment")
    };
    let settings = options
        .settings_for(
            deployment.metadata.annotations.as_ref(),
            deployment.metadata.uid.as_deref(),
            Some(
                deployment
                    .metadata
                    .namespace
                    .as_deref()
                    .unwrap_or("default"),
            ),
        )
        .expect("settings");
    build(
        crate::defaults::apache::apply_deployment(*deployment),
        settings,
    )
}

pub(crate) fn model(text: &str) -> DeploymentModel {
    model_with(text, &Options::default())
}

/// examples/basic.yaml of the operator's 1.15.0 release.
pub(crate) const BASIC: &str = "\
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: basic-example
spec:
  image: flink:2.2
  flinkVersion: v2_2
  flinkConfiguration:
    taskmanager.numberOfTaskSlots: 2
  serviceAccount: flink
  jobManager:
    resource:
      memory: \"2048m\"
      cpu: 1
  taskManager:
    resource:
      memory: \"2048m\"
      cpu: 1
  job:
    jarURI: local:///opt/flink/examples/streaming/StateMachineExample.jar
    parallelism: 2
    upgradeMode: stateless
";

fn entries(model: &DeploymentModel) -> BTreeMap<String, String> {
    model.configuration().values().clone()
}

/// §4.4: the configuration of examples/basic.yaml, key by key, and what is not in it.
#[test]
fn the_basic_example_is_configured_as_the_operator_configures_it() {
    let model = model(BASIC);
    let conf = entries(&model);
    let expected = [
        ("taskmanager.numberOfTaskSlots", "2"),
        ("parallelism.default", "2"),
        ("kubernetes.rest-service.exposed.type", "ClusterIP"),
        ("web.cancel.enable", "false"),
        ("$internal.flink.version", "v2_2"),
        ("kubernetes.container.image.ref", "flink:2.2"),
        ("kubernetes.service-account", "flink"),
        (
            "kubernetes.pod-template-file.jobmanager",
            config::JOB_MANAGER_TEMPLATE_FILE,
        ),
        ("jobmanager.memory.process.size", "2 gb"),
        ("kubernetes.jobmanager.cpu.amount", "1.0"),
        ("kubernetes.jobmanager.replicas", "1"),
        ("taskmanager.memory.process.size", "2 gb"),
        ("kubernetes.taskmanager.cpu.amount", "1.0"),
        ("execution.target", "kubernetes-application"),
        (
            "pipeline.jars",
            "local:///opt/flink/examples/streaming/StateMachineExample.jar",
        ),
        ("execution.shutdown-on-application-finish", "false"),
        ("execution.submit-failed-job-on-application-error", "true"),
        ("pipeline.name", "basic-example"),
        (
            "execution.checkpointing.externalized-checkpoint-retention",
            "RETAIN_ON_CANCELLATION",
        ),
        ("$internal.application.program-args", ""),
        ("kubernetes.namespace", "default"),
        ("kubernetes.cluster-id", "basic-example"),
        (
            "kubernetes.jobmanager.annotations",
            "flinkdeployment.flink.apache.org/generation:1",
        ),
        ("internal.cluster.execution-mode", "NORMAL"),
        (
            "kubernetes.internal.jobmanager.entrypoint.class",
            "org.apache.flink.kubernetes.entrypoint.KubernetesApplicationClusterEntrypoint",
        ),
        ("blob.server.port", "6124"),
        ("taskmanager.rpc.port", "6122"),
        ("jobmanager.rpc.address", "basic-example.default"),
    ];
    for (key, value) in expected {
        assert_eq!(conf.get(key).map(String::as_str), Some(value), "{key}");
    }
    assert!(
        conf["env.java.default-opts.all"]
            .starts_with("--add-exports=java.base/sun.net.util=ALL-UNNAMED")
    );
    assert_eq!(
        conf["$internal.pipeline.job-id"],
        model.placeholders().job_id
    );
    for absent in [
        "execution.checkpointing.interval",
        "execution.savepoint.path",
        "$internal.application.main",
        "kubernetes.pod-template-file.taskmanager",
        "high-availability.type",
        "rest.bind-port",
        "$internal.deployment.config-dir",
        "kubernetes.jobmanager.owner.reference",
    ] {
        assert!(!conf.contains_key(absent), "{absent}");
    }
    assert!(conf.keys().all(|k| !k.starts_with("kubernetes.operator.")));
    // Every key of the table and the two made-up values; nothing else.
    assert_eq!(conf.len(), expected.len() + 2, "{conf:#?}");
    assert_eq!(model.format(), Format::ConfigYaml);
    assert_eq!(
        model
            .configuration()
            .origin("taskmanager.numberOfTaskSlots"),
        Some(&Origin::FlinkConfiguration(
            FieldPath::fields("spec.flinkConfiguration").key("taskmanager.numberOfTaskSlots")
        ))
    );
    assert_eq!(
        model.configuration().origin("env.java.default-opts.all"),
        Some(&Origin::OperatorDefault(
            "kubernetes.operator.default-configuration.flink-version.v1_19+.env.java.default-opts.all"
                .to_owned()
        ))
    );
}

#[test]
fn an_owner_uid_becomes_the_owner_reference() {
    let uid = "6f3a2c1e-0b4d-4e5f-8a9b-0c1d2e3f4a5b";
    let model = model_with(
        &BASIC.replace(
            "  name: basic-example\n",
            &format!("  name: basic-example\n  uid: {uid}\n  generation: 3\n"),
        ),
        &Options::default(),
    );
    let conf = entries(&model);
    assert_eq!(
        conf["kubernetes.jobmanager.owner.reference"],
        format!(
            "apiVersion:flink.apache.org/v1beta1,kind:FlinkDeployment,name:basic-example,uid:{uid},blockOwnerDeletion:true,controller:false"
        )
    );
    assert_eq!(
        conf["kubernetes.jobmanager.annotations"],
        "flinkdeployment.flink.apache.org/generation:3"
    );
}

/// `FlinkConfigBuilderTest`: the legacy CPU keys before 1.17, the image key, last-state's
/// checkpoint interval, a session cluster, standalone's settings.
#[test]
fn builder_steps_follow_the_version_mode_and_job() {
    let old = entries(&model(&BASIC.replace("v2_2", "v1_16").replace(
        "upgradeMode: stateless",
        "upgradeMode: last-state\n    entryClass: a.B\n    args: [x, \"y;z\"]",
    )));
    assert_eq!(old["kubernetes.jobmanager.cpu"], "1.0");
    assert_eq!(old["kubernetes.taskmanager.cpu"], "1.0");
    assert_eq!(old["kubernetes.container.image"], "flink:2.2");
    assert!(!old.contains_key("kubernetes.container.image.ref"));
    assert_eq!(old["execution.checkpointing.interval"], "5 min");
    assert_eq!(old["$internal.application.main"], "a.B");
    assert_eq!(old["$internal.application.program-args"], "x;'y;z'");

    let session = model(BASIC.split("  job:").next().unwrap_or_default());
    let session_conf = entries(&session);
    assert_eq!(session_conf["execution.target"], "kubernetes-session");
    assert_eq!(
        session_conf["kubernetes.internal.jobmanager.entrypoint.class"],
        "org.apache.flink.kubernetes.entrypoint.KubernetesSessionClusterEntrypoint"
    );
    assert_eq!(session_conf["parallelism.default"], "1");
    assert!(!session_conf.contains_key("pipeline.name"));

    let standalone = entries(&model(&format!("{BASIC}  mode: standalone\n")));
    assert_eq!(standalone["execution.target"], "remote");
    assert_eq!(
        standalone["kubernetes.internal.cluster-mode"],
        "APPLICATION"
    );
    assert_eq!(
        standalone["pipeline.classpaths"],
        "file:///opt/flink/examples/streaming/StateMachineExample.jar"
    );
    assert!(!standalone.contains_key("pipeline.jars"));
    assert_eq!(standalone["kubernetes.internal.taskmanager.replicas"], "1");
    assert!(!standalone.contains_key("internal.cluster.execution-mode"));

    let replicas = entries(&model(
        &BASIC.replace("  taskManager:\n", "  taskManager:\n    replicas: 3\n"),
    ));
    assert_eq!(replicas["parallelism.default"], "6");
    assert_eq!(replicas["kubernetes.internal.taskmanager.replicas"], "3");
}

#[test]
fn ha_gets_its_cluster_id_and_job_result_store() {
    let text = BASIC.replace(
        "    taskmanager.numberOfTaskSlots: 2\n",
        "    taskmanager.numberOfTaskSlots: 2\n    high-availability:\n      type: kubernetes\n      storageDir: file:///flink-data/ha\n",
    );
    let model = model(&text);
    let conf = entries(&model);
    assert_eq!(conf["high-availability.cluster-id"], "basic-example");
    assert_eq!(conf["high-availability.jobmanager.port"], "6123");
    assert_eq!(conf["job-result-store.delete-on-commit"], "false");
    assert_eq!(
        conf["job-result-store.storage-path"],
        format!(
            "file:///flink-data/ha/job-result-store/basic-example/{}",
            model.placeholders().job_result_store_uuid
        )
    );
    assert!(!conf.contains_key("jobmanager.rpc.address"));
}

#[test]
fn templates_get_the_probe_and_ephemeral_storage() {
    let text = BASIC.replace(
        "  taskManager:\n    resource:\n",
        "  taskManager:\n    resource:\n      ephemeralStorage: 2G\n",
    );
    let model = model(&text);
    let jm = model.job_manager_template().expect("a JobManager template");
    let main = &jm.spec.as_ref().expect("a spec").containers[0];
    assert_eq!(main.name, templates::MAIN_CONTAINER);
    assert_eq!(main.startup_probe, Some(templates::startup_probe()));
    let tm = model
        .task_manager_template()
        .expect("a TaskManager template");
    let resources = tm.spec.as_ref().expect("a spec").containers[0]
        .resources
        .clone()
        .expect("resources");
    assert_eq!(
        resources
            .limits
            .and_then(|l| l.get("ephemeral-storage").cloned()),
        Some(k8s_openapi::apimachinery::pkg::api::resource::Quantity(
            "2G".to_owned()
        ))
    );
    let conf = entries(&model);
    assert_eq!(
        conf["kubernetes.pod-template-file.taskmanager"],
        config::TASK_MANAGER_TEMPLATE_FILE
    );
}
