//! FlinkDeployments (the Apache Flink Kubernetes Operator's resource) in native mode: reviewed
//! snapshots of the objects and of the TaskManager pod preview for the operator's examples
//! (`fixtures/apache`, each naming the example it follows); the worked output of
//! apache-operator-spec.md §5.7 field by field; the Ingress of §5.6; strict schema validation;
//! what is refused (standalone mode and FlinkSessionJobs are not rendered yet).

mod support;

use flink_render::Options;
use flink_render::object::Object;
use support::*;

fn render(path: &std::path::Path) -> Vec<Object> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    render_text(&name, &read(path), &Options::default())
        .unwrap_or_else(|reports| panic!("{reports}"))
}

fn preview(path: &std::path::Path) -> String {
    let file = path.to_string_lossy().into_owned();
    let output = cli(&["explain", "taskmanager-pod", &file], "");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    text(&output.stdout)
}

fn fixture(name: &str) -> std::path::PathBuf {
    repo().join("fixtures/apache").join(name)
}

#[test]
fn rendered() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        insta::glob!("../fixtures/apache", "*.yaml", |path| {
            insta::assert_snapshot!(snapshot_yaml(render(path)));
        });
    });
}

#[test]
fn task_manager_pod_previews() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        insta::glob!("../fixtures/apache", "*.yaml", |path| {
            insta::assert_snapshot!(preview(path));
        });
    });
}

/// apache-operator-spec.md §5.7: what the operator creates for `examples/basic.yaml`.
#[test]
fn basic_example_is_the_worked_output() {
    let objects = render(&fixture("basic.yaml"));
    let ids: Vec<String> = objects
        .iter()
        .map(|o| format!("{}/{}", o.kind(), o.name()))
        .collect();
    assert_eq!(
        ids,
        [
            "ConfigMap/flink-config-basic-example",
            "Service/basic-example",
            "Service/basic-example-rest",
            "Deployment/basic-example",
        ],
        "no pod-template ConfigMap, no Ingress"
    );
    let Some(Object::Deployment(deployment)) = objects.iter().find(|o| o.kind() == "Deployment")
    else {
        panic!("a Deployment")
    };
    let json = serde_json::to_value(deployment).expect("serializes");
    assert_eq!(
        json["metadata"]["annotations"]["flinkdeployment.flink.apache.org/generation"],
        "1"
    );
    let pod = &json["spec"]["template"]["spec"];
    assert_eq!(pod["serviceAccountName"], "flink");
    assert_eq!(pod["dnsPolicy"], "ClusterFirst");
    let main = &pod["containers"][0];
    assert_eq!(main["name"], "flink-main-container");
    assert_eq!(main["image"], "flink:2.2");
    assert_eq!(
        main["args"],
        serde_json::json!([
            "bash",
            "-c",
            "kubernetes-jobmanager.sh kubernetes-application "
        ])
    );
    assert_eq!(main["resources"]["requests"]["memory"], "2048Mi");
    assert_eq!(main["resources"]["limits"]["cpu"], "1.0");
    assert_eq!(main["startupProbe"]["httpGet"]["path"], "/config");
    assert_eq!(main["startupProbe"]["failureThreshold"], 2147483647);
    let config = objects
        .iter()
        .find_map(|o| match o {
            Object::ConfigMap(map) => map.data.clone(),
            _ => None,
        })
        .expect("flink-config-basic-example");
    let keys: Vec<&String> = config.keys().collect();
    assert_eq!(keys, ["config.yaml", "log4j-console.properties"]);
    // Flink 2: nested YAML (FlinkConfMountDecoratorTest), a key `kubernetes`, no dotted key.
    let file: serde_json::Value =
        serde_saphyr::from_str(&config["config.yaml"]).expect("config.yaml is YAML");
    assert_eq!(file["kubernetes"]["cluster-id"], "basic-example");
    assert!(file.get("kubernetes.cluster-id").is_none());
    assert_eq!(
        file["jobmanager"]["rpc"]["address"],
        "basic-example.default"
    );
    assert_eq!(file["parallelism"]["default"], "2");
}

