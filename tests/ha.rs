//! Kubernetes HA: reviewed snapshots for Flink 1.13, 1.15, 1.18, 1.20 and 2.0; ConfigMap names,
//! labels and RBAC verbs per version; the pods' service account and pod-IP address; refused
//! inputs (message, exit code 2, nothing on stdout); `explain ha`; strict schema validation.

mod support;

use flink_render::Object;
use flink_render::Options;
use flink_render::render::Context;
use support::*;

fn fixture(name: &str) -> std::path::PathBuf {
    repo().join("fixtures/ha").join(name)
}

#[test]
fn rendered() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        insta::glob!("../fixtures/ha", "*.yaml", |path| {
            insta::assert_snapshot!(snapshot_yaml(render_fixture(path)));
        });
    });
}

#[test]
fn explained() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        insta::glob!("../fixtures/ha", "*.yaml", |path| {
            let file = path.to_string_lossy().into_owned();
            let output = cli(&["explain", "ha", &file], "");
            assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
            insta::assert_snapshot!(text(&output.stdout));
        });
    });
}

#[test]
fn every_output_passes_strict_schema_validation_for_kubernetes_1_25_and_1_37() {
    let outputs = rendered_suite("ha");
    assert_eq!(outputs.len(), 5, "one fixture per Flink version");
    assert_strictly_valid(&outputs);
}

