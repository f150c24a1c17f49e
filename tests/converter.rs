//! The expectations of the operator's converter tests (operator-spec.md §19.1), field by field,
//! on the fixtures that translate them (fixtures/render/converter-*.yaml).

mod support;

use flink_render::Object;
use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{ConfigMap, Container, PodSpec, Service};
use k8s_openapi::api::networking::v1::Ingress;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

fn render(name: &str) -> Vec<Object> {
    support::render_fixture(&support::repo().join("fixtures/render").join(name))
}

fn find<'a>(objects: &'a [Object], kind: &str, name: &str) -> &'a Object {
    objects
        .iter()
        .find(|o| o.kind() == kind && o.name() == name)
        .unwrap_or_else(|| panic!("no {kind} {name}"))
}

fn statefulset<'a>(objects: &'a [Object], name: &str) -> &'a StatefulSet {
    match find(objects, "StatefulSet", name) {
        Object::StatefulSet(s) => s,
        _ => unreachable!(),
    }
}

fn pod(spec: &Option<PodSpec>) -> &PodSpec {
    spec.as_ref().expect("pod spec")
}

fn names<T>(items: &Option<Vec<T>>, name: impl Fn(&T) -> String) -> Vec<String> {
    items.iter().flatten().map(name).collect()
}

fn env(container: &Container) -> Vec<String> {
    names(&container.env, |e| {
        format!("{}={}", e.name, e.value.clone().unwrap_or_default())
    })
}

fn mounts(container: &Container) -> Vec<String> {
    names(&container.volume_mounts, |m| {
        let mut text = format!("{}:{}", m.name, m.mount_path);
        if let Some(sub) = &m.sub_path {
            text.push_str(&format!(" sub={sub}"));
        }
        if m.read_only == Some(true) {
            text.push_str(" ro");
        }
        text
    })
}

fn label<'a>(
    labels: &'a Option<std::collections::BTreeMap<String, String>>,
    key: &str,
) -> Option<&'a str> {
    labels.as_ref().and_then(|l| l.get(key)).map(String::as_str)
}

const GAC: &str =
    "GOOGLE_APPLICATION_CREDENTIALS=/etc/gcp_service_account/gcp_service_account_key.json";

