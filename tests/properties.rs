//! Properties over generated FlinkClusters (proptest): any valid spec renders without panic,
//! passes lint, gives the same bytes twice, renders the same from its YAML text as from the
//! typed value, and with `--harden` meets the Pod Security Standards restricted level.
//!
//! The strategy draws from the spec model with bounded sizes: names, versions, access scopes,
//! workload kinds, ports, labels, volumes and mounts, sidecars, autoscaler, PDB, jobs in every
//! mode, flinkProperties and environment. Every drawn spec is valid by construction, so a
//! refusal is a failure too (of the generator or of validation).

mod support;

use std::collections::BTreeMap;

use flink_render::options::{Options, PodSecurityLevel};
use flink_render::spec::FlinkCluster;
use flink_render::{Source, lint, yaml::Limits};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

fn dns_label(max_parts: usize) -> impl Strategy<Value = String> {
    vec("[a-z][a-z0-9]{0,7}", 1..=max_parts).prop_map(|parts| parts.join("-"))
}

fn labels() -> impl Strategy<Value = BTreeMap<String, String>> {
    btree_map(
        "(example\\.com/)?[a-z][a-z0-9]{0,10}",
        "([A-Za-z0-9]([-A-Za-z0-9_.]{0,20}[A-Za-z0-9])?)?",
        0..3,
    )
    .prop_map(|mut map| {
        // The labels the Services select on may not be changed.
        for taken in ["app", "cluster", "component"] {
            map.remove(taken);
        }
        map
    })
}

fn resources() -> impl Strategy<Value = Option<Value>> {
    prop::option::of(
        (
            select(vec!["1Gi", "1536Mi", "2Gi", "4G"]),
            select(vec!["200m", "1", "2"]),
            any::<bool>(),
        )
            .prop_map(|(memory, cpu, with_requests)| {
                let limits = json!({"memory": memory, "cpu": cpu});
                if with_requests {
                    json!({"limits": limits, "requests": limits})
                } else {
                    json!({"limits": limits})
                }
            }),
    )
}

/// Extra ports with distinct names and numbers above every default Flink port.
fn extra_ports() -> impl Strategy<Value = Vec<Value>> {
    prop::sample::subsequence(
        vec![("metrics", 9249), ("jmx", 9010), ("prom", 9100)],
        0..=3,
    )
    .prop_map(|ports| {
        ports
            .into_iter()
            .map(|(name, number)| json!({"name": name, "containerPort": number}))
            .collect()
    })
}

/// Volumes, the main container's mounts of them, and a sidecar that mounts them too.
fn volumes() -> impl Strategy<Value = (Vec<Value>, Vec<Value>, Option<Value>)> {
    (0usize..3, any::<bool>()).prop_map(|(count, sidecar)| {
        let volumes: Vec<Value> = (0..count)
            .map(|i| json!({"name": format!("vol-{i}"), "emptyDir": {}}))
            .collect();
        let mounts: Vec<Value> = (0..count)
            .map(|i| json!({"name": format!("vol-{i}"), "mountPath": format!("/data/{i}")}))
            .collect();
        let sidecar = sidecar.then(|| {
            json!({
                "name": "exporter",
                "image": "prom/exporter:1",
                "ports": [{"name": "exporter", "containerPort": 9999}],
                "volumeMounts": mounts.clone(),
            })
        });
        (volumes, mounts, sidecar)
    })
}

fn component(with_ingress: bool) -> impl Strategy<Value = Value> {
    (
        resources(),
        extra_ports(),
        labels(),
        volumes(),
        prop::option::of("[a-z]{1,8}"),
        any::<bool>(),
    )
        .prop_map(
            move |(resources, ports, pod_labels, (volumes, mounts, sidecar), annotation, tls)| {
                let mut c = json!({});
                if let Some(r) = resources {
                    c["resources"] = r;
                }
                if !ports.is_empty() {
                    c["extraPorts"] = json!(ports);
                }
                if !pod_labels.is_empty() {
                    c["podLabels"] = json!(pod_labels);
                }
                if !volumes.is_empty() {
                    c["volumes"] = json!(volumes);
                    c["volumeMounts"] = json!(mounts);
                }
                if let Some(sidecar) = sidecar {
                    c["sidecars"] = json!([sidecar]);
                }
                if let Some(value) = annotation {
                    c["podAnnotations"] = json!({"example.com/note": value});
                }
                if with_ingress && tls {
                    c["ingress"] =
                        json!({"hostFormat": "{{$clusterName}}.example.com", "useTls": true});
                }
                c
            },
        )
}

