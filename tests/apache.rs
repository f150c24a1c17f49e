//! FlinkDeployments (the Apache Flink Kubernetes Operator's resource) in native mode: reviewed
//! snapshots of the objects and of the TaskManager pod preview for the operator's examples
//! (`fixtures/apache`, each naming the example it follows); the worked output of
//! apache-operator-spec.md §5.7 field by field; the Ingress of §5.6; strict schema validation;
//! FlinkSessionJobs (nothing rendered, the operator's checks with their messages); standalone
//! mode against the operator's factory tests.

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

/// `Kind/name` of every object, in order.
fn ids(objects: &[Object]) -> Vec<String> {
    objects
        .iter()
        .map(|o| format!("{}/{}", o.kind(), o.name()))
        .collect()
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
    let ids = ids(&objects);
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
        // Standalone TaskManagers are a Deployment of the render: no preview.
        let preview = preview(&path);
        if !preview.is_empty() {
            outputs.push((format!("{name}.preview"), preview));
        }
    }
    assert_strictly_valid(&outputs);
}

fn json_of(objects: &[Object], id: &str) -> serde_json::Value {
    let object = objects
        .iter()
        .find(|o| format!("{}/{}", o.kind(), o.name()) == id)
        .unwrap_or_else(|| panic!("{id}"));
    serde_json::to_value(object).expect("serializes")
}

fn standalone_args(extra: &str, job: &str) -> serde_json::Value {
    let text = read(&fixture("standalone.yaml"))
        .replace(
            "    taskmanager.numberOfTaskSlots: \"2\"\n",
            &format!("    taskmanager.numberOfTaskSlots: \"2\"\n{extra}"),
        )
        .replace(
            "    upgradeMode: stateless\n",
            &format!("    upgradeMode: stateless\n{job}"),
        );
    let objects = render_text("standalone.yaml", &text, &Options::default()).expect("renders");
    json_of(&objects, "Deployment/basic-standalone-example")["spec"]["template"]["spec"]["containers"][0]["args"].clone()
}

