//! Security of the rendered manifests: `--harden` output meets the Pod Security Standards
//! restricted level for every fixture (and stays strictly valid and lint-clean),
//! `--pod-security` refuses pods that do not, and credential-looking flinkProperties warn.

mod support;

use flink_render::options::{Options, PodSecurityLevel};
use flink_render::security::pod_security;
use flink_render::{Object, Source, yaml::Limits};
use support::*;

fn hardened() -> Options {
    Options {
        harden: Some(true),
        pod_security: Some(PodSecurityLevel::Restricted),
        ..Options::default()
    }
}

#[test]
fn hardened_fixtures_meet_the_restricted_level_and_stay_valid() {
    let mut outputs = Vec::new();
    for path in fixtures("render") {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        // render_text lints what it renders; pod_security refuses any violation.
        let objects = render_text(&name, &read(&path), &hardened())
            .unwrap_or_else(|reports| panic!("{reports}"));
        assert_eq!(
            pod_security::check(&objects, PodSecurityLevel::Restricted),
            Vec::new(),
            "{name}"
        );
        outputs.push((
            format!("hardened-{name}"),
            flink_render::emit::yaml_stream(&objects).expect("yaml"),
        ));
    }
    assert!(outputs.len() >= 20);
    assert_strictly_valid(&outputs);
}

#[test]
fn hardening_sets_the_flink_user_and_keeps_what_the_cluster_sets() {
    let objects = render_fixture(&repo().join("fixtures/render/converter-security-context.yaml"));
    let plain = flink_render::emit::yaml_stream(&objects).expect("yaml");
    let text = read(&repo().join("fixtures/render/converter-security-context.yaml"));
    let hardened_objects = render_text("c.yaml", &text, &hardened()).expect("valid");
    let Some(Object::StatefulSet(jm)) = hardened_objects
        .iter()
        .find(|o| o.kind() == "StatefulSet" && o.name() == "fjc-jobmanager")
    else {
        panic!("the JobManager StatefulSet");
    };
    let pod = jm.spec.template.spec.as_ref().expect("pod spec");
    let context = pod.security_context.as_ref().expect("pod securityContext");
    assert_eq!(
        (
            context.run_as_non_root,
            context.run_as_user,
            context.run_as_group,
            context.fs_group,
            context.seccomp_profile.as_ref().map(|p| p.type_.as_str()),
        ),
        (
            Some(true),
            Some(9999),
            Some(9999),
            Some(9999),
            Some("RuntimeDefault")
        )
    );
    let main = pod.containers.first().expect("jobmanager container");
    let container = main.security_context.as_ref().expect("container context");
    assert_eq!(container.allow_privilege_escalation, Some(false));
    assert_eq!(
        container.capabilities.as_ref().and_then(|c| c.drop.clone()),
        Some(vec!["ALL".to_owned()])
    );
    assert!(
        !plain.contains("allowPrivilegeEscalation"),
        "without --harden nothing is added"
    );
}

