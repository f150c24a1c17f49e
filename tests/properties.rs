//! Properties over generated FlinkClusters (proptest): any valid spec renders without panic,
//! passes lint, gives the same bytes twice, renders the same from its YAML text as from the
//! typed value, and with `--harden` meets the Pod Security Standards restricted level. And over
//! generated manifest streams: post-rendering replaces each FlinkCluster exactly as it would be
//! replaced alone and keeps every other document byte for byte, in order. And `--target native`:
//! the same clusters, without what the native target refuses, render lint clean and
//! deterministic, and their TaskManager pod preview carries the memory model's JVM arguments.
//!
//! The strategy draws from the spec model with bounded sizes: names, versions, access scopes,
//! workload kinds, ports, labels, volumes and mounts, sidecars, autoscaler, PDB, jobs in every
//! mode, flinkProperties and environment. Every drawn spec is valid by construction, so a
//! refusal is a failure too (of the generator or of validation).

mod support;

use std::collections::BTreeMap;

use flink_render::options::{Options, PodSecurityLevel, Target};
use flink_render::post_render::post_render;
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
            // At least 1280Mi: a 1Gi TaskManager (process size 820m) is one Flink refuses to start.
            select(vec!["1280Mi", "1536Mi", "2Gi", "4G"]),
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

/// A quoted YAML string holding `text` (drawn from characters that need no escape but `"`).
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\\\""))
}

/// A document of a manifest stream that is not a FlinkCluster, as text starting with its `---`
/// marker and ending with a line break. The shapes are the ones charts and packages hold:
/// commented block mappings, flow mappings, Secrets, CRLF line endings, `...` end markers,
/// literal blocks with marker-like lines, scalars, lists, empty documents, and a duplicate key
/// (not ours to judge).
fn other_document() -> impl Strategy<Value = String> {
    let text = || "[A-Za-z0-9 _.:/\"-]{0,16}";
    let name = || "[a-z][a-z0-9-]{0,10}";
    let data = || btree_map("[a-z][a-z0-9_.-]{0,8}", text(), 0..4);
    let quoted_data = |data: &BTreeMap<String, String>, indent: &str| {
        data.iter()
            .map(|(key, value)| format!("{indent}{key}: {}\n", quoted(value)))
            .collect::<String>()
    };
    prop_oneof![
        (name(), prop::option::of(text()), data()).prop_map(move |(name, comment, data)| {
            let comment = comment.map_or(String::new(), |c| format!("# {c}\n"));
            format!(
                "---\n{comment}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}   # kept\ndata:\n{}",
                quoted_data(&data, "  ")
            )
        }),
        (name(), data()).prop_map(|(name, data)| {
            let entries: Vec<String> =
                data.iter().map(|(k, v)| format!("{k}: {}", quoted(v))).collect();
            format!(
                "--- {{apiVersion: v1, kind: ConfigMap, metadata: {{name: {name}}}, data: {{{}}}}}\n",
                entries.join(", ")
            )
        }),
        (name(), data(), "[A-Za-z0-9+/]{4,24}").prop_map(move |(name, data, encoded)| format!(
            "---\napiVersion: v1\nkind: Secret\nmetadata: {{name: {name}}}\ndata:\n  blob: {encoded}==\nstringData:\n{}",
            quoted_data(&data, "  ")
        )),
        (name(), data()).prop_map(move |(name, data)| format!(
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n{}",
            quoted_data(&data, "  ")
        )
        .replace('\n', "\r\n")),
        (name(), text()).prop_map(|(name, line)| format!(
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}}}\ndata:\n  script: |\n    --- {line}\n    ... {line}\n...\n"
        )),
        text().prop_map(|line| format!("--- {}\n", quoted(&line))),
        vec(text(), 0..3).prop_map(|items| format!(
            "---\n{}",
            items.iter().map(|i| format!("- {}\n", quoted(i))).collect::<String>()
        )),
        Just("---\n# nothing but a comment\n".to_owned()),
        name().prop_map(|name| format!(
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}}}\ndata: {{k: a}}\ndata: {{k: b}}\n"
        )),
    ]
}