#[test]
fn job_manager_statefulset() {
    let objects = render("converter-dummy-cluster.yaml");
    let revision = objects
        .iter()
        .find(|o| o.kind() == "ControllerRevision")
        .map(|o| o.name().to_owned())
        .expect("a ControllerRevision");
    let sts = statefulset(&objects, "fjc-jobmanager");
    let labels = &sts.metadata.labels;
    assert_eq!(label(labels, "app"), Some("flink"));
    assert_eq!(label(labels, "cluster"), Some("fjc"));
    assert_eq!(label(labels, "component"), Some("jobmanager"));
    assert_eq!(
        label(labels, "flinkoperator.k8s.io/revision-name"),
        Some(revision.as_str())
    );
    let spec = &sts.spec;
    // The Go test builds the cluster without CRD defaults and expects no replicas; the CRD
    // default (1) applies to every real cluster.
    assert_eq!(spec.replicas, Some(1));
    assert_eq!(spec.service_name.as_deref(), Some("fjc-jobmanager"));
    let selector = spec.selector.match_labels.clone().unwrap_or_default();
    let template_meta = spec.template.metadata.clone().unwrap_or_default();
    assert_eq!(Some(selector.clone()), template_meta.labels);
    assert!(!selector.contains_key("flinkoperator.k8s.io/revision-name"));
    assert_eq!(
        label(&template_meta.annotations, "example.com"),
        Some("example")
    );
    let pod = pod(&spec.template.spec);
    assert!(pod.init_containers.is_none());
    let main = &pod.containers[0];
    assert_eq!(main.name, "jobmanager");
    assert_eq!(main.image.as_deref(), Some("flink:1.8.1"));
    assert_eq!(main.args, Some(vec!["jobmanager".to_owned()]));
    assert_eq!(
        names(&main.ports, |p| format!(
            "{}:{}",
            p.name.clone().unwrap_or_default(),
            p.container_port
        )),
        ["rpc:6123", "blob:6124", "query:6125", "ui:8081"]
    );
    assert_eq!(
        env(main),
        ["FOO=abc", "HADOOP_CONF_DIR=/etc/hadoop/conf", GAC]
    );
    assert_eq!(
        names(&main.env_from, |e| e
            .config_map_ref
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_default()),
        ["foomap"]
    );
    assert_eq!(
        mounts(main),
        [
            "flink-config-volume:/opt/flink/conf",
            "hadoop-config-volume:/etc/hadoop/conf ro",
            "gcp-service-account-volume:/etc/gcp_service_account/ ro",
        ]
    );
    let pre_stop = main
        .lifecycle
        .as_ref()
        .and_then(|l| l.pre_stop.as_ref())
        .and_then(|p| p.exec.as_ref());
    assert_eq!(
        pre_stop.and_then(|e| e.command.clone()),
        Some(vec!["sleep".to_owned(), "30".to_owned()])
    );
    assert_eq!(pod.termination_grace_period_seconds, Some(60));
    assert_eq!(pod.tolerations.as_ref().map(Vec::len), Some(2));
    assert_eq!(
        pod.host_aliases
            .as_ref()
            .map(|h| h[0].hostnames.clone().unwrap_or_default()),
        Some(vec![
            "test-localhost-alias1".to_owned(),
            "test-localhost-alias2".to_owned()
        ])
    );
    let security = pod.security_context.as_ref().expect("security context");
    assert_eq!(
        (security.run_as_user, security.run_as_group),
        (Some(9999), Some(9999))
    );
    assert_eq!(pod.service_account_name.as_deref(), Some("default"));
    assert_eq!(
        names(&pod.volumes, |v| {
            let source = v
                .config_map
                .as_ref()
                .map(|c| c.name.clone())
                .or_else(|| v.secret.as_ref().and_then(|s| s.secret_name.clone()))
                .unwrap_or_default();
            format!("{}->{source}", v.name)
        }),
        [
            "flink-config-volume->fjc-configmap",
            "hadoop-config-volume->hadoop-configmap",
            "gcp-service-account-volume->gcp-service-account-secret",
        ]
    );
}

#[test]
fn job_manager_service_and_ingress() {
    let objects = render("converter-dummy-cluster.yaml");
    let Object::Service(service) = find(&objects, "Service", "fjc-jobmanager") else {
        unreachable!()
    };
    let service: &Service = service;
    let spec = service.spec.as_ref().expect("spec");
    assert_eq!(spec.type_.as_deref(), Some("LoadBalancer"));
    assert_eq!(
        service
            .metadata
            .annotations
            .clone()
            .unwrap_or_default()
            .into_iter()
            .collect::<Vec<_>>(),
        [
            (
                "networking.gke.io/internal-load-balancer-allow-global-access".to_owned(),
                "true".to_owned()
            ),
            (
                "networking.gke.io/load-balancer-type".to_owned(),
                "Internal".to_owned()
            ),
        ]
    );
    assert_eq!(
        names(&spec.ports, |p| format!(
            "{}:{}->{}",
            p.name.clone().unwrap_or_default(),
            p.port,
            match &p.target_port {
                Some(IntOrString::String(s)) => s.clone(),
                other => format!("{other:?}"),
            }
        )),
        [
            "rpc:6123->rpc",
            "blob:6124->blob",
            "query:6125->query",
            "ui:8081->ui"
        ]
    );
    assert_eq!(label(&spec.selector, "component"), Some("jobmanager"));

    let Object::Ingress(ingress) = find(&objects, "Ingress", "fjc-jobmanager") else {
        unreachable!()
    };
    let ingress: &Ingress = ingress;
    assert_eq!(
        ingress.metadata.annotations.as_ref().map(|a| a.len()),
        Some(3)
    );
    let spec = ingress.spec.as_ref().expect("spec");
    let rule = &spec.rules.as_ref().expect("rules")[0];
    assert_eq!(rule.host.as_deref(), Some("fjc.example.com"));
    let path = &rule.http.as_ref().expect("http").paths[0];
    assert_eq!(
        (path.path.as_deref(), path.path_type.as_str()),
        (Some("/"), "Prefix")
    );
    let backend = path.backend.service.as_ref().expect("service backend");
    assert_eq!(backend.name, "fjc-jobmanager");
    assert_eq!(
        backend.port.as_ref().and_then(|p| p.name.as_deref()),
        Some("ui")
    );
    let tls = &spec.tls.as_ref().expect("tls")[0];
    assert_eq!(tls.hosts, Some(vec!["fjc.example.com".to_owned()]));
    assert_eq!(tls.secret_name, None);
}