#[test]
fn pod_security_reports_each_violation_at_the_field_to_change() {
    let text = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\n  annotations:\n    flink-render/pod-security: restricted\nspec:\n  flinkVersion: \"1.18\"\n  image:\n    name: flink:1.18\n  taskManager:\n    securityContext:\n      runAsNonRoot: true\n      seccompProfile:\n        type: RuntimeDefault\n    volumes:\n      - name: host\n        hostPath:\n          path: /var/log\n  job:\n    jarFile: /job.jar\n    securityContext:\n      runAsNonRoot: true\n      runAsUser: 1000\n      seccompProfile:\n        type: RuntimeDefault\n    initContainers:\n      - name: fetch\n        image: busybox\n        securityContext:\n          allowPrivilegeEscalation: false\n          privileged: true\n          capabilities:\n            drop: [ALL]\n            add: [SYS_ADMIN, NET_BIND_SERVICE]\n";
    let reports = flink_render::render_sources(
        &[Source {
            origin: "c.yaml",
            text,
        }],
        &Options::default(),
        Limits::default(),
    )
    .expect_err("violations are errors");
    let found: Vec<String> = reports[0]
        .diagnostics
        .iter()
        .filter(|d| !d.path.to_string().starts_with("spec.jobManager"))
        .map(|d| {
            format!(
                "{} @{}",
                d,
                d.location.map(|l| l.to_string()).unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "spec.taskManager: StatefulSet/demo-taskmanager would violate PodSecurity \"restricted:v1.37\": allowPrivilegeEscalation != false (container \"taskmanager\" must set securityContext.allowPrivilegeEscalation=false) (at spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation); --harden sets it @12:5",
            "spec.taskManager: StatefulSet/demo-taskmanager would violate PodSecurity \"restricted:v1.37\": unrestricted capabilities (container \"taskmanager\" must set securityContext.capabilities.drop=[\"ALL\"]) (at spec.template.spec.containers[0].securityContext.capabilities.drop); --harden sets it @12:5",
            "spec.taskManager.volumes: StatefulSet/demo-taskmanager would violate PodSecurity \"restricted:v1.37\": restricted volume types (volume \"host\" uses restricted volume type \"hostPath\") (at spec.template.spec.volumes[0]) @17:7",
            "spec.job: Job/demo-job-submitter would violate PodSecurity \"restricted:v1.37\": allowPrivilegeEscalation != false (container \"main\" must set securityContext.allowPrivilegeEscalation=false) (at spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation); --harden sets it @21:5",
            "spec.job: Job/demo-job-submitter would violate PodSecurity \"restricted:v1.37\": unrestricted capabilities (container \"main\" must set securityContext.capabilities.drop=[\"ALL\"]) (at spec.template.spec.containers[0].securityContext.capabilities.drop); --harden sets it @21:5",
            "spec.job.initContainers[0].securityContext: Job/demo-job-submitter would violate PodSecurity \"restricted:v1.37\": privileged (container \"fetch\" must not set securityContext.privileged=true) (at spec.template.spec.initContainers[0].securityContext.privileged) @31:11",
            "spec.job.initContainers[0].securityContext: Job/demo-job-submitter would violate PodSecurity \"restricted:v1.37\": unrestricted capabilities (container \"fetch\" must not include \"SYS_ADMIN\" in securityContext.capabilities.add) (at spec.template.spec.initContainers[0].securityContext.capabilities.add) @31:11",
        ]
    );
}

#[test]
fn baseline_allows_what_restricted_refuses_but_not_host_access() {
    let text = read(&repo().join("fixtures/render/sample-session-cluster.yaml"));
    let baseline = Options {
        pod_security: Some(PodSecurityLevel::Baseline),
        ..Options::default()
    };
    render_text("s.yaml", &text, &baseline).expect("the operator's pods meet baseline");
    let with_host_network = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\nspec:\n  flinkVersion: \"1.18\"\n  image:\n    name: flink:1.18\n  taskManager:\n    volumes:\n      - name: docker\n        hostPath:\n          path: /var/run/docker.sock\n";
    let reports = render_text("s.yaml", with_host_network, &baseline).expect_err("refused");
    assert!(
        reports.contains("would violate PodSecurity \"baseline:v1.37\": hostPath volumes (volume \"docker\") (at spec.template.spec.volumes[0].hostPath)"),
        "{reports}"
    );
}

#[test]
fn credential_looking_properties_warn_without_failing() {
    let text = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\nspec:\n  flinkVersion: \"1.18\"\n  image:\n    name: flink:1.18\n  flinkProperties:\n    s3.access-key: AKIAEXAMPLE\n    s3.secret-key: wJalrXUtnFEMI\n    security.delegation.tokens.enabled: \"false\"\n    taskmanager.numberOfTaskSlots: \"2\"\n";
    let rendered = flink_render::render_sources(
        &[Source {
            origin: "c.yaml",
            text,
        }],
        &Options::default(),
        Limits::default(),
    )
    .expect("warnings only");
    let warnings: Vec<String> = rendered
        .warnings
        .iter()
        .flat_map(|r| r.diagnostics.iter())
        .map(|d| {
            format!(
                "{} @{}",
                d.path,
                d.location.map(|l| l.to_string()).unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        warnings,
        [
            "spec.flinkProperties[s3.access-key] @10:20",
            "spec.flinkProperties[s3.secret-key] @11:20",
        ]
    );
    let message = &rendered.warnings[0]
        .diagnostics
        .iter()
        .next()
        .expect("one")
        .message;
    assert!(
        message.starts_with("looks like a credential: flinkProperties are written in plain text into the ConfigMap \"demo-configmap\""),
        "{message}"
    );
    assert!(message.contains("spec.envFrom[].secretRef"));
}

#[test]
fn no_secret_reference_turns_into_data_in_the_config_map() {
    // Every place a FlinkCluster names a Secret: the renderer keeps the reference and never
    // puts the Secret's name or key into the ConfigMap (it never reads Secret data at all).
    let text = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\nspec:\n  flinkVersion: \"1.18\"\n  image:\n    name: flink:1.18\n    pullSecrets: [{name: registry-cred-x1}]\n  envVars:\n    - name: AWS_SECRET_ACCESS_KEY\n      valueFrom:\n        secretKeyRef: {name: s3-cred-x2, key: secret-x3}\n  envFrom:\n    - secretRef: {name: env-cred-x4}\n  gcpConfig:\n    serviceAccount: {secretName: gcp-cred-x5, keyFile: key.json, mountPath: /etc/gcp}\n  jobManager:\n    ingress: {useTls: true, tlsSecretName: tls-cred-x6}\n";
    let objects = render_text("c.yaml", text, &Options::default()).expect("valid");
    let Some(Object::ConfigMap(map)) = objects.iter().find(|o| o.kind() == "ConfigMap") else {
        panic!("a ConfigMap");
    };
    let data = serde_json::to_string(&map.data).expect("json");
    for secret in ["x1", "x2", "x3", "x4", "x5", "x6"] {
        assert!(!data.contains(&format!("-{secret}")), "{secret} in {data}");
    }
    let all = flink_render::emit::yaml_stream(&objects).expect("yaml");
    for reference in [
        "registry-cred-x1",
        "s3-cred-x2",
        "env-cred-x4",
        "gcp-cred-x5",
        "tls-cred-x6",
    ] {
        assert!(all.contains(reference), "{reference} is still referenced");
    }
}

#[test]
fn cli_pod_security_failure_prints_nothing_and_exits_2() {
    let output = cli(
        &[
            "render",
            "fixtures/render/sample-job-cluster.yaml",
            "--pod-security",
            "restricted",
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = text(&output.stderr);
    assert!(stderr.contains("error: spec.jobManager: StatefulSet/flinkjobcluster-sample-jobmanager would violate PodSecurity \"restricted:v1.37\": allowPrivilegeEscalation != false"), "{stderr}");
    let hardened = cli(
        &[
            "render",
            "fixtures/render/sample-job-cluster.yaml",
            "--pod-security",
            "restricted",
            "--harden",
        ],
        "",
    );
    assert_eq!(
        hardened.status.code(),
        Some(0),
        "{}",
        text(&hardened.stderr)
    );
    assert!(text(&hardened.stdout).contains("allowPrivilegeEscalation: false"));
}

#[test]
fn cli_lint_reports_nothing_for_every_fixture() {
    for path in fixtures("render") {
        let file = path.to_string_lossy().into_owned();
        let output = cli(&["lint", &file], "");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{file}: {}",
            text(&output.stderr)
        );
        assert!(output.stdout.is_empty(), "{file}: {}", text(&output.stdout));
        assert!(text(&output.stderr).contains("no findings"));
    }
    let bad = cli(&["lint", "tests/bad-inputs/09-replicas-string.yaml"], "");
    assert_eq!(bad.status.code(), Some(2));
    assert!(bad.stdout.is_empty());
}