/// A manifest stream: documents that are not FlinkClusters with up to three FlinkClusters
/// among them (distinct names, so that the stream is valid), each document marked `Some` with
/// its cluster index when it is a FlinkCluster.
fn stream() -> impl Strategy<Value = Vec<(Option<usize>, String)>> {
    (
        vec(other_document(), 0..6),
        vec(cluster(), 0..3),
        vec(any::<prop::sample::Index>(), 3),
    )
        .prop_map(|(others, clusters, positions)| {
            let mut documents: Vec<(Option<usize>, String)> =
                others.into_iter().map(|text| (None, text)).collect();
            for (i, (mut cluster, at)) in clusters.into_iter().zip(positions).enumerate() {
                cluster["metadata"]["name"] = json!(format!(
                    "{}-{i}",
                    cluster["metadata"]["name"].as_str().unwrap_or("c")
                ));
                let typed: FlinkCluster =
                    serde_json::from_value(cluster).expect("the model accepts it");
                let text = flink_render::yaml::to_yaml(&typed).expect("the cluster serializes");
                let position = at.index(documents.len() + 1);
                documents.insert(position, (Some(i), format!("---\n{text}")));
            }
            documents
        })
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

/// `document` without what `--target native` refuses (a headless rest Service before Flink
/// 1.15), with a namespace; `None` for Flink versions before 1.13. An autoscaler, a PDB and an
/// Ingress stay: the native target renders or warns about them.
fn natively_expressible(mut document: Value) -> Option<Value> {
    let version = document["spec"]["flinkVersion"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    if ["1.8.1", "1.9.2", "1.10"].contains(&version.as_str()) {
        return None;
    }
    let spec = &mut document["spec"];
    if let Some(jm) = spec["jobManager"].as_object_mut()
        && version == "1.14.4"
        && jm.get("accessScope") == Some(&json!("Headless"))
    {
        jm.remove("accessScope");
    }
    if document["metadata"]["namespace"].is_null() {
        document["metadata"]["namespace"] = json!("flink");
    }
    Some(document)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_expressible_cluster_renders_natively(document in cluster(), harden in any::<bool>()) {
        let Some(document) = natively_expressible(document) else {
            return Ok(());
        };
        let cluster: FlinkCluster = serde_json::from_value(document).expect("the model accepts it");
        let options = Options {
            target: Some(Target::Native),
            harden: harden.then_some(true),
            pod_security: harden.then_some(PodSecurityLevel::Restricted),
            ..Options::default()
        };
        let first = flink_render::render(&cluster, &options)
            .unwrap_or_else(|d| panic!("refused natively:\n{d}\n{cluster:#?}"));
        let findings: Vec<String> = lint::lint(&first.objects).iter().map(ToString::to_string).collect();
        prop_assert!(findings.is_empty(), "lint findings: {findings:#?}");
        let second = flink_render::render(&cluster, &options).expect("valid twice");
        prop_assert_eq!(yaml(&first.objects), yaml(&second.objects));
        let valid = flink_render::pipeline::validated(&cluster, &options).expect("valid");
        let preview = flink_render::native::task_manager_preview(&valid);
        let main = preview.spec.as_ref().and_then(|s| s.containers.last()).expect("a main container");
        prop_assert_eq!(main.name.as_str(), "flink-main-container");
        let memory = main.env.iter().flatten().find(|e| e.name == "FLINK_TM_JVM_MEM_OPTS");
        let explained = flink_render::explain::memory::memory(&valid);
        prop_assert_eq!(
            memory.and_then(|e| e.value.clone()),
            explained.json["taskManager"]["jvmArgs"].as_str().map(str::to_owned)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The output is what the documents give one at a time: every FlinkCluster replaced as if
    /// it were alone in the stream, every other document its own bytes, in the input's order.
    #[test]
    fn post_render_replaces_clusters_in_place_and_keeps_the_rest(documents in stream()) {
        let options = Options::default();
        let text: String = documents.iter().map(|(_, text)| text.as_str()).collect();
        let out = post_render("<stdin>", &text, &options, Limits::default())
            .unwrap_or_else(|e| panic!("a valid stream is refused:\n{e}\n{text}"));
        let mut expected = String::new();
        for (cluster, document) in &documents {
            match cluster {
                None => expected.push_str(document),
                Some(_) => {
                    let alone = post_render("<stdin>", document, &options, Limits::default())
                        .unwrap_or_else(|e| panic!("{e}\n{document}"));
                    prop_assert_eq!(alone.clusters, 1);
                    expected.push_str(&alone.text);
                }
            }
        }
        prop_assert_eq!(out.clusters, documents.iter().filter(|(c, _)| c.is_some()).count());
        prop_assert_eq!(out.text, expected);
    }
}