fn job() -> impl Strategy<Value = Option<Value>> {
    prop::option::of(
        (
            select(vec!["Detached", "Blocking", "Application"]),
            vec("[a-z0-9=-]{1,10}", 0..3),
            prop::option::of(1i32..8),
        )
            .prop_map(|(mode, args, parallelism)| {
                let mut job = json!({"jarFile": "/opt/job.jar", "mode": mode, "args": args});
                if mode == "Application" {
                    job["className"] = json!("org.example.Main");
                }
                if let Some(p) = parallelism {
                    job["parallelism"] = json!(p);
                }
                job
            }),
    )
}

prop_compose! {
    fn cluster()(
        name in dns_label(3),
        namespace in prop::option::of(dns_label(2)),
        version in select(vec!["1.8.1", "1.9.2", "1.10", "1.14.4", "1.18", "1.20", "2.0"]),
        pull in prop::option::of(select(vec!["Always", "IfNotPresent", "Never"])),
        scope in prop::option::of(select(vec!["Cluster", "VPC", "External", "NodePort", "Headless"])),
        jm in component(true),
        tm in component(false),
        tm_kind in prop::option::of(select(vec!["StatefulSet", "Deployment"])),
        replicas in prop::option::of(1i32..6),
        hpa in prop::option::of((1i32..4, 0i32..4)),
        pdb in any::<bool>(),
        job in job(),
        properties in btree_map("[a-z]{1,8}(\\.[a-z]{1,8}){0,2}", "[A-Za-z0-9 ./:-]{0,20}", 0..4),
        env in btree_map("[A-Z][A-Z_]{0,6}", "[a-z0-9]{0,8}", 0..3),
    ) -> Value {
        let mut jm = jm;
        let mut tm = tm;
        if let Some(scope) = scope {
            jm["accessScope"] = json!(scope);
        }
        if let Some(kind) = tm_kind {
            tm["deploymentType"] = json!(kind);
        }
        if let Some(replicas) = replicas {
            tm["replicas"] = json!(replicas);
        }
        if let Some((min, extra)) = hpa {
            tm["horizontalPodAutoscaler"] = json!({"minReplicas": min, "maxReplicas": min + extra});
        }
        let mut image = json!({"name": format!("flink:{version}")});
        if let Some(pull) = pull {
            image["pullPolicy"] = json!(pull);
        }
        let mut metadata = json!({"name": name});
        if let Some(namespace) = namespace {
            metadata["namespace"] = json!(namespace);
        }
        let mut spec = json!({
            "flinkVersion": version,
            "image": image,
            "jobManager": jm,
            "taskManager": tm,
        });
        if pdb {
            spec["podDisruptionBudget"] = json!({"maxUnavailable": 1});
        }
        if let Some(job) = job {
            spec["job"] = job;
        }
        if !properties.is_empty() {
            spec["flinkProperties"] = json!(properties);
        }
        if !env.is_empty() {
            spec["envVars"] = json!(env
                .iter()
                .map(|(k, v)| json!({"name": k, "value": v}))
                .collect::<Vec<_>>());
        }
        json!({
            "apiVersion": "flinkoperator.k8s.io/v1beta1",
            "kind": "FlinkCluster",
            "metadata": metadata,
            "spec": spec,
        })
    }
}

fn yaml(objects: &[flink_render::Object]) -> String {
    flink_render::emit::yaml_stream(objects).expect("serializes")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_cluster_renders_lint_clean_and_deterministic(document in cluster(), harden in any::<bool>()) {
        let cluster: FlinkCluster = serde_json::from_value(document).expect("the model accepts it");
        let options = if harden {
            Options { harden: Some(true), pod_security: Some(PodSecurityLevel::Restricted), ..Options::default() }
        } else {
            Options::default()
        };
        let first = flink_render::render(&cluster, &options)
            .unwrap_or_else(|d| panic!("a valid cluster is refused:\n{d}\n{cluster:#?}"));
        let findings: Vec<String> = lint::lint(&first.objects).iter().map(ToString::to_string).collect();
        prop_assert!(findings.is_empty(), "lint findings: {findings:#?}");
        let second = flink_render::render(&cluster, &options).expect("valid twice");
        let bytes = yaml(&first.objects);
        prop_assert_eq!(&bytes, &yaml(&second.objects));

        // Through the YAML text, as the command line reads it, the same bytes come out.
        let text = flink_render::yaml::to_yaml(&cluster).expect("the cluster serializes");
        let from_text = flink_render::render_sources(
            &[Source { origin: "generated.yaml", text: &text }],
            &options,
            Limits::default(),
        )
        .unwrap_or_else(|reports| panic!("{}\n{text}", reports.iter().map(ToString::to_string).collect::<String>()));
        prop_assert_eq!(&bytes, &yaml(&from_text.objects));
    }
}
