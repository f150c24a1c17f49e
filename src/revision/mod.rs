//! The operator's revision hash: which bytes of a `FlinkCluster` it hashes, how, and the
//! `ControllerRevision` name that results.
//!
//! The operator labels every object it creates with `<cluster>-<hash>`, where the hash covers a
//! "data patch" of the cluster's spec (see [`data_patch`]). Reproducing it offline means
//! reproducing Go's JSON encoding exactly: the typed encoding of the spec (`encode.rs`, with the
//! embedded Kubernetes objects re-encoded by `go_fill.rs` from the field table in
//! `go_fields.rs`), then `json.Marshal` of the decoded generic value (`gojson.rs`). The hash is
//! 32-bit FNV-1 ([`hash`]), and the name is built by [`controller_revision_name`].

mod encode;
mod go_fields;
mod go_fill;
mod gojson;

use serde_json::{Map, Value};

use crate::spec::FlinkClusterSpec;

/// Longest cluster-name prefix of a `ControllerRevision` name; a longer one is cut so that the
/// name stays within 253 bytes.
const MAX_PREFIX_LEN: usize = 223;

/// Characters a decimal hash is mapped onto (no vowels, so no words).
const SAFE_ALPHABET: &[u8; 27] = b"bcdfghjklmnpqrstvwxz2456789";

/// The bytes the operator stores as the revision's `data` and hashes.
///
/// This is `{"spec": <spec>}` in Go's `json.Marshal` form, where `<spec>` is the Go encoding of
/// the spec with the job's `cleanupPolicy`, `restartPolicy`, `cancelRequested`,
/// `savepointGeneration` and `savepointFormatType` cleared (so changing them never triggers an
/// update), plus `"$patch": "replace"` and, for job clusters, `job.restartPolicy: null`.
///
/// The spec must be the one the operator sees: after CRD and webhook defaulting. Quantities are
/// taken as already canonical (Go would rewrite `2048Mi` as `2Gi`).
pub fn data_patch(spec: &FlinkClusterSpec) -> Vec<u8> {
    gojson::marshal(&patch(spec))
}

/// The data patch ([`data_patch`]) and what its bytes decode to: the revision's `data` as the
/// API server holds it. The value is the encoded patch itself with every number as the bytes
/// write it (through `float64`), so nothing is decoded again.
pub fn data_patch_decoded(spec: &FlinkClusterSpec) -> (Vec<u8>, Value) {
    let mut patch = patch(spec);
    let bytes = gojson::marshal(&patch);
    as_written(&mut patch);
    (bytes, patch)
}

fn patch(spec: &FlinkClusterSpec) -> Value {
    let mut encoded = encode::spec(spec);
    encoded.insert("$patch".to_owned(), Value::from("replace"));
    if let Some(Value::Object(job)) = encoded.get_mut("job") {
        job.insert("restartPolicy".to_owned(), Value::Null);
    }
    let mut root = Map::new();
    root.insert("spec".to_owned(), Value::Object(encoded));
    Value::Object(root)
}