/// The HA model of a fixture, as the renderer sees it.
fn with_context<T>(name: &str, f: impl FnOnce(&Context<'_>) -> T) -> T {
    let text = read(&fixture(name));
    let cluster = parse_cluster(&text).expect("a FlinkCluster");
    let valid = flink_render::pipeline::validated(&cluster, &Options::default()).expect("valid");
    f(&Context::new(&valid))
}

/// Parses a fixture through the library's input stage.
fn parse_cluster(text: &str) -> Option<flink_render::spec::FlinkCluster> {
    flink_render::input::parse_stream(text, flink_render::yaml::Limits::default())
        .ok()?
        .into_iter()
        .find_map(|item| match item {
            flink_render::input::Item::Cluster(parsed) => Some(parsed.cluster),
            _ => None,
        })
}

/// A fixture, the names of the ConfigMaps Flink creates for it, and their labels.
type HaConfigMapCase<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, &'a str)]);

#[test]
fn config_map_names_and_labels_per_flink_version() {
    let cases: [HaConfigMapCase<'_>; 5] = [
        (
            "ha-1.13-session.yaml",
            &[
                "ha-session-resourcemanager-leader",
                "ha-session-dispatcher-leader",
                "ha-session-restserver-leader",
                "ha-session-<job id>-jobmanager-leader",
            ],
            &[
                ("app", "ha-session"),
                ("configmap-type", "high-availability"),
                ("type", "flink-native-kubernetes"),
            ],
        ),
        (
            "ha-1.15-job.yaml",
            &[
                "wordcount-ha-cluster-config-map",
                "wordcount-ha-<job id>-config-map",
            ],
            &[
                ("app", "wordcount-ha"),
                ("configmap-type", "high-availability"),
                ("type", "flink-native-kubernetes"),
            ],
        ),
        (
            "ha-1.18-application.yaml",
            &[
                "ha-app-cluster-config-map",
                "ha-app-1c5c81165ba9928f84cbacef8e3971bf-config-map",
            ],
            &[
                ("app", "ha-app"),
                ("configmap-type", "high-availability"),
                ("type", "flink-native-kubernetes"),
            ],
        ),
        (
            "ha-1.20-session.yaml",
            &[
                "ha-standby-cluster-config-map",
                "ha-standby-<job id>-config-map",
            ],
            &[
                ("app", "ha-standby"),
                ("configmap-type", "high-availability"),
                ("type", "flink-native-kubernetes"),
            ],
        ),
        (
            "ha-2.0-job.yaml",
            &[
                "ha-flink2-cluster-config-map",
                "ha-flink2-<job id>-config-map",
            ],
            &[("app", "ha-flink2"), ("type", "flink-native-kubernetes")],
        ),
    ];
    for (name, maps, labels) in cases {
        with_context(name, |ctx| {
            let ha = ctx.ha.as_ref().expect("HA on");
            let job_id = ctx
                .spec
                .is_application_mode()
                .then(|| flink_render::render::job::application_job_id(ctx));
            let found: Vec<String> = ha
                .config_maps(job_id.as_deref())
                .into_iter()
                .map(|m| m.name)
                .collect();
            assert_eq!(found, maps, "{name}");
            let expected: std::collections::BTreeMap<String, String> = labels
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            assert_eq!(ha.labels(), expected, "{name}");
        });
    }
}

fn objects(name: &str) -> Vec<Object> {
    render_fixture(&fixture(name))
}

fn role_verbs(objects: &[Object], role: &str) -> Vec<String> {
    let Some(Object::Role(found)) = objects
        .iter()
        .find(|o| o.kind() == "Role" && o.name() == role)
    else {
        panic!("Role {role}");
    };
    let rules = found.rules.clone().unwrap_or_default();
    assert_eq!(rules.len(), 1, "one rule");
    assert_eq!(rules[0].api_groups, Some(vec![String::new()]));
    assert_eq!(rules[0].resources, Some(vec!["configmaps".to_owned()]));
    assert!(rules[0].resource_names.is_none());
    rules[0].verbs.clone()
}

#[test]
fn rbac_verbs_per_flink_version() {
    let up_to_1_17 = [
        "get",
        "list",
        "watch",
        "create",
        "update",
        "delete",
        "deletecollection",
    ];
    let cases: [(&str, &str, &[&str]); 5] = [
        ("ha-1.13-session.yaml", "ha-session-ha", &up_to_1_17),
        ("ha-1.15-job.yaml", "ha-job-ha", &up_to_1_17),
        (
            "ha-1.18-application.yaml",
            "ha-app-ha",
            &[
                "get",
                "list",
                "watch",
                "create",
                "update",
                "patch",
                "delete",
                "deletecollection",
            ],
        ),
        (
            "ha-1.20-session.yaml",
            "ha-standby-ha",
            &[
                "get", "list", "watch", "create", "update", "patch", "delete",
            ],
        ),
        (
            "ha-2.0-job.yaml",
            "ha-flink2-ha",
            &[
                "get", "list", "watch", "create", "update", "patch", "delete",
            ],
        ),
    ];
    for (name, role, verbs) in cases {
        let objects = objects(name);
        assert_eq!(role_verbs(&objects, role), verbs, "{name}");
        assert!(
            objects
                .iter()
                .all(|o| !matches!(o.kind(), "ClusterRole" | "ClusterRoleBinding")),
            "{name}: namespaced access only"
        );
    }
}

#[test]
fn every_flink_pod_uses_the_service_account_the_role_is_bound_to() {
    let cases = [
        ("ha-1.13-session.yaml", "ha-session-flink", true),
        ("ha-1.15-job.yaml", "flink-jobs", false),
        ("ha-1.18-application.yaml", "ha-app-flink", true),
        ("ha-1.20-session.yaml", "ha-standby-flink", true),
        ("ha-2.0-job.yaml", "ha-flink2-flink", true),
    ];
    for (name, account, rendered) in cases {
        let objects = objects(name);
        let pods = pod_specs(&objects);
        assert!(pods.len() >= 2, "{name}");
        for (pod, spec) in &pods {
            assert_eq!(
                spec.service_account_name.as_deref(),
                Some(account),
                "{name}: {pod}"
            );
        }
        let accounts: Vec<&str> = objects
            .iter()
            .filter(|o| o.kind() == "ServiceAccount")
            .map(Object::name)
            .collect();
        assert_eq!(
            accounts,
            if rendered { vec![account] } else { vec![] },
            "{name}"
        );
        let Some(Object::RoleBinding(binding)) = objects.iter().find(|o| o.kind() == "RoleBinding")
        else {
            panic!("{name}: a RoleBinding");
        };
        let subjects = binding.subjects.clone().unwrap_or_default();
        assert_eq!(subjects.len(), 1);
        assert_eq!(subjects[0].kind, "ServiceAccount");
        assert_eq!(subjects[0].name, account);
        assert_eq!(subjects[0].namespace, binding.metadata.namespace);
        assert_eq!(binding.role_ref.kind, "Role");
        assert_eq!(
            binding.role_ref.name,
            binding.metadata.name.clone().unwrap_or_default()
        );
    }
}

#[test]
fn job_managers_advertise_their_pod_ip() {
    for name in [
        "ha-1.13-session.yaml",
        "ha-1.20-session.yaml",
        "ha-1.18-application.yaml",
    ] {
        let objects = objects(name);
        let (_, spec) = pod_specs(&objects)
            .into_iter()
            .find(|(pod, _)| pod.ends_with("-jobmanager"))
            .expect("a JobManager");
        let main = &spec.containers[0];
        let env = main.env.clone().unwrap_or_default();
        let pod_ip: Vec<_> = env.iter().filter(|e| e.name == "POD_IP").collect();
        assert_eq!(pod_ip.len(), 1, "{name}");
        let field = pod_ip[0]
            .value_from
            .as_ref()
            .and_then(|s| s.field_ref.as_ref())
            .expect("from the downward API");
        assert_eq!(field.field_path, "status.podIP");
        let args = main.args.clone().unwrap_or_default();
        if name.contains("application") {
            assert_eq!(
                args[..3],
                ["standalone-job", "--host", "$(POD_IP)"],
                "{name}"
            );
        } else {
            assert_eq!(args, ["jobmanager", "$(POD_IP)"], "{name}");
        }
    }
    let standby = objects("ha-1.20-session.yaml");
    let Some(Object::StatefulSet(jm)) = standby
        .iter()
        .find(|o| o.kind() == "StatefulSet" && o.name() == "ha-standby-jobmanager")
    else {
        panic!("JobManager StatefulSet");
    };
    assert_eq!(jm.spec.replicas, Some(3));
}

#[test]
fn the_flink_configuration_spells_ha_as_the_version_expects() {
    let conf = |name: &str| -> String {
        let Some(Object::ConfigMap(map)) =
            objects(name).into_iter().find(|o| o.kind() == "ConfigMap")
        else {
            panic!("ConfigMap");
        };
        let data = map.data.unwrap_or_default();
        data.get("flink-conf.yaml")
            .or_else(|| data.get("config.yaml"))
            .cloned()
            .unwrap_or_default()
    };
    let factory = "high-availability: org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory\n";
    let v13 = conf("ha-1.13-session.yaml");
    assert!(v13.contains(factory), "{v13}");
    assert!(!v13.contains("high-availability.type"), "{v13}");
    assert!(v13.contains("kubernetes.cluster-id: ha-session\n"));
    assert!(v13.contains("high-availability.cluster-id: ha-session\n"));
    assert!(v13.contains("kubernetes.namespace: flink\n"));
    assert!(v13.contains("high-availability.jobmanager.port: 6123\n"));
    let v15 = conf("ha-1.15-job.yaml");
    assert!(v15.contains(factory), "{v15}");
    assert!(v15.contains("kubernetes.cluster-id: wordcount-ha\n"));
    assert!(v15.contains("high-availability.cluster-id: wordcount-ha\n"));
    let v20 = conf("ha-1.20-session.yaml");
    assert!(
        v20.contains("high-availability.type: kubernetes\n"),
        "{v20}"
    );
    assert!(!v20.contains("high-availability: "), "{v20}");
    assert!(v20.contains("high-availability.cluster-id: team-a/ha-standby\n"));
    let v2 = conf("ha-2.0-job.yaml");
    assert!(v2.contains("high-availability.type: kubernetes\n"), "{v2}");
}

/// A minimal FlinkCluster with `extra` appended under `spec:`.
fn cluster(namespace: Option<&str>, version: &str, extra: &str) -> String {
    let namespace = namespace
        .map(|n| format!("  namespace: {n}\n"))
        .unwrap_or_default();
    format!(
        "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\n{namespace}spec:\n  flinkVersion: \"{version}\"\n  image:\n    name: flink:{version}\n{extra}"
    )
}

const HA: &str = "  flinkProperties:\n    high-availability.type: kubernetes\n    high-availability.storageDir: s3://b/ha\n";

#[test]
fn bad_ha_inputs_are_refused_with_exit_code_2_and_nothing_on_stdout() {
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            cluster(Some("flink"), "1.18", "  jobManager:\n    replicas: 2\n"),
            vec![
                "error: spec.jobManager.replicas: High availability should be enabled when starting standby JobManagers.\n  --> <stdin>:11:15",
            ],
        ),
        (
            cluster(
                Some("flink"),
                "1.18",
                "  flinkProperties:\n    high-availability.type: kubernetes\n",
            ),
            vec![
                "error: spec.flinkProperties: Configuration is missing the mandatory parameter: Key: 'high-availability.storageDir' , default: null (fallback keys: [{key=high-availability.zookeeper.storageDir, isDeprecated=true}, {key=recovery.zookeeper.storageDir, isDeprecated=true}])",
            ],
        ),
        (
            cluster(
                Some("flink"),
                "1.18",
                &format!("{HA}    kubernetes.cluster-id: \"\"\n"),
            ),
            vec![
                "error: spec.flinkProperties[kubernetes.cluster-id]: kubernetes.cluster-id must not be blank.\n  --> <stdin>:13:28",
            ],
        ),
        (
            cluster(
                Some("flink"),
                "1.18",
                &format!("{HA}    kubernetes.cluster-id: {}\n", "a".repeat(46)),
            ),
            vec![
                "error: spec.flinkProperties[kubernetes.cluster-id]: kubernetes.cluster-id must be no more than 45 characters.",
            ],
        ),
        (
            cluster(
                Some("flink"),
                "1.18",
                &format!("{HA}    kubernetes.cluster-id: my_cluster\n"),
            ),
            vec![
                "error: spec.flinkProperties[kubernetes.cluster-id]: Invalid value: \"my_cluster\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
            ],
        ),
        (
            cluster(
                Some("flink"),
                "1.18",
                &format!("{HA}    kubernetes.cluster-id: my.cluster\n"),
            ),
            vec![
                "error: spec.flinkProperties[kubernetes.cluster-id]: Invalid value: \"my.cluster\": a DNS-1035 label",
            ],
        ),
        (
            cluster(
                Some("flink"),
                "1.18",
                &format!("{HA}    kubernetes.cluster-id: MyCluster\n"),
            ),
            vec![
                "error: spec.flinkProperties[kubernetes.cluster-id]: Invalid value: \"MyCluster\": a DNS-1035 label",
            ],
        ),
        (
            cluster(
                Some("flink"),
                "1.18",
                &format!("{HA}    high-availability: zookeeper\n"),
            ),
            vec![
                "error: spec.flinkProperties[high-availability.type]: Invalid value: \"kubernetes\": contradicts spec.flinkProperties[high-availability] (\"zookeeper\"); both set the high-availability mode, set only one of them",
            ],
        ),
        (
            cluster(None, "1.18", HA),
            vec![
                "error: metadata.namespace: Required value: Kubernetes HA binds a Role to the pods' ServiceAccount, and a RoleBinding must name the account's namespace; set metadata.namespace or --namespace",
            ],
        ),
        (
            cluster(
                Some("flink"),
                "1.18",
                &format!(
                    "  jobManager:\n    replicas: 2\n  job:\n    mode: Application\n    className: a.B\n{HA}"
                ),
            ),
            vec![
                "error: spec.jobManager.replicas: Invalid value: 2: in application mode the JobManager runs as a Kubernetes Job",
            ],
        ),
        (
            cluster(
                Some("flink"),
                "1.18",
                "  jobManager:\n    replicas: 2\n  flinkProperties:\n    high-availability: zookeeper\n",
            ),
            vec![
                "error: spec.jobManager.replicas: Invalid value: 2: flink-render starts standby JobManagers only with Kubernetes HA",
            ],
        ),
    ];
    for (input, expected) in cases {
        let output = cli(&["render", "-"], &input);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{input}\n{stderr}");
        assert!(output.stdout.is_empty(), "nothing on stdout for\n{input}");
        for message in expected {
            assert!(
                stderr.contains(message),
                "expected {message:?} in\n{stderr}"
            );
        }
        let explained = cli(&["explain", "ha", "-"], &input);
        assert_eq!(explained.status.code(), Some(2));
        assert!(explained.stdout.is_empty());
    }
}