#[test]
fn task_manager_statefulset() {
    let objects = render("converter-dummy-cluster.yaml");
    let sts = statefulset(&objects, "fjc-taskmanager");
    let spec = &sts.spec;
    assert_eq!(spec.replicas, Some(42));
    assert_eq!(spec.service_name.as_deref(), Some("fjc-taskmanager"));
    assert_eq!(spec.pod_management_policy.as_deref(), Some("Parallel"));
    let claim = &spec.volume_claim_templates.as_ref().expect("claims")[0];
    assert_eq!(claim.metadata.name.as_deref(), Some("pvc-test"));
    let owner = &claim.metadata.owner_references.as_ref().expect("owner")[0];
    assert_eq!(
        (
            owner.kind.as_str(),
            owner.name.as_str(),
            owner.controller,
            owner.block_owner_deletion
        ),
        ("FlinkCluster", "fjc", Some(true), Some(false))
    );
    let pod = pod(&spec.template.spec);
    assert_eq!(
        names(&Some(pod.containers.clone()), |c| c.name.clone()),
        ["taskmanager", "sidecar"]
    );
    let main = &pod.containers[0];
    assert_eq!(main.args, Some(vec!["taskmanager".to_owned()]));
    assert_eq!(
        names(&main.ports, |p| format!(
            "{}:{}",
            p.name.clone().unwrap_or_default(),
            p.container_port
        )),
        ["data:6121", "rpc:6122", "query:6125"]
    );
    assert_eq!(
        env(main),
        ["FOO=abc", "HADOOP_CONF_DIR=/etc/hadoop/conf", GAC]
    );
    assert_eq!(
        mounts(main),
        [
            "cache-volume:/cache",
            "flink-config-volume:/opt/flink/conf",
            "hadoop-config-volume:/etc/hadoop/conf ro",
            "gcp-service-account-volume:/etc/gcp_service_account/ ro",
        ]
    );
    assert_eq!(
        names(&pod.volumes, |v| v.name.clone()),
        [
            "cache-volume",
            "flink-config-volume",
            "hadoop-config-volume",
            "gcp-service-account-volume"
        ]
    );
    assert!(pod.containers[1].env.is_none(), "sidecars receive nothing");
}

