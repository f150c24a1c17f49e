//! Barrier init containers in rendered clusters: reviewed snapshots, strict schema validation,
//! who waits for whom, RBAC, and the options with FrameworkBarrier's messages. The script itself
//! is tested in tests/barrier_script.rs.

mod support;

use std::collections::BTreeMap;

use flink_render::object::Object;
use k8s_openapi::api::core::v1::{Container, PodSpec};
use support::*;

fn barrier_fixture(name: &str) -> Vec<Object> {
    render_fixture(&repo().join("fixtures/barrier").join(name))
}

#[test]
fn rendered() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        insta::glob!("../fixtures/barrier", "*.yaml", |path| {
            insta::assert_snapshot!(snapshot_yaml(render_fixture(path)));
        });
    });
}

#[test]
fn every_output_passes_strict_schema_validation_for_kubernetes_1_25_and_1_37() {
    let outputs = rendered_suite("barrier");
    assert_eq!(outputs.len(), 3);
    assert_strictly_valid(&outputs);
}

fn barrier_container(spec: &PodSpec) -> Option<&Container> {
    spec.init_containers
        .iter()
        .flatten()
        .find(|c| c.name == "barrier")
}

fn env_value(container: &Container, name: &str) -> Option<String> {
    container
        .env
        .iter()
        .flatten()
        .find(|e| e.name == name)
        .and_then(|e| e.value.clone())
}

/// A fixture and, per pod template, what its barrier waits for (`None`: no barrier).
type WaitCase<'a> = (&'a str, &'a [(&'a str, Option<&'a str>)]);

#[test]
fn who_waits_for_whom() {
    let cases: [WaitCase<'_>; 3] = [
        (
            "barrier-job-cluster.yaml",
            &[
                ("StatefulSet/gang-jobmanager", None),
                ("StatefulSet/gang-taskmanager", Some("jobmanager:1:ready")),
                (
                    "Job/gang-job-submitter",
                    Some("jobmanager:1:ready taskmanager:2:ready"),
                ),
            ],
        ),
        (
            "barrier-application.yaml",
            &[
                (
                    "Deployment/gang-app-taskmanager",
                    Some("jobmanager:1:ready"),
                ),
                ("Job/gang-app-jobmanager", Some("taskmanager:3:scheduled")),
            ],
        ),
        (
            "barrier-ha-session.yaml",
            &[
                ("StatefulSet/gang-ha-jobmanager", None),
                (
                    "StatefulSet/gang-ha-taskmanager",
                    Some("jobmanager:3:ready"),
                ),
            ],
        ),
    ];
    for (fixture, expected) in cases {
        let pods = pod_specs(&barrier_fixture(fixture));
        assert_eq!(pods.len(), expected.len(), "{fixture}: {:?}", pods.keys());
        for (pod, wait_for) in expected {
            let spec = &pods[*pod];
            let barrier = barrier_container(spec);
            assert_eq!(
                barrier
                    .and_then(|c| env_value(c, "BARRIER_WAIT_FOR"))
                    .as_deref(),
                *wait_for,
                "{fixture}: {pod}"
            );
            let main_mounts: Vec<String> = spec.containers[0]
                .volume_mounts
                .iter()
                .flatten()
                .map(|m| m.mount_path.clone())
                .collect();
            assert_eq!(
                main_mounts.contains(&"/mnt/frameworkbarrier".to_owned()),
                wait_for.is_some(),
                "{fixture}: {pod}: {main_mounts:?}"
            );
            if let Some(barrier) = barrier {
                assert_eq!(
                    spec.init_containers
                        .as_ref()
                        .and_then(|c| c.last())
                        .map(|c| c.name.as_str()),
                    Some("barrier"),
                    "the barrier runs last"
                );
                assert_eq!(
                    env_value(barrier, "BARRIER_SELECTOR").as_deref(),
                    Some(format!("app=flink,cluster={}", fixture_cluster(fixture)).as_str())
                );
                let volume = spec
                    .volumes
                    .iter()
                    .flatten()
                    .find(|v| v.name == "frameworkbarrier-volume")
                    .expect("the hand-over volume");
                assert!(volume.empty_dir.is_some());
            }
        }
    }
}

fn fixture_cluster(fixture: &str) -> &'static str {
    match fixture {
        "barrier-job-cluster.yaml" => "gang",
        "barrier-application.yaml" => "gang-app",
        _ => "gang-ha",
    }
}