#[test]
fn all_problems_are_reported_at_once() {
    let input = cluster(
        None,
        "1.18",
        "  jobManager:\n    replicas: 3\n  flinkProperties:\n    high-availability.type: kubernetes\n    kubernetes.cluster-id: Bad_Id\n",
    );
    let output = cli(&["render", "-"], &input);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("flink-render: 3 error(s); nothing was rendered"),
        "{stderr}"
    );
}

#[test]
fn a_namespace_option_stands_in_for_metadata_namespace() {
    let input = cluster(None, "1.20", HA);
    let output = cli(&["render", "-", "--namespace", "team-a"], &input);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let yaml = text(&output.stdout);
    assert!(yaml.contains("kubernetes.namespace: team-a\n"), "{yaml}");
    assert!(yaml.contains("  namespace: team-a\n"));
    assert_strictly_valid(&[("namespace-option".to_owned(), yaml)]);
}

#[test]
fn explain_ha_of_a_cluster_without_ha_says_so() {
    let output = cli(&["explain", "ha", "-"], &cluster(Some("flink"), "1.18", ""));
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        text(&output.stdout),
        "FlinkCluster flink/demo: Kubernetes HA is off (set spec.flinkProperties[high-availability.type] to \"kubernetes\" to turn it on).\n"
    );
}