#[test]
fn job_submitter() {
    let objects = render("converter-dummy-cluster.yaml");
    let Object::Job(job) = find(&objects, "Job", "fjc-job-submitter") else {
        unreachable!()
    };
    let job: &Job = job;
    let labels = job.metadata.labels.clone().unwrap_or_default();
    assert_eq!(
        labels.keys().cloned().collect::<Vec<_>>(),
        ["app", "cluster", "flinkoperator.k8s.io/revision-name"]
    );
    let spec = job.spec.as_ref().expect("spec");
    assert_eq!(spec.backoff_limit, Some(0));
    let template_meta = spec.template.metadata.clone().unwrap_or_default();
    assert_eq!(template_meta.labels, Some(labels));
    assert_eq!(
        label(&template_meta.annotations, "example.com"),
        Some("example")
    );
    let pod = pod(&spec.template.spec);
    assert_eq!(pod.restart_policy.as_deref(), Some("Never"));
    let init = &pod.init_containers.as_ref().expect("init")[0];
    assert_eq!(init.name, "gcs-downloader");
    let expected_mounts = [
        "cache-volume:/cache",
        "flink-config-volume:/opt/flink-operator/submit-job.sh sub=submit-job.sh",
        "flink-config-volume:/opt/flink/conf",
        "hadoop-config-volume:/etc/hadoop/conf ro",
        "gcp-service-account-volume:/etc/gcp_service_account/ ro",
    ];
    assert_eq!(mounts(init), expected_mounts);
    let expected_env = [
        "FLINK_JM_ADDR=fjc-jobmanager:8081",
        "FOO=abc",
        "HADOOP_CONF_DIR=/etc/hadoop/conf",
        GAC,
    ];
    assert_eq!(env(init), expected_env);
    let main = &pod.containers[0];
    assert_eq!(main.name, "main");
    assert_eq!(
        main.args.clone().unwrap_or_default(),
        [
            "bash",
            "/opt/flink-operator/submit-job.sh",
            "--jobmanager",
            "fjc-jobmanager:8081",
            "--class",
            "org.apache.flink.examples.java.wordcount.WordCount",
            "--parallelism",
            "2",
            "--detached",
            "/cache/my-job.jar",
            "--input",
            "./README.txt",
        ]
    );
    assert_eq!(env(main), expected_env);
    assert_eq!(mounts(main), expected_mounts);
    let security = pod.security_context.as_ref().expect("security context");
    assert_eq!(security.run_as_user, Some(9999));
    assert!(pod.host_aliases.is_some());
    assert_eq!(pod.service_account_name.as_deref(), Some("default"));
    assert!(pod.affinity.is_none() && pod.node_selector.is_none() && pod.tolerations.is_none());
}

#[test]
fn config_map() {
    let objects = render("converter-dummy-cluster.yaml");
    let Object::ConfigMap(map) = find(&objects, "ConfigMap", "fjc-configmap") else {
        unreachable!()
    };
    let map: &ConfigMap = map;
    assert_eq!(map.metadata.labels.as_ref().map(|l| l.len()), Some(3));
    let data = map.data.clone().unwrap_or_default();
    assert_eq!(
        data["flink-conf.yaml"],
        "blob.server.port: 6124\njobmanager.rpc.address: fjc-jobmanager\njobmanager.rpc.port: 6123\nquery.server.port: 6125\nrest.port: 8081\ntaskmanager.heap.size: 452m\ntaskmanager.numberOfTaskSlots: 1\ntaskmanager.rpc.port: 6122\n"
    );
    assert_eq!(data["extra-file.txt"], "hello!");
    assert_eq!(data["log4j-console.properties"], "foo");
    assert_eq!(data["log4j-cli.properties"], "baz");
    assert_eq!(data["logback-console.xml"], "bar");
    assert!(data["submit-job.sh"].starts_with("#!/usr/bin/env bash\n"));
}

#[test]
fn task_manager_deployment_type() {
    let objects = render("converter-tm-deployment.yaml");
    assert!(
        !objects
            .iter()
            .any(|o| o.kind() == "StatefulSet" && o.name() == "fjc-taskmanager")
    );
    let Object::Deployment(deployment) = find(&objects, "Deployment", "fjc-taskmanager") else {
        unreachable!()
    };
    let deployment: &Deployment = deployment;
    assert_eq!(deployment.spec.replicas, Some(42));
    let pod = pod(&deployment.spec.template.spec);
    let volumes = pod.volumes.clone().unwrap_or_default();
    assert_eq!(
        volumes.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(),
        [
            "cache-volume",
            "flink-config-volume",
            "hadoop-config-volume",
            "gcp-service-account-volume",
            "pvc-test"
        ]
    );
    let template = volumes[4]
        .ephemeral
        .as_ref()
        .and_then(|e| e.volume_claim_template.as_ref())
        .expect("ephemeral claim");
    let labels = template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.clone())
        .unwrap_or_default();
    assert_eq!(
        labels.into_iter().collect::<Vec<_>>(),
        [
            ("app".to_owned(), "flink".to_owned()),
            ("cluster".to_owned(), "fjc".to_owned()),
            ("component".to_owned(), "taskmanager".to_owned()),
        ]
    );
    assert_eq!(
        template.spec.storage_class_name.as_deref(),
        Some("default-class")
    );
}