#[test]
fn settings_come_from_annotations_or_the_command_line() {
    let objects = barrier_fixture("barrier-job-cluster.yaml");
    let pods = pod_specs(&objects);
    let barrier = barrier_container(&pods["StatefulSet/gang-taskmanager"]).expect("a barrier");
    assert_eq!(
        barrier.image.as_deref(),
        Some("docker.io/alpine/k8s:1.33.4")
    );
    assert_eq!(
        env_value(barrier, "BARRIER_CHECK_INTERVAL_SEC").as_deref(),
        Some("15")
    );
    assert_eq!(
        env_value(barrier, "BARRIER_CHECK_TIMEOUT_SEC").as_deref(),
        Some("300")
    );

    let file = repo().join("fixtures/barrier/barrier-job-cluster.yaml");
    let file = file.to_string_lossy();
    let output = cli(
        &[
            "render",
            &file,
            "--barrier-check-interval-sec",
            "20",
            "--barrier-image",
            "example.com/kubectl:1.0",
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let yaml = text(&output.stdout);
    assert!(
        yaml.contains("image: example.com/kubectl:1.0\n"),
        "the flag wins"
    );
    assert!(
        yaml.contains("- name: BARRIER_CHECK_INTERVAL_SEC\n          value: \"20\"\n"),
        "{yaml}"
    );
    assert!(yaml.contains("- name: BARRIER_CHECK_TIMEOUT_SEC\n          value: \"300\"\n"));

    let off = cli(&["render", &file, "--barrier=false"], "");
    assert_eq!(off.status.code(), Some(0));
    let yaml = text(&off.stdout);
    assert!(
        !yaml.contains("BARRIER_") && !yaml.contains("barrier.sh") && !yaml.contains("kind: Role"),
        "--barrier=false overrides the annotation"
    );

    let sample = repo().join("fixtures/render/sample-job-cluster.yaml");
    let on = cli(&["render", "--barrier", &sample.to_string_lossy()], "");
    assert_eq!(on.status.code(), Some(0), "{}", text(&on.stderr));
    let yaml = text(&on.stdout);
    assert!(
        yaml.contains("name: BARRIER_WAIT_FOR\n          value: jobmanager:1:ready\n"),
        "{yaml}"
    );
    assert!(yaml.contains("barrier.sh: |\n"));
}

#[test]
fn the_script_in_the_config_map_is_the_shipped_one() {
    let objects = barrier_fixture("barrier-application.yaml");
    let Some(Object::ConfigMap(map)) = objects.iter().find(|o| o.kind() == "ConfigMap") else {
        panic!("a ConfigMap");
    };
    assert_eq!(
        map.data.as_ref().and_then(|d| d.get("barrier.sh")),
        Some(&read(&repo().join("templates/barrier.sh")))
    );
}

#[test]
fn the_barrier_role_reads_pods_only_and_shares_the_ha_account() {
    let objects = barrier_fixture("barrier-ha-session.yaml");
    // Per Role: (resources, verbs) of each rule.
    type Rules = Vec<(Vec<String>, Vec<String>)>;
    let roles: BTreeMap<&str, Rules> = objects
        .iter()
        .filter_map(|o| match o {
            Object::Role(role) => Some((
                o.name(),
                role.rules
                    .iter()
                    .flatten()
                    .map(|r| (r.resources.clone().unwrap_or_default(), r.verbs.clone()))
                    .collect(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        roles["gang-ha-barrier"],
        [(
            vec!["pods".to_owned()],
            vec!["get".to_owned(), "list".to_owned()]
        )]
    );
    assert_eq!(roles["gang-ha-ha"][0].0, ["configmaps"]);
    let accounts: Vec<&str> = objects
        .iter()
        .filter(|o| o.kind() == "ServiceAccount")
        .map(Object::name)
        .collect();
    assert_eq!(accounts, ["gang-ha-flink"]);
    for object in &objects {
        if let Object::RoleBinding(binding) = object {
            let subjects = binding.subjects.clone().unwrap_or_default();
            assert_eq!(subjects.len(), 1);
            assert_eq!(subjects[0].name, "gang-ha-flink");
            assert_eq!(subjects[0].namespace.as_deref(), Some("flink"));
        }
    }
    for (pod, spec) in pod_specs(&objects) {
        assert_eq!(
            spec.service_account_name.as_deref(),
            Some("gang-ha-flink"),
            "{pod}"
        );
    }
    let file = repo().join("fixtures/barrier/barrier-ha-session.yaml");
    let explained = cli(&["explain", "ha", &file.to_string_lossy()], "");
    assert!(
        text(&explained.stdout).ends_with(
            "Permissions of ServiceAccount gang-ha-flink (namespace flink), used by every Flink pod:\n  Role gang-ha-ha: configmaps: get, list, watch, create, update, patch, delete\n  Role gang-ha-barrier: pods: get, list (barrier init containers)\n"
        ),
        "{}",
        text(&explained.stdout)
    );
}

#[test]
fn bad_barrier_settings_are_refused_with_exit_code_2_and_nothing_on_stdout() {
    let sample = repo().join("fixtures/render/sample-job-cluster.yaml");
    let sample = sample.to_string_lossy().into_owned();
    let flag_cases: [(&[&str], &str); 5] = [
        (
            &["--barrier", "--barrier-check-interval-sec", "3"],
            "flink-render: --barrier-check-interval-sec: Validation Failed: ${BARRIER_CHECK_INTERVAL_SEC} 3 should not be less than 5\n",
        ),
        (
            &["--barrier-check-timeout-sec", "1300"],
            "flink-render: --barrier-check-timeout-sec: Validation Failed: ${BARRIER_CHECK_TIMEOUT_SEC} 1300 should not be less than 60 or greater than 20 * 60\n",
        ),
        (
            &["--barrier-check-timeout-sec", "ten"],
            "flink-render: --barrier-check-timeout-sec: Failed to parse ${BARRIER_CHECK_TIMEOUT_SEC}: strconv.ParseInt: parsing \"ten\": invalid syntax\n",
        ),
        (
            &["--barrier-image", " alpine"],
            "flink-render: --barrier-image: Invalid value: \" alpine\": must not have leading or trailing whitespace\n",
        ),
        (
            &["--barrier=yes"],
            "flink-render: --barrier: \"yes\" is not a boolean (use \"true\" or \"false\")\n",
        ),
    ];
    for (flags, message) in flag_cases {
        let mut args = vec!["render", sample.as_str()];
        args.extend(flags);
        let output = cli(&args, "");
        assert_eq!(output.status.code(), Some(2), "{flags:?}");
        assert!(output.stdout.is_empty());
        assert_eq!(text(&output.stderr), message);
    }

    let with_annotations = |annotations: &str, extra: &str| {
        format!(
            "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\n  namespace: flink\n  annotations:\n    flink-render/barrier: \"true\"\n{annotations}spec:\n  flinkVersion: \"1.18\"\n  image:\n    name: flink:1.18\n{extra}"
        )
    };
    let cases = [
        (
            with_annotations("    flink-render/barrier-check-interval-sec: \"2\"\n", ""),
            "error: metadata.annotations[flink-render/barrier-check-interval-sec]: Validation Failed: ${BARRIER_CHECK_INTERVAL_SEC} 2 should not be less than 5\n  --> <stdin>:8:46",
        ),
        (
            with_annotations("    flink-render/barrier-check-timeout-sec: \"20m\"\n", ""),
            "error: metadata.annotations[flink-render/barrier-check-timeout-sec]: Failed to parse ${BARRIER_CHECK_TIMEOUT_SEC}: strconv.ParseInt: parsing \"20m\": invalid syntax",
        ),
        (
            with_annotations("    flink-render/barrier-image: \"\"\n", ""),
            "error: metadata.annotations[flink-render/barrier-image]: Required value: the image of the barrier init containers",
        ),
        (
            with_annotations(
                "",
                "  taskManager:\n    initContainers:\n      - name: barrier\n        image: busybox\n",
            ),
            "error: spec.taskManager.initContainers[0].name: Duplicate value: \"barrier\": the barrier init container has this name; rename this container",
        ),
        (
            with_annotations(
                "",
                "  job:\n    jarFile: a.jar\n    volumes:\n      - name: frameworkbarrier-volume\n        emptyDir: {}\n    volumeMounts:\n      - name: frameworkbarrier-volume\n        mountPath: /mnt/frameworkbarrier\n",
            ),
            "error: spec.job.volumes[0].name: Duplicate value: \"frameworkbarrier-volume\"",
        ),
        (
            with_annotations("", "").replace("  namespace: flink\n", ""),
            "error: metadata.namespace: Required value: the barrier binds a Role to the pods' ServiceAccount, and a RoleBinding must name the account's namespace; set metadata.namespace or --namespace",
        ),
    ];
    for (input, message) in cases {
        let output = cli(&["render", "-"], &input);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{input}\n{stderr}");
        assert!(output.stdout.is_empty());
        assert!(
            stderr.contains(message),
            "expected {message:?} in\n{stderr}"
        );
    }
}