/// Standalone mode against the operator's `StandaloneKubernetesJobManagerFactoryTest`,
/// `StandaloneKubernetesTaskManagerFactoryTest` and `CmdStandalone*DecoratorTest` expectations
/// (apache-operator-spec.md §6, §8).
#[test]
fn standalone_is_what_the_operators_factories_build() {
    let objects = render(&fixture("standalone.yaml"));
    let ids = ids(&objects);
    // The JobManager, its 3 accompanying resources (2 Services, 1 ConfigMap), the
    // TaskManagers; no pod-template ConfigMap.
    assert_eq!(
        ids,
        [
            "ConfigMap/flink-config-basic-standalone-example",
            "Service/basic-standalone-example",
            "Service/basic-standalone-example-rest",
            "Deployment/basic-standalone-example",
            "Deployment/basic-standalone-example-taskmanager",
        ]
    );
    let selectors = |component: &str| serde_json::json!({"app": "basic-standalone-example", "component": component, "type": "flink-standalone-kubernetes"});
    let common = serde_json::json!({"app": "basic-standalone-example", "type": "flink-standalone-kubernetes"});
    let jm = json_of(&objects, "Deployment/basic-standalone-example");
    assert_eq!(jm["metadata"]["labels"], selectors("jobmanager"));
    assert_eq!(jm["spec"]["replicas"], 1);
    assert_eq!(
        jm["spec"]["selector"]["matchLabels"],
        selectors("jobmanager")
    );
    let pod = &jm["spec"]["template"]["spec"];
    assert_eq!(pod["containers"].as_array().map(Vec::len), Some(1));
    assert_eq!(pod["serviceAccountName"], "flink");
    let main = &pod["containers"][0];
    let ports: Vec<i64> = main["ports"]
        .as_array()
        .expect("ports")
        .iter()
        .filter_map(|p| p["containerPort"].as_i64())
        .collect();
    assert_eq!(ports, [8081, 6123, 6124]);
    assert_eq!(main["env"][0]["name"], "_POD_IP_ADDRESS");
    assert_eq!(main["resources"]["requests"], main["resources"]["limits"]);
    assert_eq!(
        main["command"],
        serde_json::json!(["/docker-entrypoint.sh"])
    );
    let internal = json_of(&objects, "Service/basic-standalone-example");
    assert_eq!(internal["metadata"]["labels"], common);
    assert!(internal["spec"].get("type").is_none());
    assert_eq!(internal["spec"]["clusterIP"], "None");
    assert_eq!(internal["spec"]["ports"].as_array().map(Vec::len), Some(2));
    assert_eq!(internal["spec"]["selector"], selectors("jobmanager"));
    let rest = json_of(&objects, "Service/basic-standalone-example-rest");
    assert_eq!(rest["metadata"]["labels"], common);
    assert_eq!(rest["spec"]["ports"].as_array().map(Vec::len), Some(1));
    assert_eq!(rest["spec"]["selector"], selectors("jobmanager"));
    let config = json_of(&objects, "ConfigMap/flink-config-basic-standalone-example");
    assert_eq!(config["metadata"]["labels"], common);
    let tm = json_of(&objects, "Deployment/basic-standalone-example-taskmanager");
    assert_eq!(tm["metadata"]["labels"], selectors("taskmanager"));
    assert_eq!(tm["spec"]["replicas"], 2);
    assert_eq!(
        tm["spec"]["selector"]["matchLabels"],
        selectors("taskmanager")
    );
    assert_eq!(
        tm["spec"]["template"]["metadata"]["labels"],
        selectors("taskmanager")
    );
    let tm_main = &tm["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(tm_main["args"], serde_json::json!(["taskmanager"]));
    assert_eq!(tm_main["ports"][0]["containerPort"], 6122);
    assert_eq!(tm_main["resources"]["limits"]["cpu"], "1.0");
    assert!(
        tm["spec"]["template"]["spec"]
            .get("restartPolicy")
            .is_none()
    );
    // CmdStandaloneJobManagerDecorator: application, its options, HA; session.
    assert_eq!(
        standalone_args("", ""),
        serde_json::json!(["standalone-job"])
    );
    assert_eq!(
        standalone_args(
            "    high-availability.type: kubernetes\n    high-availability.storageDir: file:///flink-data/ha\n",
            "    entryClass: org.example.Main\n    allowNonRestoredState: true\n    initialSavepointPath: file:///flink-data/savepoints/sp-1\n    args: [\"--a\", \"1\"]\n"
        ),
        serde_json::json!([
            "standalone-job",
            "--job-classname",
            "org.example.Main",
            "--allowNonRestoredState",
            "--fromSavepoint",
            "file:///flink-data/savepoints/sp-1",
            "--host",
            "$(_POD_IP_ADDRESS)",
            "--a",
            "1"
        ])
    );
    let session = read(&fixture("session.yaml")).replace("spec:\n", "spec:\n  mode: standalone\n");
    let objects = render_text("session.yaml", &session, &Options::default()).expect("renders");
    let jm = json_of(&objects, "Deployment/basic-session-deployment-only-example");
    assert_eq!(
        jm["spec"]["template"]["spec"]["containers"][0]["args"],
        serde_json::json!(["jobmanager"])
    );
}

const SESSION: &str = "apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata:
  name: session
  namespace: default
spec:
  image: flink:1.20
  flinkVersion: v1_20
  serviceAccount: flink
  jobManager:
    resource: {memory: 2048m, cpu: 1}
  taskManager:
    resource: {memory: 2048m, cpu: 1}
";

/// The session and a session job of `spec` on it, in one file.
fn with_session(spec: &str) -> String {
    format!("{SESSION}---\n{}", session_job(spec))
}

fn session_job(spec: &str) -> String {
    format!(
        "apiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\nmetadata:\n  name: job\n  namespace: default\nspec:\n{spec}"
    )
}

/// A FlinkSessionJob renders nothing (the operator submits it through the session's REST API);
/// it is checked against its session when the file holds it.
#[test]
fn a_session_job_renders_nothing_and_is_checked_against_its_session() {
    let objects = render(&fixture("session-job.yaml"));
    let kinds: Vec<&str> = objects.iter().map(|o| o.kind()).collect();
    assert_eq!(kinds, ["ConfigMap", "Service", "Service", "Deployment"]);
    let output = cli(
        &["render", &fixture("session-job.yaml").to_string_lossy()],
        "",
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(
        text(&output.stderr).contains(
            "not checked: that jarURI host 'repo1.maven.org' resolves, and not to a restricted address"
        ),
        "{}",
        text(&output.stderr)
    );
    // Alone, the session's checks are skipped, and a warning names them.
    let job = session_job(
        "  deploymentName: session\n  job:\n    jarURI: https://example.com/job.jar\n    parallelism: 2\n",
    );
    let output = cli(&["render", "-"], &job);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(output.stdout.is_empty());
    assert!(
        text(&output.stderr)
            .contains("not checked: the session FlinkDeployment \"session\" is not in the input"),
        "{}",
        text(&output.stderr)
    );
}

/// `DefaultValidator.validateSessionJob`'s messages (apache-operator-spec.md §3.2), all at once.
#[test]
fn session_job_messages_are_the_operators() {
    let refused = |text_in: &str| {
        let output = cli(&["render", "-"], text_in);
        assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
        assert!(output.stdout.is_empty());
        text(&output.stderr)
    };
    let stderr = refused(&session_job("  deploymentName: Basic_Session\n"));
    assert!(stderr.contains("The FlinkDeployment name: Basic_Session is invalid, must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123'), and the length must be no more than 45 characters."), "{stderr}");
    assert!(
        stderr.contains("The job spec should not be empty"),
        "{stderr}"
    );
    let stderr = refused(&session_job(
        "  deploymentName: session\n  job:\n    jarURI: local:///opt/flink/job.jar\n    parallelism: 2\n",
    ));
    assert!(stderr.contains("jarURI scheme 'local' is not in the allowlist [https]. Configure 'kubernetes.operator.user.artifacts.allowed-schemes' to extend the allowlist."), "{stderr}");
    let stderr = refused(&session_job(
        "  deploymentName: session\n  job:\n    jarURI: job.jar\n    parallelism: 2\n",
    ));
    assert!(stderr.contains("jarURI must include a scheme"), "{stderr}");
    let stderr = refused(&session_job(
        "  deploymentName: session\n  job:\n    jarURI: https:///job.jar\n    parallelism: 2\n",
    ));
    assert!(
        stderr.contains("jarURI must include a host for http/https schemes"),
        "{stderr}"
    );
    // Against the session in the same file: not an application cluster; the job's checks over
    // the session's configuration and the job's.
    let application = format!(
        "{SESSION}  job:\n    jarURI: local:///opt/flink/examples/streaming/StateMachineExample.jar\n    parallelism: 2\n---\n{}",
        session_job(
            "  deploymentName: session\n  job:\n    jarURI: https://example.com/job.jar\n    parallelism: 2\n"
        )
    );
    let stderr = refused(&application);
    assert!(
        stderr.contains("Can not submit session job to application cluster"),
        "{stderr}"
    );
    let last_state = with_session(
        "  deploymentName: session\n  job:\n    jarURI: https://example.com/job.jar\n    parallelism: 2\n    upgradeMode: last-state\n",
    );
    let stderr = refused(&last_state);
    assert!(
        stderr.contains("must be defined for last-state and savepoint upgrade modes"),
        "{stderr}"
    );
    let with_dir = with_session(
        "  deploymentName: session\n  flinkConfiguration:\n    execution.checkpointing.dir: s3://bucket/checkpoints\n  job:\n    jarURI: https://example.com/job.jar\n    parallelism: 2\n    upgradeMode: last-state\n",
    );
    let output = cli(&["render", "-"], &with_dir);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

/// `flink-render explain <what> [args] FILE` with exit 0: stdout and stderr.
fn explain(args: &[&str], file: &std::path::Path) -> (String, String) {
    let file = file.to_string_lossy().into_owned();
    let mut all = vec!["explain"];
    all.extend(args);
    all.push(&file);
    let output = cli(&all, "");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    (text(&output.stdout), text(&output.stderr))
}

#[test]
fn explain_memory_of_a_flink_deployment_follows_its_effective_configuration() {
    let (out, _) = explain(&["memory"], &fixture("basic.yaml"));
    assert!(
        out.starts_with("FlinkDeployment default/basic-example: memory of Flink 2.2, Flink's native Kubernetes integration (mode native)\n\nJobManager (container memory 2048Mi):\n"),
        "{out}"
    );
    for line in [
        "  total process  2147483648  2.000gb    jobmanager.memory.process.size: 2 gb (spec.jobManager.resource.memory)\n",
        "  JVM overhead    214748368  204.800mb  0.1 × total process memory (jobmanager.memory.jvm-overhead.fraction, default)\n",
        "  total process       2147483648  2.000gb    taskmanager.memory.process.size: 2 gb (spec.taskManager.resource.memory)\n",
        "  managed              665719939  634.880mb  0.4 × total Flink memory (taskmanager.memory.managed.fraction, default)\n",
        "  JVM arguments: -Xmx697932173 -Xms697932173 -XX:MaxDirectMemorySize=300647712 -XX:MaxMetaspaceSize=268435456\n",
        "  CPU cores: 1.0 (from kubernetes.taskmanager.cpu.amount: 1.0 (spec.taskManager.resource.cpu)); task slots: 2\n",
    ] {
        assert!(out.contains(line), "{line:?} in\n{out}");
    }
    // A key of spec.flinkConfiguration is named with its field.
    let tuned = std::env::temp_dir().join(format!("apache-memory-{}.yaml", std::process::id()));
    std::fs::write(
        &tuned,
        read(&fixture("basic.yaml")).replace(
            "    taskmanager.numberOfTaskSlots: \"2\"\n",
            "    taskmanager.numberOfTaskSlots: \"2\"\n    taskmanager.memory.managed.fraction: \"0.2\"\n",
        ),
    )
    .expect("writes");
    let (json, _) = explain(&["memory", "--output", "json"], &tuned);
    let _ = std::fs::remove_file(&tuned);
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let deployment = &json["clusters"][0];
    assert_eq!(deployment["kind"], "FlinkDeployment");
    assert_eq!(deployment["namespace"], "default");
    assert_eq!(deployment["flinkVersion"], "2.2");
    assert_eq!(deployment["deployment"], "native");
    assert_eq!(
        deployment["jobManager"]["totalProcessBytes"],
        2147483648_i64
    );
    assert_eq!(deployment["taskManager"]["slots"], 2);
    let managed = deployment["taskManager"]["parts"]
        .as_array()
        .and_then(|parts| parts.iter().find(|p| p["name"] == "managed"))
        .expect("managed memory");
    assert_eq!(managed["bytes"], 332859969);
    assert_eq!(managed["how"], "fraction");
    assert_eq!(
        managed["field"],
        "spec.flinkConfiguration[taskmanager.memory.managed.fraction]"
    );
}

#[test]
fn explain_ha_of_a_flink_deployment_follows_its_effective_configuration() {
    let (out, _) = explain(&["ha"], &fixture("ha.yaml"));
    for line in [
        "FlinkDeployment default/basic-checkpoint-ha-example: Kubernetes HA (Flink 1.20)\n\nFlink configuration (flink-conf.yaml):\n  high-availability.type: kubernetes\n  kubernetes.cluster-id: basic-checkpoint-ha-example\n",
        "  high-availability.storageDir: file:///flink-data/ha\n",
        "  basic-checkpoint-ha-example-cluster-config-map\n",
        // The job's ConfigMap is named with the job id the configuration fixes.
        "  basic-checkpoint-ha-example-a2d3e4f284754be110ed2e83df144565-config-map\n",
        "  file:///flink-data/ha/job-result-store/basic-checkpoint-ha-example/a2d3e4f2-8475-3be1-90ed-2e83df144565/a2d3e4f284754be110ed2e83df144565.json\n",
        "Permissions of ServiceAccount flink (namespace default), used by every Flink pod:\n  configmaps: get, list, watch, create, update, patch, delete",
    ] {
        assert!(out.contains(line), "{line:?} in\n{out}");
    }
    let (off, _) = explain(&["ha"], &fixture("basic.yaml"));
    assert_eq!(
        off,
        "FlinkDeployment default/basic-example: Kubernetes HA is off (set spec.flinkConfiguration[high-availability.type] to \"kubernetes\" to turn it on).\n"
    );
}

#[test]
fn explain_memory_and_ha_say_they_do_not_apply_to_a_session_job() {
    let (out, err) = explain(&["memory"], &fixture("session-job.yaml"));
    assert!(
        out.starts_with("FlinkDeployment default/basic-session-example: memory of Flink 1.20"),
        "{out}"
    );
    assert!(!out.contains("basic-session-job-example"), "{out}");
    assert!(
        err.contains("warning: kind: `explain memory` does not apply to a FlinkSessionJob: it runs on its session FlinkDeployment's cluster, explained for that\n"),
        "{err}"
    );
    let (_, err) = explain(&["ha"], &fixture("session-job.yaml"));
    assert!(
        err.contains("warning: kind: `explain ha` does not apply to a FlinkSessionJob"),
        "{err}"
    );
}

#[test]
fn two_flink_deployments_with_one_name_and_namespace_are_refused() {
    let basic = read(&fixture("basic.yaml"));
    let twice = format!("{basic}---\n{basic}");
    let expected = "error: metadata.name: a FlinkDeployment named \"basic-example\" in namespace \"default\" was already given at twice.yaml:7:9; the objects of both would collide\n";
    // The library's one call.
    let error = render_text("twice.yaml", &twice, &Options::default()).expect_err("refused");
    assert!(error.starts_with(expected), "{error}");
    assert_eq!(error.matches("error:").count(), 1, "{error}");
    // The streamed check and render.
    let source = flink_render::Source {
        origin: "twice.yaml",
        text: &twice,
    };
    let reports = flink_render::pipeline::render_each(
        &[source],
        &Options::default(),
        flink_render::yaml::Limits::default(),
        |_| Ok::<(), ()>(()),
    )
    .map(|_| ())
    .expect_err("refused");
    let flink_render::pipeline::RenderEachError::Refused(reports) = reports else {
        panic!("refused");
    };
    let streamed: String = reports.iter().map(ToString::to_string).collect();
    assert!(streamed.starts_with(expected), "{streamed}");
    // Across files, through the command (its one pass); another namespace is another
    // FlinkDeployment, and a FlinkCluster of the same name is not a FlinkDeployment.
    let dir = std::env::temp_dir().join(format!("apache-twice-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("a.yaml"), &basic).expect("writes");
    std::fs::write(dir.join("b.yaml"), &basic).expect("writes");
    std::fs::write(
        dir.join("other.yaml"),
        basic.replace("namespace: default", "namespace: other"),
    )
    .expect("writes");
    std::fs::write(
        dir.join("cluster.yaml"),
        "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata: {name: basic-example, namespace: default}\nspec: {flinkVersion: \"1.18\", image: {name: flink:1.18}}\n",
    )
    .expect("writes");
    let refused = cli_in(&dir, &["render", "a.yaml", "b.yaml"], "");
    let taken = cli_in(
        &dir,
        &["render", "a.yaml", "other.yaml", "cluster.yaml"],
        "",
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(refused.status.code(), Some(2));
    assert!(refused.stdout.is_empty());
    assert!(
        text(&refused.stderr).starts_with("error: metadata.name: a FlinkDeployment named \"basic-example\" in namespace \"default\" was already given at a.yaml:7:9; the objects of both would collide\n  --> b.yaml:7:9\n"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(taken.status.code(), Some(0), "{}", text(&taken.stderr));
    assert_eq!(text(&taken.stdout).matches("kind: Deployment\n").count(), 2);
}