#[test]
fn security_context_is_copied_or_absent() {
    for (fixture, expected) in [
        ("converter-security-context.yaml", Some(9999)),
        ("converter-no-security-context.yaml", None),
    ] {
        let objects = render(fixture);
        let jm = pod(&statefulset(&objects, "fjc-jobmanager").spec.template.spec)
            .security_context
            .clone();
        let tm = pod(&statefulset(&objects, "fjc-taskmanager").spec.template.spec)
            .security_context
            .clone();
        let Object::Job(job) = find(&objects, "Job", "fjc-job-submitter") else {
            unreachable!()
        };
        let submitter = pod(&job.spec.as_ref().expect("spec").template.spec)
            .security_context
            .clone();
        for context in [jm, tm, submitter] {
            assert_eq!(context.and_then(|c| c.run_as_user), expected, "{fixture}");
        }
    }
}

#[test]
fn class_path_arguments() {
    let objects = render("converter-class-path.yaml");
    let Object::Job(job) = find(&objects, "Job", "fjc-job-submitter") else {
        unreachable!()
    };
    let args = pod(&job.spec.as_ref().expect("spec").template.spec).containers[0]
        .args
        .clone()
        .unwrap_or_default();
    let tail: Vec<&str> = args.iter().skip(6).map(String::as_str).collect();
    assert_eq!(
        tail,
        [
            "--parallelism",
            "3",
            "--detached",
            "-C",
            "gs://bucketname/staging/grpc-stub-1.41.1-B66xkeEg13eE_nKyL0lylg.jar",
            "-C",
            "gs://bucketname/staging/better-files_2.12-3.8.0-1q2TM0GQpc7_Sq5wOwjsgw.jar",
            "-C",
            "gs://bucketname/staging/opencsv-2.3-nuurqgB9wymEXlqzwStOaw.jar",
            "-C",
            "gs://bucketname/staging/scio-parquet_2.12-0.11.4-iG_V62XRj-25MYxrNRj-Sg.jar",
            "-C",
            "gs://bucketname/staging/slf4j-jdk14-1.7.33-iTAADCGj87621OCVYpg-8w.jar",
            "/cache/my-job.jar",
            "--input",
            "./README.txt",
        ]
    );
}

fn flink_conf(objects: &[Object]) -> String {
    objects
        .iter()
        .find_map(|o| match o {
            Object::ConfigMap(map) => map
                .data
                .as_ref()
                .and_then(|d| d.get("flink-conf.yaml").cloned()),
            _ => None,
        })
        .expect("flink-conf.yaml")
}

#[test]
fn heap_and_process_sizes() {
    let heap = flink_conf(&render("converter-heap-size.yaml"));
    assert!(
        heap.contains("jobmanager.heap.size: 452m\n")
            && heap.contains("taskmanager.heap.size: 3072m\n"),
        "{heap}"
    );
    let process = flink_conf(&render("converter-process-size.yaml"));
    assert!(
        process.contains("jobmanager.memory.process.size: 820m\n")
            && process.contains("taskmanager.memory.process.size: 3277m\n"),
        "{process}"
    );
}

#[test]
fn log_config_defaults_fill_gaps_only() {
    let objects = render("converter-log-config.yaml");
    let Object::ConfigMap(map) = &objects[0] else {
        panic!("ConfigMap first")
    };
    let data = map.data.clone().unwrap_or_default();
    assert_eq!(
        data["log4j-console.properties"],
        "rootLogger.level = WARN\n"
    );
    assert_eq!(data["extra-file.txt"], "hello!");
    assert_eq!(
        data["log4j-cli.properties"],
        flink_render::templates::text(flink_render::templates::LOG4J2_CONSOLE)
    );
    assert_eq!(
        data["logback-console.xml"],
        flink_render::templates::text(flink_render::templates::LOGBACK_CONSOLE)
    );
}
