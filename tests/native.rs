//! `--target native`: reviewed snapshots of the manifests and of the TaskManager pod preview
//! for session and application clusters, with Kubernetes HA and without; strict schema
//! validation of all of them (the pod template inside `pod-template-<id>` included); the
//! worked memory example of flink-native-spec.md §3.4 in the rendered pods; the option and the
//! annotation; refused inputs.

mod support;

use flink_render::Options;
use flink_render::object::Object;
use flink_render::options::Target;
use k8s_openapi::api::core::v1::Pod;
use support::*;

fn native() -> Options {
    Options {
        target: Some(Target::Native),
        ..Options::default()
    }
}

fn render_native(path: &std::path::Path) -> Vec<Object> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    render_text(&name, &read(path), &native()).unwrap_or_else(|reports| panic!("{reports}"))
}

fn preview(path: &std::path::Path) -> String {
    let file = path.to_string_lossy().into_owned();
    let output = cli(&["explain", "taskmanager-pod", &file], "");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    text(&output.stdout)
}

/// The Pod inside `pod-template-<id>`, as Flink reads it.
fn template_of(objects: &[Object]) -> String {
    objects
        .iter()
        .find_map(|o| match o {
            Object::ConfigMap(map) if o.name().starts_with("pod-template-") => map
                .data
                .as_ref()
                .and_then(|d| d.get("taskmanager-pod-template.yaml"))
                .cloned(),
            _ => None,
        })
        .expect("a pod template ConfigMap")
}

#[test]
fn rendered() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        insta::glob!("../fixtures/native", "*.yaml", |path| {
            insta::assert_snapshot!(snapshot_yaml(render_native(path)));
        });
    });
}

#[test]
fn task_manager_pod_previews() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => true }, {
        insta::glob!("../fixtures/native", "*.yaml", |path| {
            insta::assert_snapshot!(preview(path));
        });
    });
}

/// The cases of `fixtures/native-flink` that Flink's client and flink-render refuse.
const REFUSED_CASES: [&str; 2] = ["rpc-port-range.yaml", "malformed-map.yaml"];

#[test]
fn every_output_passes_strict_schema_validation_for_kubernetes_1_25_and_1_37() {
    let mut outputs = Vec::new();
    let cases = fixtures("native")
        .into_iter()
        .chain(fixtures("native-flink"))
        // Refused, by Flink too.
        .filter(|p| !REFUSED_CASES.iter().any(|r| p.ends_with(r)));
    for path in cases {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let objects = render_native(&path);
        outputs.push((
            name.clone(),
            flink_render::emit::yaml_stream(&objects).expect("serializes"),
        ));
        outputs.push((format!("{name}.pod-template"), template_of(&objects)));
        outputs.push((format!("{name}.preview"), preview(&path)));
    }
    assert_eq!(outputs.len(), 60, "twenty fixtures, three outputs each");
    assert_strictly_valid(&outputs);
}

#[test]
fn the_pod_template_reads_back_as_the_template_pod() {
    for path in fixtures("native") {
        let objects = render_native(&path);
        let pod: Pod = serde_saphyr::from_str(&template_of(&objects)).expect("a Pod");
        let spec = pod.spec.expect("a pod spec");
        let main = spec.containers.first().expect("a container");
        assert_eq!(main.name, "flink-main-container", "{}", path.display());
        assert!(
            main.image.is_none(),
            "the image comes from the configuration"
        );
    }
}

#[test]
fn flag_and_annotation_select_the_target() {
    let path = repo().join("fixtures/native/session.yaml");
    let file = path.to_string_lossy().into_owned();
    // session.yaml carries `flink-render/target: native`.
    let by_annotation = cli(&["render", &file], "");
    let by_flag = cli(&["render", &file, "--target", "native"], "");
    assert_eq!(
        by_annotation.status.code(),
        Some(0),
        "{}",
        text(&by_annotation.stderr)
    );
    assert_eq!(by_annotation.stdout, by_flag.stdout);
    assert!(text(&by_flag.stdout).contains("kind: Deployment\nmetadata:\n  labels:\n    app: analytics\n    component: jobmanager\n    type: flink-native-kubernetes\n  name: analytics\n"));
    // The flag wins over the annotation.
    let operator = cli(&["render", &file, "--target", "operator"], "");
    assert_eq!(
        operator.status.code(),
        Some(0),
        "{}",
        text(&operator.stderr)
    );
    assert!(text(&operator.stdout).contains("name: analytics-jobmanager"));
    assert!(!text(&operator.stdout).contains("flink-native-kubernetes"));
}