/// apache-operator-spec.md §5.6 (`IngressUtilsTest`): host from the template, the rest Service
/// at `rest.port`, class name, labels with `component: ingress`, annotations.
#[test]
fn ingress_is_the_operators() {
    let objects = render(&fixture("ingress.yaml"));
    let Some(Object::Ingress(ingress)) = objects.iter().find(|o| o.kind() == "Ingress") else {
        panic!("an Ingress")
    };
    let json = serde_json::to_value(ingress).expect("serializes");
    assert_eq!(json["apiVersion"], "networking.k8s.io/v1");
    assert_eq!(json["metadata"]["name"], "basic-ingress");
    assert_eq!(json["metadata"]["labels"]["component"], "ingress");
    assert_eq!(json["metadata"]["labels"]["team"], "streaming");
    assert_eq!(json["spec"]["ingressClassName"], "nginx");
    let rule = &json["spec"]["rules"][0];
    assert_eq!(rule["host"], "basic-ingress.default.flink.k8s.io");
    let path = &rule["http"]["paths"][0];
    assert!(path.get("path").is_none(), "the template has no path");
    assert_eq!(path["pathType"], "ImplementationSpecific");
    assert_eq!(path["backend"]["service"]["name"], "basic-ingress-rest");
    assert_eq!(path["backend"]["service"]["port"]["number"], 8081);
    // With the resource's uid known, the FlinkDeployment owns it (controller).
    let with_uid = read(&fixture("ingress.yaml")).replace(
        "  namespace: default\n",
        "  namespace: default\n  uid: 0b6a5b6e-1d5c-4a8e-9f3b-2f7f1c2d3e4f\n",
    );
    let objects = render_text("ingress.yaml", &with_uid, &Options::default()).expect("renders");
    let ingress = objects
        .iter()
        .find(|o| o.kind() == "Ingress")
        .expect("an Ingress");
    let json = serde_json::to_value(ingress).expect("serializes");
    let owner = &json["metadata"]["ownerReferences"][0];
    assert_eq!(owner["kind"], "FlinkDeployment");
    assert_eq!(owner["controller"], true);
    assert_eq!(owner["blockOwnerDeletion"], true);
}

/// Kubernetes HA: no internal Service (`isInternalServiceEnabled`), TaskManagers find the
/// leader through the HA ConfigMaps.
#[test]
fn ha_has_no_internal_service() {
    let objects = render(&fixture("ha.yaml"));
    let services: Vec<&str> = objects
        .iter()
        .filter(|o| o.kind() == "Service")
        .map(|o| o.name())
        .collect();
    assert_eq!(services, ["basic-checkpoint-ha-example-rest"]);
}

/// A TaskManager pod template (here `spec.podTemplate` and `taskManager.podTemplate`) is
/// `pod-template-<name>`, mounted into the JobManager; the common template's sidecar and
/// volume are in both pods.
#[test]
fn pod_templates_reach_both_components() {
    let objects = render(&fixture("pod-template.yaml"));
    assert!(
        objects
            .iter()
            .any(|o| o.name() == "pod-template-pod-template-example")
    );
    let specs = pod_specs(&objects);
    let jm = &specs["Deployment/pod-template-example"];
    let names: Vec<&str> = jm.containers.iter().map(|c| c.name.as_str()).collect();
    // Flink adds the main container after the template's others.
    assert_eq!(names, ["fluentbit", "flink-main-container"]);
    let preview = preview(&fixture("pod-template.yaml"));
    assert!(preview.contains("name: fluentbit"), "{preview}");
    assert!(preview.contains("name: busybox"), "{preview}");
}

#[test]
fn every_output_passes_strict_schema_validation() {
    let mut outputs = Vec::new();
    for path in fixtures("apache") {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let objects = render(&path);
        outputs.push((
            name.clone(),
            flink_render::emit::yaml_stream(&objects).expect("serializes"),
        ));
        outputs.push((format!("{name}.preview"), preview(&path)));
    }
    assert_strictly_valid(&outputs);
}

/// What is not rendered yet is refused at the field, with exit 2 and nothing on stdout.
#[test]
fn standalone_and_session_jobs_are_refused_for_now() {
    let standalone =
        read(&fixture("session.yaml")).replace("spec:\n", "spec:\n  mode: standalone\n");
    let output = cli(&["render", "-"], &standalone);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(
        text(&output.stderr).contains("does not render a FlinkDeployment in standalone mode yet"),
        "{}",
        text(&output.stderr)
    );
    let job = "apiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\nmetadata:\n  name: job\n  namespace: default\nspec:\n  deploymentName: basic-session-deployment-only-example\n  job:\n    jarURI: https://example.com/job.jar\n";
    let output = cli(&["render", "-"], job);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("does not take a FlinkSessionJob yet"),
        "{}",
        text(&output.stderr)
    );
}