/// Every number of `value` as decoding Go's encoding of it gives it back: the text Go writes
/// (via `float64`), read as an unsigned or signed integer when it is one, else as a float.
fn as_written(value: &mut Value) {
    match value {
        Value::Number(number) => {
            let text = gojson::format_float(number.as_f64().unwrap_or(0.0));
            let read = text
                .parse::<u64>()
                .map(serde_json::Number::from)
                .or_else(|_| text.parse::<i64>().map(serde_json::Number::from))
                .ok()
                .or_else(|| {
                    text.parse::<f64>()
                        .ok()
                        .and_then(serde_json::Number::from_f64)
                });
            if let Some(read) = read {
                *number = read;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(as_written),
        Value::Object(map) => map.values_mut().for_each(as_written),
        Value::Null | Value::Bool(_) | Value::String(_) => {}
    }
}

/// `json.Marshal` of a cluster's `spec.job` as the operator's webhook quotes it in messages:
/// `null` for a session cluster, else the job with every field set, the fields the revision
/// ignores included, in the Go struct's field order (maps with sorted keys).
pub fn job_json(job: Option<&crate::spec::JobSpec>) -> Vec<u8> {
    match job {
        None => b"null".to_vec(),
        Some(job) => gojson::marshal_typed(
            &encode::job_with_runtime_fields(job),
            go_fill::Go::Fields(encode::JOB_SPEC),
        ),
    }
}

/// The encoded revision hash of a data patch, for example `7bc87c954f`.
///
/// 32-bit FNV-1 over `patch` followed by the decimal `collision_count` (always written, `0`
/// when the cluster has had no collision), whose decimal value is then mapped character by
/// character onto a vowel-free alphabet.
pub fn hash(patch: &[u8], collision_count: i32) -> String {
    let mut h = Fnv1::default();
    h.write(patch);
    h.write(collision_count.to_string().as_bytes());
    h.sum()
        .to_string()
        .bytes()
        .map(|b| char::from(SAFE_ALPHABET[usize::from(b) % SAFE_ALPHABET.len()]))
        .collect()
}

/// The name of the `ControllerRevision` (also the value of the revision label):
/// `<cluster_name>-<hash>`, with the cluster name cut to its first 223 bytes.
pub fn controller_revision_name(cluster_name: &str, hash: &str) -> String {
    let mut end = cluster_name.len().min(MAX_PREFIX_LEN);
    // Cluster names are DNS labels (ASCII); should one not be, cut at a character boundary.
    while !cluster_name.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}-{hash}", &cluster_name[..end])
}

/// 32-bit FNV-1 (multiply, then xor; not FNV-1a).
struct Fnv1(u32);

impl Default for Fnv1 {
    fn default() -> Self {
        Fnv1(2_166_136_261)
    }
}

impl Fnv1 {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.wrapping_mul(16_777_619) ^ u32::from(b);
        }
    }

    fn sum(&self) -> u32 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use k8s_openapi::api::autoscaling::v2::{MetricSpec, MetricTarget, ResourceMetricSource};
    use k8s_openapi::api::core::v1::{
        ConfigMapVolumeSource, Container, ContainerPort, EmptyDirVolumeSource, EnvVar,
        EnvVarSource, HTTPGetAction, KeyToPath, PersistentVolumeClaim, PersistentVolumeClaimSpec,
        Probe, ResourceFieldSelector, TCPSocketAction, Toleration, Volume, VolumeMount,
        VolumeResourceRequirements,
    };
    use k8s_openapi::api::policy::v1::PodDisruptionBudgetSpec;
    use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

    use super::*;
    use crate::spec::{
        AccessScope, CleanupAction, CleanupPolicy, HorizontalPodAutoscalerSpec, ImageSpec,
        JobManagerPorts, JobManagerSpec, JobRestartPolicy, JobSpec, PullPolicy,
        SavepointFormatType, TaskManagerPorts, TaskManagerSpec,
    };

    /// The spec of the operator's `TestNewRevision`, built directly (not defaulted).
    fn test_new_revision_spec() -> FlinkClusterSpec {
        FlinkClusterSpec {
            image: ImageSpec {
                name: "flink:1.8.1".into(),
                pull_policy: Some(PullPolicy::Always),
                ..Default::default()
            },
            job_manager: Some(JobManagerSpec {
                replicas: Some(1),
                access_scope: Some(AccessScope::Vpc),
                ports: Some(JobManagerPorts {
                    rpc: Some(8001),
                    blob: Some(8002),
                    query: Some(8003),
                    ui: Some(8004),
                }),
                memory_off_heap_ratio: Some(25),
                memory_off_heap_min: Some(Quantity("600M".into())),
                ..Default::default()
            }),
            task_manager: Some(TaskManagerSpec {
                replicas: Some(3),
                ports: Some(TaskManagerPorts {
                    rpc: Some(8001),
                    data: Some(8005),
                    query: Some(8003),
                }),
                memory_off_heap_ratio: Some(25),
                memory_off_heap_min: Some(Quantity("600M".into())),
                ..Default::default()
            }),
            job: Some(JobSpec {
                jar_file: Some("gs://my-bucket/myjob.jar".into()),
                parallelism: Some(2),
                savepoints_dir: Some("/savepoint_dir".into()),
                restart_policy: Some(JobRestartPolicy::Never),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    const TEST_NEW_REVISION_PATCH: &str = concat!(
        r#"{"spec":{"$patch":"replace","flinkVersion":"","#,
        r#""image":{"name":"flink:1.8.1","pullPolicy":"Always"},"#,
        r#""job":{"jarFile":"gs://my-bucket/myjob.jar","parallelism":2,"resources":{},"#,
        r#""restartPolicy":null,"savepointsDir":"/savepoint_dir"},"#,
        r#""jobManager":{"accessScope":"VPC","memoryOffHeapMin":"600M","memoryOffHeapRatio":25,"#,
        r#""ports":{"blob":8002,"query":8003,"rpc":8001,"ui":8004},"replicas":1,"resources":{}},"#,
        r#""taskManager":{"memoryOffHeapMin":"600M","memoryOffHeapRatio":25,"#,
        r#""ports":{"data":8005,"query":8003,"rpc":8001},"replicas":3,"resources":{}}}}"#,
    );

    fn patch_str(spec: &FlinkClusterSpec) -> String {
        String::from_utf8_lossy(&data_patch(spec)).into_owned()
    }

    #[test]
    fn the_decoded_patch_is_what_its_bytes_decode_to() {
        let mut odd = test_new_revision_spec();
        if let Some(job_manager) = odd.job_manager.as_mut() {
            job_manager.security_context = Some(
                serde_json::from_value(serde_json::json!({
                    "runAsUser": 1_152_921_504_606_846_977_i64,
                    "runAsGroup": -3,
                    "fsGroup": 9_007_199_254_740_993_i64
                }))
                .expect("a security context"),
            );
        }
        for spec in [test_new_revision_spec(), odd] {
            let (bytes, decoded) = data_patch_decoded(&spec);
            assert_eq!(bytes, data_patch(&spec));
            let read: Value = serde_json::from_slice(&bytes).expect("json");
            assert_eq!(decoded, read);
            // Past 2^53 an integer goes through float64 (Go's decoder): the value says so too.
            let big = String::from_utf8_lossy(&bytes).contains("\"runAsUser\":1152921504606847000");
            assert_eq!(
                big,
                spec.job_manager.and_then(|j| j.security_context).is_some()
            );
        }
    }

    #[test]
    fn test_new_revision_patch_bytes() {
        assert_eq!(
            patch_str(&test_new_revision_spec()),
            TEST_NEW_REVISION_PATCH
        );
    }

    #[test]
    fn test_new_revision_hash_and_name() {
        let patch = data_patch(&test_new_revision_spec());
        let mut h = Fnv1::default();
        h.write(&patch);
        h.write(b"0");
        assert_eq!(h.sum(), 3_674_375_109);
        let hash = hash(&patch, 0);
        assert_eq!(hash, "7bc87c954f");
        assert_eq!(
            controller_revision_name("mycluster", &hash),
            "mycluster-7bc87c954f"
        );
    }

    #[test]
    fn collision_count_changes_hash() {
        let patch = data_patch(&test_new_revision_spec());
        assert_ne!(hash(&patch, 1), hash(&patch, 0));
        // Every character comes from the safe alphabet.
        assert!(hash(&patch, -3).bytes().all(|b| SAFE_ALPHABET.contains(&b)));
    }

    #[test]
    fn ignored_job_fields_do_not_change_the_patch() {
        let base = data_patch(&test_new_revision_spec());
        for format in [
            None,
            Some(SavepointFormatType::Canonical),
            Some(SavepointFormatType::Native),
        ] {
            let mut spec = test_new_revision_spec();
            if let Some(job) = spec.job.as_mut() {
                job.savepoint_format_type = format;
            }
            assert_eq!(data_patch(&spec), base, "savepointFormatType {format:?}");
        }
        let mut spec = test_new_revision_spec();
        if let Some(job) = spec.job.as_mut() {
            job.restart_policy = Some(JobRestartPolicy::FromSavepointOnFailure);
            job.cleanup_policy = Some(CleanupPolicy {
                after_job_succeeds: Some(CleanupAction::KeepCluster),
                ..Default::default()
            });
            job.cancel_requested = Some(true);
            job.savepoint_generation = Some(7);
        }
        assert_eq!(data_patch(&spec), base);
    }

    #[test]
    fn session_cluster_has_no_job_restart_policy() {
        let mut spec = test_new_revision_spec();
        spec.job = None;
        assert!(!patch_str(&spec).contains("restartPolicy"));
    }

    #[test]
    fn revision_name_prefix_is_cut_at_223_bytes() {
        let long = "a".repeat(300);
        let name = controller_revision_name(&long, "bcd");
        assert_eq!(name.len(), 223 + 4);
        assert!(name.ends_with("a-bcd"));
        assert_eq!(controller_revision_name("x", "y"), "x-y");
    }

    #[test]
    fn go_string_escaping() {
        let mut out = String::new();
        gojson::write_string(
            &mut out,
            "<a href=\"x\">&amp;</a>\u{2028}\u{2029}\n\t\r\\\u{0}\u{1}\u{1f}\u{8}\u{c}\u{7f}é中",
        );
        assert_eq!(
            out,
            concat!(
                r#""\u003ca href=\"x\"\u003e\u0026amp;\u003c/a\u003e\u2028\u2029"#,
                r#"\n\t\r\\\u0000\u0001\u001f\b\f"#,
                "\u{7f}é中\""
            )
        );
    }

    #[test]
    fn go_float_formatting() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (2.0, "2"),
            (-17.0, "-17"),
            (0.5, "0.5"),
            (3_674_375_109.0, "3674375109"),
            (1_152_921_504_606_846_976.0, "1152921504606847000"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.5e300, "1.5e+300"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (-2.5e-10, "-2.5e-10"),
            (1e-100, "1e-100"),
        ];
        for (f, want) in cases {
            assert_eq!(gojson::format_float(*f), *want, "{f}");
        }
        // Integers beyond 2^53 go through float64 on the operator's side.
        let big = Value::from(9_007_199_254_740_993_i64);
        assert_eq!(gojson::marshal(&big), b"9007199254740992");
    }

    #[test]
    fn object_keys_are_sorted_bytewise() {
        let value = serde_json::json!({"b": 1, "B": [true, null], "$x": {}, "a": "é"});
        assert_eq!(
            String::from_utf8_lossy(&gojson::marshal(&value)),
            r#"{"$x":{},"B":[true,null],"a":"é","b":1}"#
        );
    }

    /// A JobManager with a sidecar, two volumes, two claim templates, tolerations and probes,
    /// plus a disruption budget and an autoscaler.
    fn embedded_objects_spec() -> FlinkClusterSpec {
        let sidecar = Container {
            name: "sidecar".into(),
            image: Some("busybox".into()),
            args: Some(vec!["sleep".into(), "infinity".into()]),
            ports: Some(vec![ContainerPort {
                container_port: 9000,
                ..Default::default()
            }]),
            env: Some(vec![EnvVar {
                name: "CPU".into(),
                value_from: Some(EnvVarSource {
                    resource_field_ref: Some(ResourceFieldSelector {
                        resource: "limits.cpu".into(),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            }]),
            volume_mounts: Some(vec![VolumeMount {
                name: "cache".into(),
                mount_path: "/cache".into(),
                // Kubernetes 1.37 only: unknown to k8s.io/api v0.36.2.
                bind_mount_options: Some(vec!["x".into()]),
                ..Default::default()
            }]),
            // Empty with `omitempty`: dropped.
            command: Some(vec![]),
            working_dir: Some(String::new()),
            ..Default::default()
        };
        let volumes = vec![
            Volume {
                name: "cache".into(),
                empty_dir: Some(EmptyDirVolumeSource::default()),
                ..Default::default()
            },
            Volume {
                name: "conf".into(),
                config_map: Some(ConfigMapVolumeSource {
                    name: "my-conf".into(),
                    items: Some(vec![KeyToPath {
                        key: "a".into(),
                        path: "b".into(),
                        ..Default::default()
                    }]),
                    ..Default::default()
                }),
                ..Default::default()
            },
        ];
        let claims = vec![
            PersistentVolumeClaim {
                metadata: ObjectMeta {
                    name: Some("data".into()),
                    ..Default::default()
                },
                spec: Some(PersistentVolumeClaimSpec {
                    access_modes: Some(vec!["ReadWriteOnce".into()]),
                    resources: Some(VolumeResourceRequirements {
                        requests: Some([("storage".to_owned(), Quantity("10Gi".into()))].into()),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            },
            PersistentVolumeClaim::default(),
        ];
        let tolerations = vec![
            Toleration {
                key: Some("dedicated".into()),
                operator: Some("Equal".into()),
                value: Some("flink".into()),
                effect: Some("NoSchedule".into()),
                ..Default::default()
            },
            Toleration {
                operator: Some("Exists".into()),
                ..Default::default()
            },
        ];
        FlinkClusterSpec {
            flink_version: "1.18".into(),
            image: ImageSpec {
                name: "flink:1.18".into(),
                ..Default::default()
            },
            pod_disruption_budget: Some(PodDisruptionBudgetSpec {
                min_available: Some(IntOrString::Int(1)),
                ..Default::default()
            }),
            job_manager: Some(JobManagerSpec {
                sidecars: Some(vec![sidecar]),
                volumes: Some(volumes),
                volume_claim_templates: Some(claims),
                tolerations: Some(tolerations),
                liveness_probe: Some(Probe {
                    http_get: Some(HTTPGetAction {
                        path: Some("/overview".into()),
                        port: IntOrString::Int(8081),
                        ..Default::default()
                    }),
                    // Zero with `omitempty`: dropped.
                    initial_delay_seconds: Some(0),
                    period_seconds: Some(10),
                    ..Default::default()
                }),
                readiness_probe: Some(Probe {
                    tcp_socket: Some(TCPSocketAction {
                        port: IntOrString::String("rpc".into()),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            task_manager: Some(TaskManagerSpec {
                horizontal_pod_autoscaler: Some(HorizontalPodAutoscalerSpec {
                    max_replicas: 5,
                    metrics: Some(vec![MetricSpec {
                        type_: "Resource".into(),
                        resource: Some(ResourceMetricSource {
                            name: "cpu".into(),
                            target: MetricTarget {
                                type_: "Utilization".into(),
                                average_utilization: Some(80),
                                ..Default::default()
                            },
                        }),
                        ..Default::default()
                    }]),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    /// The expected bytes were derived by hand from the `json` tags of k8s.io/api v0.36.2 and
    /// flinkcluster_types.go. Fields that appear although nobody set them:
    ///
    /// - `jobManager.memoryOffHeapMin: "0"` and `taskManager.memoryOffHeapMin: "0"`: a
    ///   non-pointer `resource.Quantity`, zero marshals as `"0"`;
    /// - `ports: {}` and `resources: {}` of both components: non-pointer structs, which
    ///   `omitempty` never drops (their own fields are all `omitempty`);
    /// - Container `resources: {}`: `Container.Resources` is a non-pointer struct;
    /// - `resourceFieldRef.divisor: "0"`: `ResourceFieldSelector.Divisor` is a non-pointer
    ///   `Quantity`;
    /// - claim templates: `metadata` is a non-pointer `ObjectMeta` (its `creationTimestamp` is
    ///   `omitempty,omitzero` in apimachinery v0.36.2, so a zero time is left out and an empty
    ///   `metadata` is `{}`), `spec` a non-pointer `PersistentVolumeClaimSpec` whose non-pointer
    ///   `resources` gives `{"resources":{}}`, `status` a non-pointer status struct (`{}`);
    ///   k8s-openapi's `apiVersion`/`kind` are not carried over;
    /// - `emptyDir: {}`: a set pointer to a struct whose fields are all `omitempty`;
    /// - the HPA `maxReplicas` has no `omitempty`; `MetricSpec.type`, `MetricTarget.type`
    ///   and `ResourceMetricSource.name`/`target` have none either.
    ///
    /// Dropped although set: the sidecar's empty `command` and `workingDir` and the probe's
    /// zero `initialDelaySeconds` (`omitempty`), and `bindMountOptions` (not in v0.36.2).
    #[test]
    fn embedded_kubernetes_objects_follow_go_field_rules() {
        let expected = concat!(
            r#"{"spec":{"$patch":"replace","flinkVersion":"1.18","image":{"name":"flink:1.18"},"#,
            r#""jobManager":{"#,
            r#""livenessProbe":{"httpGet":{"path":"/overview","port":8081},"periodSeconds":10},"#,
            r#""memoryOffHeapMin":"0","ports":{},"#,
            r#""readinessProbe":{"tcpSocket":{"port":"rpc"}},"resources":{},"#,
            r#""sidecars":[{"args":["sleep","infinity"],"#,
            r#""env":[{"name":"CPU","valueFrom":{"resourceFieldRef":"#,
            r#"{"divisor":"0","resource":"limits.cpu"}}}],"#,
            r#""image":"busybox","name":"sidecar","ports":[{"containerPort":9000}],"#,
            r#""resources":{},"#,
            r#""volumeMounts":[{"mountPath":"/cache","name":"cache"}]}],"#,
            r#""tolerations":["#,
            r#"{"effect":"NoSchedule","key":"dedicated","operator":"Equal","value":"flink"},"#,
            r#"{"operator":"Exists"}],"#,
            r#""volumeClaimTemplates":["#,
            r#"{"metadata":{"name":"data"},"#,
            r#""spec":{"accessModes":["ReadWriteOnce"],"#,
            r#""resources":{"requests":{"storage":"10Gi"}}},"status":{}},"#,
            r#"{"metadata":{},"spec":{"resources":{}},"status":{}}],"#,
            r#""volumes":[{"emptyDir":{},"name":"cache"},"#,
            r#"{"configMap":{"items":[{"key":"a","path":"b"}],"name":"my-conf"},"name":"conf"}]},"#,
            r#""podDisruptionBudget":{"minAvailable":1},"#,
            r#""taskManager":{"horizontalPodAutoscaler":{"maxReplicas":5,"#,
            r#""metrics":[{"resource":{"name":"cpu","#,
            r#""target":{"averageUtilization":80,"type":"Utilization"}},"type":"Resource"}]},"#,
            r#""memoryOffHeapMin":"0","ports":{},"resources":{}}}}"#,
        );
        assert_eq!(patch_str(&embedded_objects_spec()), expected);
    }

    #[test]
    fn go_zero_values_for_fields_without_omitempty() {
        // `KeyToPath.key`/`path`, `HTTPGetAction.port` and `Volume.name` have no `omitempty`;
        // a `GRPCAction.service` (*string without omitempty) is `null` when unset.
        let probe = Probe {
            grpc: Some(k8s_openapi::api::core::v1::GRPCAction {
                port: 9090,
                ..Default::default()
            }),
            ..Default::default()
        };
        let encoded = go_fill::encode(&probe, go_fields::Ty::Probe);
        assert_eq!(
            encoded,
            serde_json::json!({"grpc": {"port": 9090, "service": null}})
        );
        let path = go_fill::encode(&KeyToPath::default(), go_fields::Ty::KeyToPath);
        assert_eq!(path, serde_json::json!({"key": "", "path": ""}));
    }
}