/// flink-native-spec.md §3.4 in the pods: a TaskManager of `process.size: 1728m` and a
/// JobManager of 1600m, one CPU each.
#[test]
fn worked_example_in_the_rendered_pods() {
    let input = "apiVersion: flinkoperator.k8s.io/v1beta1
kind: FlinkCluster
metadata:
  name: my-flink
  namespace: flink
spec:
  flinkVersion: \"1.20\"
  image: {name: \"apache/flink:1.20.0-scala_2.12\", pullPolicy: IfNotPresent}
  jobManager:
    resources: {limits: {memory: 1600Mi, cpu: \"1\"}}
    memoryProcessRatio: 100
  taskManager:
    resources: {limits: {memory: 1728Mi, cpu: \"1\"}}
    memoryProcessRatio: 100
";
    let objects = render_text("example.yaml", input, &native()).expect("renders");
    let deployment = objects
        .iter()
        .find_map(|o| match o {
            Object::Deployment(d) => Some(d.clone()),
            _ => None,
        })
        .expect("a Deployment");
    let jm = deployment
        .spec
        .template
        .spec
        .expect("pod")
        .containers
        .pop()
        .expect("main");
    let resources = jm.resources.expect("resources");
    let requests = resources.requests.expect("requests");
    assert_eq!(requests.get("memory").map(|q| q.0.as_str()), Some("1600Mi"));
    assert_eq!(requests.get("cpu").map(|q| q.0.as_str()), Some("1.0"));
    let output = cli(&["explain", "taskmanager-pod", "-"], input);
    let yaml = text(&output.stdout);
    assert!(
        yaml.contains("  name: my-flink-taskmanager-1-1\n"),
        "{yaml}"
    );
    assert!(yaml.contains("value: -Xmx536870902 -Xms536870902 -XX:MaxDirectMemorySize=268435458 -XX:MaxMetaspaceSize=268435456\n"), "{yaml}");
    assert!(yaml.contains("\"kubernetes-taskmanager.sh -Dtaskmanager.resource-id='my-flink-taskmanager-1-1' -D taskmanager.memory.network.min=134217730b -D taskmanager.cpu.cores=1.0 -D taskmanager.memory.task.off-heap.size=0b -D taskmanager.memory.jvm-metaspace.size=268435456b -D external-resources=none -D taskmanager.memory.jvm-overhead.min=201326592b -D taskmanager.memory.framework.off-heap.size=134217728b -D taskmanager.memory.network.max=134217730b -D taskmanager.memory.framework.heap.size=134217728b -D taskmanager.memory.managed.size=536870920b -D taskmanager.memory.task.heap.size=402653174b -D taskmanager.numberOfTaskSlots=1 -D taskmanager.memory.jvm-overhead.max=201326592b \""), "{yaml}");
    assert!(yaml.contains("      limits:\n        cpu: \"1.0\"\n        memory: 1728Mi\n      requests:\n        cpu: \"1.0\"\n        memory: 1728Mi\n"), "{yaml}");
    let explained = cli(
        &["explain", "memory", "-", "--target", "native", "-o", "json"],
        input,
    );
    let json: serde_json::Value = serde_json::from_slice(&explained.stdout).expect("JSON");
    assert_eq!(
        json["clusters"][0]["jobManager"]["jvmArgs"],
        "-Xmx1073741824 -Xms1073741824 -XX:MaxMetaspaceSize=268435456"
    );
    assert_eq!(
        json["clusters"][0]["taskManager"]["containerMemory"],
        "1728Mi"
    );
}

fn refused(spec: &str, options: &[&str]) -> String {
    let input = format!(
        "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\n  namespace: flink\nspec:\n{}",
        spec.lines().map(|l| format!("  {l}\n")).collect::<String>()
    );
    let mut args = vec!["render", "-", "--target", "native"];
    args.extend_from_slice(options);
    let output = cli(&args, &input);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(output.stdout.is_empty());
    text(&output.stderr)
        .lines()
        .filter_map(|l| l.strip_prefix("error: "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn what_native_mode_cannot_express_is_refused_at_its_field() {
    assert_eq!(
        refused("flinkVersion: \"1.12\"\nimage: {name: flink:1.12}", &[]),
        "spec.flinkVersion: Unsupported value: \"1.12\": --target native renders Flink's native Kubernetes integration from Flink 1.13 (the first release with pod templates)"
    );
    assert_eq!(
        refused(
            "flinkVersion: \"1.18\"\nimage: {name: flink:1.18}\njob: {pyFile: job.py}",
            &["--barrier"]
        ),
        [
            "Forbidden: barrier init containers (--barrier) are for --target operator; in the native target Flink's ResourceManager starts the TaskManagers once the JobManager runs",
            "spec.job.pyFile: Forbidden: --target native runs JAR jobs in application mode; flink-render does not render Python jobs for it",
        ]
        .join("\n")
    );
    assert_eq!(
        refused(
            "flinkVersion: \"1.18\"\nimage: {name: flink:1.18}\njob: {jarFile: \"https://example.com/job.jar\", args: [\"a#b\"]}",
            &[]
        ),
        [
            "spec.job.jarFile: Invalid value: \"https://example.com/job.jar\": application mode reads the JAR from the image (local://) before Flink 1.19 (\"Only \"local\" is supported as schema for application mode. This assumes that the jar is located in the image, not the Flink client. An example of such path is: local:///opt/flink/examples/streaming/WindowJoin.jar\"); spec.flinkVersion is 1.18",
            "spec.job.args[0]: must not contain '#': --target native writes it into flink-conf.yaml, where Flink reads everything after '#' as a comment",
        ]
        .join("\n")
    );
    // Flink 1.13 runs one JobManager whatever kubernetes.jobmanager.replicas says.
    assert_eq!(
        refused(
            "flinkVersion: \"1.13\"\nimage: {name: flink:1.13}\njobManager: {replicas: 2}\nflinkProperties: {high-availability: kubernetes, high-availability.storageDir: s3://b/ha}",
            &[]
        ),
        "spec.jobManager.replicas: Invalid value: 2: Flink's native integration starts standby JobManagers (kubernetes.jobmanager.replicas) from Flink 1.14; spec.flinkVersion is 1.13"
    );
    assert_eq!(
        refused(
            "flinkVersion: \"1.18\"\nimage: {name: flink:1.18}\nflinkProperties: {kubernetes.taskmanager.memory.limit-factor: \"0.5\"}",
            &[]
        ),
        "spec.flinkProperties[kubernetes.taskmanager.memory.limit-factor]: kubernetes.taskmanager.memory.limit-factor should be greater or equal to 1."
    );
    // Without a namespace Flink would start the TaskManagers in `default`.
    let input = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata: {name: demo}\nspec: {flinkVersion: \"1.18\", image: {name: flink:1.18}}\n";
    let output = cli(&["render", "-", "--target", "native"], input);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("error: metadata.namespace: Required value: --target native binds a Role to the pods' ServiceAccount"));
}

#[test]
fn memory_flink_refuses_is_refused_natively_too() {
    let stderr = refused(
        "flinkVersion: \"1.18\"\nimage: {name: flink:1.18}\ntaskManager: {resources: {limits: {memory: 768Mi, cpu: \"1\"}}}",
        &[],
    );
    assert!(
        stderr.starts_with("spec.taskManager.resources.limits[memory]: TaskManager memory configuration failed: Sum of configured Framework Heap Memory"),
        "{stderr}"
    );
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    for path in fixtures("native") {
        let once = flink_render::emit::yaml_stream(&render_native(&path)).expect("serializes");
        let twice = flink_render::emit::yaml_stream(&render_native(&path)).expect("serializes");
        assert_eq!(once, twice, "{}", path.display());
    }
}

#[test]
fn diff_is_refused_for_the_native_target() {
    let path = repo().join("fixtures/native/session.yaml");
    let file = path.to_string_lossy().into_owned();
    let output = cli(&["diff", &file, &file], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(text(&output.stderr).contains("error: diff reports how the Flink operator updates a FlinkCluster; with --target native there is no operator"));
}

#[test]
fn pod_security_covers_the_task_manager_pods_flink_creates() {
    let path = repo().join("fixtures/native/session-ha.yaml");
    let file = path.to_string_lossy().into_owned();
    let refused = cli(
        &[
            "render",
            &file,
            "--target",
            "native",
            "--pod-security",
            "restricted",
        ],
        "",
    );
    assert_eq!(refused.status.code(), Some(2));
    let stderr = text(&refused.stderr);
    assert!(stderr.contains("error: spec.jobManager: Deployment/shared would violate PodSecurity \"restricted:v1.37\": allowPrivilegeEscalation != false"), "{stderr}");
    assert!(stderr.contains("error: spec.taskManager.securityContext: the TaskManager pods Flink creates from pod-template-shared would violate PodSecurity \"restricted:v1.37\": runAsNonRoot != true"), "{stderr}");
    let hardened = cli(
        &[
            "render",
            &file,
            "--target",
            "native",
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
    let objects = render_text(
        "session-ha.yaml",
        &read(&path),
        &Options {
            harden: Some(true),
            ..native()
        },
    )
    .expect("renders");
    let pod: Pod = serde_saphyr::from_str(&template_of(&objects)).expect("a Pod");
    let security = pod.spec.and_then(|s| s.security_context).expect("hardened");
    assert_eq!(security.run_as_non_root, Some(true));
    assert_eq!(security.run_as_user, Some(9999));
}

#[test]
fn operator_only_rules_do_not_apply_natively() {
    // 44 characters: too long for the operator's StatefulSets, within Flink's 45 for a cluster id.
    let name = format!("a{}", "b".repeat(43));
    let input = format!(
        "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata: {{name: {name}, namespace: flink}}\nspec:\n  flinkVersion: \"1.18\"\n  image: {{name: flink:1.18}}\n  job: {{jarFile: /opt/job.jar, mode: Application}}\n"
    );
    let operator = cli(&["render", "-"], &input);
    assert_eq!(operator.status.code(), Some(2));
    let native = cli(&["render", "-", "--target", "native"], &input);
    assert_eq!(native.status.code(), Some(0), "{}", text(&native.stderr));
    assert!(text(&native.stdout).contains(&format!("  name: {name}-rest\n")));
    let too_long = input.replace(&name, &format!("{name}cd"));
    let refused = cli(&["render", "-", "--target", "native"], &too_long);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains(
        "error: metadata.name: kubernetes.cluster-id must be no more than 45 characters."
    ));
}

#[test]
fn limit_factors_must_be_numbers_of_at_least_one() {
    for (value, message) in [
        (
            "NaN",
            "spec.flinkProperties[kubernetes.jobmanager.cpu.limit-factor]: Invalid value: \"NaN\": a limit factor must be a finite number of at least 1",
        ),
        (
            "two",
            "spec.flinkProperties[kubernetes.jobmanager.cpu.limit-factor]: Could not parse value 'two' for key 'kubernetes.jobmanager.cpu.limit-factor'.",
        ),
    ] {
        assert_eq!(
            refused(
                &format!(
                    "flinkVersion: \"1.18\"\nimage: {{name: flink:1.18}}\nflinkProperties: {{kubernetes.jobmanager.cpu.limit-factor: \"{value}\"}}"
                ),
                &[],
            ),
            message
        );
    }
    let input = "apiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata: {name: demo, namespace: flink}\nspec:\n  flinkVersion: \"1.18\"\n  image: {name: flink:1.18}\n  jobManager: {resources: {limits: {cpu: \"1\", memory: 2Gi}}}\n  flinkProperties: {kubernetes.jobmanager.cpu.limit-factor: \"2\", kubernetes.jobmanager.memory.limit-factor: \"1.5\"}\n";
    let output = cli(&["render", "-", "--target", "native"], input);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("          limits:\n            cpu: \"2.0\"\n            memory: 3072Mi\n          requests:\n            cpu: \"1.0\"\n            memory: 2048Mi\n"), "{}", text(&output.stdout));
}

#[test]
fn explain_ha_names_the_job_id_flink_fixes_under_ha() {
    // Flink 2.0 in application mode with HA and no configured job id: Flink takes
    // `new JobID("events".hashCode(), 0)` (printed by Java 17), the same on every start, so a
    // restarted JobManager recovers the job instead of submitting it again. flink-render sets
    // no job id of its own.
    let path = repo().join("fixtures/native/application-ha.yaml");
    let path = path.to_str().expect("UTF-8 path");
    let explained = text(&cli(&["explain", "ha", path, "--target", "native"], "").stdout);
    assert!(
        explained.contains("  events-ffffffffb307e1190000000000000000-config-map\n"),
        "{explained}"
    );
    let rendered = text(&cli(&["render", path, "--target", "native"], "").stdout);
    assert!(!rendered.contains("pipeline.job-id"), "{rendered}");
    // A job id in flinkProperties is Flink's to use, and explain names its ConfigMap.
    let fixed = read(std::path::Path::new(path)).replace(
        "  flinkProperties:\n",
        "  flinkProperties:\n    $internal.pipeline.job-id: 0123456789abcdef0123456789abcdef\n",
    );
    let explained = text(&cli(&["explain", "ha", "-", "--target", "native"], &fixed).stdout);
    assert!(
        explained.contains("  events-0123456789abcdef0123456789abcdef-config-map\n"),
        "{explained}"
    );
}

/// A case of `fixtures/native-flink` rendered natively, and its TaskManager pod preview.
fn flink_case(name: &str) -> (String, String) {
    let path = repo().join("fixtures/native-flink").join(name);
    let objects = render_native(&path);
    let yaml = flink_render::emit::yaml_stream(&objects).expect("serializes");
    (yaml, preview(&path))
}

/// The differences the comparison with Flink's factories found (fixtures/native-flink, run
/// through Flink itself by tests/native_flink.rs), each pinned here without a JVM.
#[test]
fn flink_options_shape_the_pods_as_flink_applies_them() {
    let (yaml, pod) = flink_case("tolerations.yaml");
    assert!(yaml.contains("      tolerations:\n      - effect: NoSchedule\n        key: dedicated\n        operator: Equal\n        value: flink\n      - key: control\n        operator: Exists\n      - effect: NoExecute\n        key: zone\n        operator: Equal\n        tolerationSeconds: 30\n        value: a\n"), "{yaml}");
    assert!(
        pod.contains("  tolerations:\n  - key: fk2\n    operator: Exists\n"),
        "{pod}"
    );

    let (yaml, pod) = flink_case("host-network.yaml");
    for text in [&yaml, &pod] {
        assert!(
            text.contains("dnsPolicy: ClusterFirstWithHostNet\n"),
            "{text}"
        );
        assert!(text.contains("hostNetwork: true\n"), "{text}");
        assert!(!text.contains("containerPort"), "{text}");
    }

    let (yaml, pod) = flink_case("service-accounts.yaml");
    assert!(
        yaml.contains("      serviceAccountName: service-accounts-flink\n"),
        "{yaml}"
    );
    assert!(
        pod.contains("  serviceAccount: tm-sa\n  serviceAccountName: tm-sa\n"),
        "{pod}"
    );

    let (yaml, _) = flink_case("owner-reference.yaml");
    assert!(yaml.contains("  name: owner-reference\n  namespace: flink\n  ownerReferences:\n  - apiVersion: v1\n    blockOwnerDeletion: false\n    controller: false\n    kind: ConfigMap\n    name: owner\n    uid: 6e0f8f3c-1b1a-4f0e-9a55-0c6f4d1b2a10\n"), "{yaml}");

    let (_, pod) = flink_case("external-resources.yaml");
    assert!(pod.contains("-D external-resources=\\\"gpu\\\" "), "{pod}");
    assert!(
        pod.contains(" -D external-resource.gpu.amount=1 \""),
        "{pod}"
    );
    assert!(pod.contains("      limits:\n        cpu: \"1.0\"\n        memory: 2048Mi\n        nvidia.com/gpu: \"1\"\n      requests:\n        cpu: \"1.0\"\n        memory: 2048Mi\n        nvidia.com/gpu: \"1\"\n"), "{pod}");

    // Flink 1.14: no hostNetwork or dnsPolicy, start commands without entry point arguments.
    let (yaml, pod) = flink_case("minimal.yaml");
    for text in [&yaml, &pod] {
        assert!(!text.contains("dnsPolicy"), "{text}");
        assert!(!text.contains("hostNetwork"), "{text}");
    }
    assert!(
        yaml.contains("        - kubernetes-jobmanager.sh kubernetes-session\n"),
        "{yaml}"
    );
    assert!(
        pod.contains("-D taskmanager.memory.jvm-overhead.max=214748368b\n"),
        "{pod}"
    );
    // Flink 1.15: both fields, still no trailing space.
    let text =
        read(&repo().join("fixtures/native-flink/minimal.yaml")).replace("\"1.14\"", "\"1.15\"");
    let yaml = flink_render::emit::yaml_stream(
        &render_text("minimal-1.15.yaml", &text, &native()).expect("renders"),
    )
    .expect("serializes");
    assert!(
        yaml.contains("        - kubernetes-jobmanager.sh kubernetes-session\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("      dnsPolicy: ClusterFirst\n      hostNetwork: false\n"),
        "{yaml}"
    );

    // Flink 1.19 has no internal Service annotations.
    let (yaml, _) = flink_case("internal-service-annotations.yaml");
    assert!(!yaml.contains("ia: x"), "{yaml}");

    // The rest Service's annotations are in the configuration Flink reads, the option's value
    // winning on a clash; the labels have no option (docs/deviations.md).
    let (yaml, _) = flink_case("service-annotations.yaml");
    assert!(yaml.contains("    kubernetes.rest-service.annotations: example.com/owner:data-platform,other:x,shared:from-option\n"), "{yaml}");
    assert!(yaml.contains("  annotations:\n    example.com/owner: data-platform\n    other: x\n    shared: from-option\n  labels:\n    app: service-annotations\n    team: data\n    type: flink-native-kubernetes\n  name: service-annotations-rest\n"), "{yaml}");

    let (yaml, _) = flink_case("vpc.yaml");
    assert!(yaml.contains("    kubernetes.rest-service.annotations: networking.gke.io/internal-load-balancer-allow-global-access:true,networking.gke.io/load-balancer-type:Internal\n"), "{yaml}");

    // The JobManager annotations go on the Deployment itself from Flink 1.14.
    let options = read(&repo().join("fixtures/native-flink/options.yaml"));
    for (version, on_deployment) in [("1.13", false), ("1.14", true)] {
        let text = options.replace("\"1.20\"", &format!("\"{version}\""));
        let yaml = flink_render::emit::yaml_stream(
            &render_text("options.yaml", &text, &native()).expect("renders"),
        )
        .expect("serializes");
        assert_eq!(
            yaml.contains(
                "kind: Deployment\nmetadata:\n  annotations:\n    example.com/note: a,b\n"
            ),
            on_deployment,
            "{version}: {yaml}"
        );
    }

    let (yaml, pod) = flink_case("hadoop-mount-off.yaml");
    for text in [&yaml, &pod] {
        assert!(!text.contains("hadoop-config-volume"), "{text}");
        assert!(!text.contains("HADOOP_CONF_DIR"), "{text}");
    }
}

#[test]
fn ports_flink_cannot_fix_are_refused_with_flinks_message() {
    let path = repo().join("fixtures/native-flink/rpc-port-range.yaml");
    let output = cli(
        &["render", &path.to_string_lossy(), "--target", "native"],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("error: spec.flinkProperties[taskmanager.rpc.port]: taskmanager.rpc.port should be specified to a fixed port. Do not support a range of ports."), "{}", text(&output.stderr));
    // `0` (any port) is fixed as Flink's client fixes it.
    let input = read(&path).replace("50100-50200", "\"0\"");
    let objects = render_text("rpc-port-zero.yaml", &input, &native()).expect("renders");
    let yaml = flink_render::emit::yaml_stream(&objects).expect("serializes");
    assert!(yaml.contains("    taskmanager.rpc.port: 6122\n"), "{yaml}");
}

/// `explain taskmanager-pod` previews the TaskManager pod of both shipped examples: what the
/// native integration does not carry (a PodDisruptionBudget counted against maxUnavailable, a
/// HorizontalPodAutoscaler) is a warning at its field, never a hint to render for the operator.
#[test]
fn the_task_manager_pod_of_every_shipped_example_is_previewed() {
    for (example, field) in [
        ("job-cluster.yaml", "spec.podDisruptionBudget"),
        (
            "session-cluster.yaml",
            "spec.taskManager.horizontalPodAutoscaler",
        ),
    ] {
        let path = repo().join("examples").join(example);
        let output = cli(&["explain", "taskmanager-pod", &path.to_string_lossy()], "");
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{example}: {stderr}");
        assert!(text(&output.stdout).contains("kind: Pod\n"), "{example}");
        assert!(
            stderr.contains(&format!(
                "warning: {field}: --target native does not render "
            )),
            "{example}: {stderr}"
        );
        assert!(!stderr.contains("--target operator"), "{example}: {stderr}");
    }
    // The barrier belongs to the operator target; it does not keep the preview from showing.
    let input = read(&repo().join("fixtures/native/session.yaml")).replace(
        "    flink-render/target: native\n",
        "    flink-render/target: native\n    flink-render/barrier: \"true\"\n",
    );
    let output = cli(&["explain", "taskmanager-pod", "-"], &input);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

/// `jobManager.ingress` natively: an Ingress to the rest Service, as the Apache Flink
/// Kubernetes Operator creates for its clusters; a whole-number budget over the cluster's pods.
#[test]
fn the_ingress_leads_to_the_rest_service() {
    let input = "apiVersion: flinkoperator.k8s.io/v1beta1
kind: FlinkCluster
metadata: {name: web, namespace: flink}
spec:
  flinkVersion: \"1.20\"
  image: {name: flink:1.20}
  jobManager:
    ports: {ui: 8181}
    ingress:
      hostFormat: \"{{$clusterName}}.flink.example.com\"
      annotations: {example.com/class: public}
      useTls: true
      tlsSecretName: web-tls
  podDisruptionBudget: {minAvailable: 1}
  flinkProperties: {kubernetes.cluster-id: web-ui}
";
    let objects = render_text("web.yaml", input, &native()).expect("renders");
    let yaml = snapshot_yaml(objects);
    assert!(
        yaml.contains(
            "kind: Ingress
metadata:
  annotations:
    example.com/class: public
  labels:
    app: web-ui
    component: ingress
    type: flink-native-kubernetes
  name: web-ui
  namespace: flink
spec:
  rules:
  - host: web.flink.example.com
    http:
      paths:
      - backend:
          service:
            name: web-ui-rest
            port:
              number: 8181
        pathType: ImplementationSpecific
  tls:
  - hosts:
    - web.flink.example.com
    secretName: web-tls
"
        ),
        "{yaml}"
    );
    assert!(
        yaml.contains(
            "kind: PodDisruptionBudget
metadata:
  labels:
    app: web-ui
    type: flink-native-kubernetes
  name: web-ui
  namespace: flink
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: web-ui
      type: flink-native-kubernetes
"
        ),
        "{yaml}"
    );
    // A budget Kubernetes would count against the Deployment's scale is not rendered.
    let budget = input.replace("minAvailable: 1", "maxUnavailable: 1");
    let output = cli(&["render", "-", "--target", "native"], &budget);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(!text(&output.stdout).contains("PodDisruptionBudget"));
    assert!(text(&output.stderr).contains("warning: spec.podDisruptionBudget: --target native does not render this PodDisruptionBudget"));
}

/// Issue 16 item 14: a GCP secret whose name makes an invalid volume name is refused at its
/// field, whatever `flinkVersion` says (empty, malformed, or a version the native target
/// renders): no native check waits for the version to parse. Whatever renders, lint accepts.
#[test]
fn secret_volume_names_are_checked_whatever_the_version() {
    for file in [
        "f02-gcp-secret-dot-empty-version-native.yaml",
        "fuzz-render-lint-crash.yaml",
    ] {
        let original = read(&repo().join("tests/regressions").join(file));
        let secret = if file.starts_with("f02") {
            "gcp.sa"
        } else {
            "gcp-service-account-jobmanager.rpc.portsecret"
        };
        for version in ["\"\"", "\"1.18\"", "\"2.0\"", "abc"] {
            let text =
                original.replacen("flinkVersion: \"\"", &format!("flinkVersion: {version}"), 1);
            let refused = render_text(file, &text, &native())
                .err()
                .unwrap_or_else(|| panic!("{file} with flinkVersion {version} renders"));
            assert!(
                refused.contains(&format!("spec.gcpConfig.serviceAccount.secretName: Invalid value: {secret:?}: Flink mounts it as volume \"{secret}-volume\"")),
                "{file}, flinkVersion {version}: {refused}"
            );
        }
        // The operator target mounts the secret under a name of its own: it renders, lint-clean.
        render_text(file, &original, &Options::default()).expect("the operator target renders it");
    }
    // A secret named in kubernetes.secrets is checked the same way.
    let refused = refused(
        "flinkVersion: \"\"\nimage: {name: flink:1.18}\nflinkProperties: {kubernetes.secrets: \"my.creds:/etc/creds\"}",
        &[],
    );
    assert!(refused.contains("spec.flinkProperties[kubernetes.secrets]: Invalid value: \"my.creds\": Flink mounts it as volume \"my.creds-volume\""), "{refused}");
    assert!(refused.contains("spec.flinkVersion: Required value: --target native renders what Flink's client creates for the version given here"), "{refused}");
}

/// Option values Flink cannot read, or that would give objects the API server refuses, are
/// refused at the property, in Flink's words where Flink has them.
#[test]
fn flink_options_that_could_not_work_are_refused() {
    let cases = [
        (
            "kubernetes.jobmanager.labels: \"team:data,broken\"",
            "spec.flinkProperties[kubernetes.jobmanager.labels]: Could not parse value 'team:data,broken' for key 'kubernetes.jobmanager.labels'.",
        ),
        (
            "kubernetes.taskmanager.labels: \"team:not valid\"",
            "spec.flinkProperties[kubernetes.taskmanager.labels]: Invalid value: \"not valid\": a valid label must be an empty string or consist of alphanumeric characters",
        ),
        (
            "kubernetes.taskmanager.tolerations: \"key:a,operator:Sometimes\"",
            "spec.flinkProperties[kubernetes.taskmanager.tolerations]: Unsupported value: \"Sometimes\": supported values: \"Equal\", \"Exists\"",
        ),
        (
            "kubernetes.jobmanager.tolerations: \"key:a,operator:Exists,effect:NoSchedule,tolerationSeconds:30\"",
            "spec.flinkProperties[kubernetes.jobmanager.tolerations]: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
        (
            "kubernetes.jobmanager.owner.reference: \"apiVersion:v1,kind:ConfigMap,name:owner\"",
            "spec.flinkProperties[kubernetes.jobmanager.owner.reference]: Required value: uid: every ownerReference of kubernetes.jobmanager.owner.reference needs one",
        ),
        (
            "kubernetes.hostnetwork.enabled: \"yes\"",
            "spec.flinkProperties[kubernetes.hostnetwork.enabled]: Could not parse value 'yes' for key 'kubernetes.hostnetwork.enabled'.",
        ),
        (
            "rest.bind-port: \"8081-8089\"",
            "spec.flinkProperties[rest.bind-port]: rest.bind-port should be specified to a fixed port. Do not support a range of ports.",
        ),
        (
            "external-resources: gpu\n  external-resource.gpu.amount: one",
            "spec.flinkProperties[external-resource.gpu.amount]: Could not parse value 'one' for key 'external-resource.gpu.amount'.",
        ),
        (
            "kubernetes.env.secretKeyRef: \"env:TOKEN,secret:api\"",
            "spec.flinkProperties[kubernetes.env.secretKeyRef]: Required value: key: every entry of kubernetes.env.secretKeyRef needs env, secret and key",
        ),
    ];
    for (property, message) in cases {
        let errors = refused(
            &format!(
                "flinkVersion: \"1.20\"\nimage: {{name: flink:1.20}}\nflinkProperties:\n  {property}"
            ),
            &[],
        );
        assert!(errors.starts_with(message), "{property}: {errors}");
    }
}

/// What the spec puts into a pod must not repeat what Flink's decorators add to it: the API
/// server refuses the pod, or Flink takes the wrong container for its own.
#[test]
fn what_flink_adds_to_the_pods_is_not_repeated() {
    for (spec, message) in [
        (
            "jobManager: {volumes: [{name: flink-config-volume, emptyDir: {}}]}",
            "spec.jobManager.volumes[0].name: Duplicate value: \"flink-config-volume\": Flink adds a volume of this name to the JobManager pod (docs/native.md)",
        ),
        (
            "taskManager: {sidecars: [{name: flink-main-container, image: busybox}]}",
            "spec.taskManager.sidecars[0].name: Duplicate value: \"flink-main-container\": the name of Flink's main container in the TaskManager pods; Flink would take this container for it",
        ),
        (
            "jobManager: {extraPorts: [{name: rest, containerPort: 9999}]}",
            "spec.jobManager.extraPorts[0].name: Duplicate value: \"rest\": Flink adds a port of this name to the JobManager pod (docs/native.md)",
        ),
        (
            "taskManager: {volumeMounts: [{name: v, mountPath: /opt/flink/conf}], volumes: [{name: v, emptyDir: {}}]}",
            "spec.taskManager.volumeMounts[0].mountPath: Duplicate value: \"/opt/flink/conf\": Flink adds a mount at this path to the TaskManager pods (docs/native.md)",
        ),
        (
            "flinkProperties: {kubernetes.secrets: \"flink-config:/etc/x\"}",
            "spec.flinkProperties[kubernetes.secrets]: Duplicate value: \"flink-config-volume\": Flink would add two volumes of it to the jobmanager pod",
        ),
        (
            "flinkProperties: {containerized.taskmanager.env.A=B: x}",
            "spec.flinkProperties[containerized.taskmanager.env.A=B]: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
        ),
        (
            "flinkProperties: {external-resources: gpu, external-resource.gpu.amount: \"1\", external-resource.gpu.kubernetes.config-key: gpu}",
            "spec.flinkProperties[external-resource.gpu.kubernetes.config-key]: Invalid value: \"gpu\": must be a standard resource for containers or a fully qualified name (such as nvidia.com/gpu)",
        ),
    ] {
        let errors = refused(
            &format!("flinkVersion: \"1.20\"\nimage: {{name: flink:1.20}}\n{spec}"),
            &[],
        );
        assert!(errors.starts_with(message), "{spec}: {errors}");
    }
}
