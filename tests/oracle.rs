//! Fidelity to the operator's own code (docs/fidelity.md): every FlinkCluster of
//! `fixtures/oracle/operator/corpus` is rendered as
//! `flink-render render -o json --namespace default --owner-uid <uid> --revision 1 FILE` and
//! compared, object by object and field by field, with what spotify/flink-on-k8s-operator's Go
//! code computed for it (`fixtures/oracle/operator/golden`, fixtures/oracle/README.md).
//!
//! A difference fails the test unless [`DECLARED`] lists it under the id of its row in
//! docs/deviations.md; every row of that file (outside the native target and the diff) is either
//! in [`DECLARED`] or in [`NOT_SHOWN`], and every entry names a row. Where the operator refuses a
//! cluster, flink-render must refuse it too, and print the operator's message verbatim where the
//! operator's webhook or reconciler gave one.
//!
//! `FLINK_RENDER_OPERATOR_ORACLE=DIR` compares another oracle directory of the same layout.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use support::compare::{
    Change, Difference, Rule, always, compare_objects, glob, kubernetes_ha, printed_errors,
    prints_verbatim, without_go_zero_values,
};

/// The uid the oracle's API server gave every cluster.
const UID: &str = "8c1f7a5e-0000-4000-8000-000000000001";

/// The sections of docs/deviations.md this test does not cover (the updates oracle covers the
/// diff's; no operator oracle covers the native target's).
const OTHER_SECTIONS: &[&str] = &["Diff: what an offline diff must assume"];

/// A row of docs/deviations.md and how its difference shows in the comparison.
struct Declared {
    /// The row's id.
    id: &'static str,
    /// A corpus case where it shows (`""`: none), which pins it: the test fails when the
    /// difference is gone there, so that the declaration goes with it.
    example: &'static str,
    /// Only for clusters whose stored FlinkCluster (the operator's, after its webhook) passes.
    when: fn(&Value) -> bool,
    /// Differences in the rendered objects.
    objects: &'static [Rule],
    /// flink-render's errors where the operator renders: (field path, message), both patterns.
    refusals: &'static [(&'static str, &'static str)],
}

const fn rule(kind: &'static str, name: &'static str, path: &'static str, change: Change) -> Rule {
    Rule {
        kind,
        name,
        path,
        change,
    }
}

/// The stored cluster's Flink version, when it names one at least `major.minor`.
fn version_at_least(stored: &Value, major: u64, minor: u64) -> bool {
    let text = stored["spec"]["flinkVersion"].as_str().unwrap_or_default();
    flink_render::version::SpecVersion::of(text)
        .known()
        .is_some_and(|v| v.at_least(major, minor))
}

/// Flink 1.11 or later, which reads log4j 2 syntax only.
fn log4j2(stored: &Value) -> bool {
    version_at_least(stored, 1, 11)
}

/// Flink 1.18 or later without JVM options of the user's.
fn java17_defaults(stored: &Value) -> bool {
    let properties = &stored["spec"]["flinkProperties"];
    version_at_least(stored, 1, 18)
        && properties["env.java.opts.all"].is_null()
        && properties["env.java.opts"].is_null()
}

/// Flink 2, which reads `config.yaml` as YAML 1.2.
fn config_yaml(stored: &Value) -> bool {
    version_at_least(stored, 2, 0)
}

/// Whether a JobManager or TaskManager probe of the stored cluster has a handler besides the
/// default TCP check.
fn probe_with_other_handler(stored: &Value) -> bool {
    ["jobManager", "taskManager"].iter().any(|component| {
        ["livenessProbe", "readinessProbe"].iter().any(|probe| {
            let probe = &stored["spec"][component][probe];
            ["httpGet", "exec", "grpc"]
                .iter()
                .any(|handler| !probe[handler].is_null())
        })
    })
}

/// Every difference flink-render makes on purpose, by row of docs/deviations.md.
const DECLARED: &[Declared] = &[
    Declared {
        id: "submit-script",
        example: "a-operator/samples--flinkoperator_v1beta1_flinkjobcluster",
        when: always,
        objects: &[rule(
            "ConfigMap",
            "*-configmap",
            "data.submit-job.sh",
            Change::Changed,
        )],
        refusals: &[],
    },
    Declared {
        id: "volume-claim-template-type",
        example: "c-generated/pod-vct-statefulset",
        when: always,
        objects: &[
            rule(
                "StatefulSet",
                "*",
                "spec.volumeClaimTemplates[*].apiVersion",
                Change::Added,
            ),
            rule(
                "StatefulSet",
                "*",
                "spec.volumeClaimTemplates[*].kind",
                Change::Added,
            ),
        ],
        refusals: &[],
    },
    Declared {
        id: "probe-handler",
        example: "c-generated/edge-probe-http",
        when: probe_with_other_handler,
        objects: &[
            rule(
                "*",
                "*",
                "spec.template.spec.containers[name=*].*Probe.tcpSocket",
                Change::Removed,
            ),
            // The revision is the hash of the spec as flink-render reads it, so the revision
            // name and every revision label follow (compared once, as the revision).
            rule(
                "ControllerRevision",
                "*",
                "data.spec.*Manager.*Probe.tcpSocket",
                Change::Removed,
            ),
        ],
        refusals: &[],
    },
    Declared {
        id: "ha-settings",
        example: "c-generated/ha-kubernetes-1-18",
        when: kubernetes_ha,
        objects: &[
            rule("ServiceAccount", "*-flink", "", Change::Added),
            rule("Role", "*-ha", "", Change::Added),
            rule("RoleBinding", "*-ha", "", Change::Added),
            rule(
                "*",
                "*",
                "spec.template.spec.serviceAccountName",
                Change::Added,
            ),
            rule(
                "StatefulSet",
                "*-jobmanager",
                "spec.template.spec.containers[name=jobmanager].args",
                Change::ItemsInserted(&["$(POD_IP)"]),
            ),
            rule(
                "Job",
                "*-jobmanager",
                "spec.template.spec.containers[name=jobmanager].args",
                Change::ItemsInserted(&["--host", "$(POD_IP)"]),
            ),
            rule(
                "*",
                "*-jobmanager",
                "spec.template.spec.containers[name=jobmanager].env[name=POD_IP]",
                Change::Added,
            ),
            // The mode written as the Flink version reads it, the cluster id and the port.
            rule(
                "ConfigMap",
                "*-configmap",
                "data.*[high-availability*]",
                Change::Any,
            ),
            rule(
                "ConfigMap",
                "*-configmap",
                "data.*[kubernetes.cluster-id]",
                Change::Added,
            ),
            rule(
                "ConfigMap",
                "*-configmap",
                "data.*[kubernetes.namespace]",
                Change::Added,
            ),
        ],
        refusals: &[],
    },
    Declared {
        id: "ha-storage-dir",
        example: "",
        when: kubernetes_ha,
        objects: &[],
        refusals: &[(
            "spec.flinkProperties*",
            "Configuration is missing the mandatory parameter: Key: 'high-availability.storageDir' *",
        )],
    },
    Declared {
        id: "ha-unworkable",
        example: "",
        when: kubernetes_ha,
        objects: &[],
        refusals: &[
            (
                "spec.flinkProperties[*]",
                "Kubernetes HA services exist from Flink 1.12; *",
            ),
            (
                "spec.flinkVersion",
                "Required value: Kubernetes HA names its ConfigMaps *",
            ),
            ("spec.flinkProperties[*]", "Invalid value: *: contradicts *"),
            (
                "spec.flinkProperties[kubernetes.namespace]",
                "Invalid value: *: Flink creates its HA ConfigMaps in this namespace, *",
            ),
            ("spec.flinkProperties[*]", "kubernetes.cluster-id must *"),
            (
                "spec.flinkProperties[*]",
                "Invalid value: *: Flink would name a ConfigMap *",
            ),
            (
                "spec.envVars[*].name",
                "Invalid value: \"POD_IP\": with Kubernetes HA *",
            ),
        ],
    },
    Declared {
        id: "standby-jobmanagers",
        example: "d-invalid/bad-jm-replicas",
        when: always,
        objects: &[],
        refusals: &[
            (
                "spec.jobManager.replicas",
                "High availability should be enabled when starting standby JobManagers.",
            ),
            (
                "spec.jobManager.replicas",
                "Invalid value: *: in application mode the JobManager runs as a Kubernetes Job *",
            ),
            (
                "spec.jobManager.replicas",
                "Invalid value: *: flink-render starts standby JobManagers only with Kubernetes HA *",
            ),
        ],
    },
    Declared {
        id: "statefulset-name-length",
        example: "d-invalid/k8s-name-45-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        when: always,
        objects: &[],
        refusals: &[(
            "metadata.name",
            "the StatefulSet * would have * characters; *",
        )],
    },
    Declared {
        id: "pod-labels-selectors",
        example: "c-generated/edge-podlabels-app-override",
        when: always,
        objects: &[],
        refusals: &[(
            "spec.*.podLabels[*]",
            "Invalid value: *: the * Service selects pods by *",
        )],
    },
    Declared {
        id: "hadoop-configmap-name",
        example: "d-invalid/k8s-hadoop-no-configmap",
        when: always,
        objects: &[],
        refusals: &[("spec.hadoopConfig.configMapName", "Required value: *")],
    },
    Declared {
        id: "flink-properties-line-break",
        example: "d-invalid/k8s-props-newline",
        when: always,
        objects: &[],
        refusals: &[("spec.flinkProperties[*]", "must be a single line: *")],
    },
    Declared {
        id: "flink-properties-key",
        example: "",
        when: always,
        objects: &[],
        refusals: &[(
            "spec.flinkProperties[*]",
            "Invalid key *: a Flink option key *",
        )],
    },
    Declared {
        id: "flink-properties-hash",
        example: "",
        when: always,
        objects: &[],
        refusals: &[(
            "spec.flinkProperties[*]",
            "Invalid value *: flink-conf.yaml cannot carry a '#' in a value*",
        )],
    },
    Declared {
        id: "log4j2-default",
        example: "a-operator/samples--flinkoperator_v1beta1_flinkjobcluster",
        when: log4j2,
        objects: &[
            rule(
                "ConfigMap",
                "*-configmap",
                "data.log4j-console.properties",
                Change::Changed,
            ),
            rule(
                "ConfigMap",
                "*-configmap",
                "data.log4j-cli.properties",
                Change::Changed,
            ),
        ],
        refusals: &[],
    },
    Declared {
        id: "java17-options",
        example: "b-flinkrender/examples--job-cluster",
        when: java17_defaults,
        objects: &[rule(
            "ConfigMap",
            "*-configmap",
            "data.*[env.java.opts.all]",
            Change::Added,
        )],
        refusals: &[],
    },
    Declared {
        id: "config-yaml-quoting",
        example: "b-flinkrender/fixtures--ha--ha-2.0-job",
        when: config_yaml,
        objects: &[rule(
            "ConfigMap",
            "*-configmap",
            "data.config.yaml[*]",
            Change::Requoted,
        )],
        refusals: &[],
    },
    Declared {
        id: "api-server-rules",
        example: "d-invalid/k8s-dup-volume-names",
        when: always,
        objects: &[],
        refusals: &[
            (
                "spec.*volumeMounts[*].name",
                "Not found: *: no volume of this name is declared in the pod",
            ),
            ("spec.*volumes[*].name", "Duplicate value: *"),
            (
                "spec.*",
                "Duplicate value: *: container names must be unique in a pod",
            ),
            ("spec.*[*].name", "Invalid value: *"),
            (
                "spec.*.name",
                "Invalid value: *: a lowercase RFC 1123 label *",
            ),
            (
                "spec.*.requests[*]",
                "Invalid value: *: must be less than or equal to * limit of *",
            ),
            (
                "spec.*",
                "Invalid value: *: quantities must match the regular expression *",
            ),
            (
                "spec.taskManager.horizontalPodAutoscaler.*",
                "Invalid value: *: must be *",
            ),
            (
                "spec.podDisruptionBudget",
                "minAvailable and maxUnavailable cannot be both set",
            ),
            ("spec.*Probe", "may not specify more than 1 handler type"),
            ("spec.jobManager.ingress.hostFormat", "Invalid value: *"),
            (
                "spec.logConfig[*]",
                "Invalid value: *: a valid config key *",
            ),
            ("metadata.*[*]", "Invalid value: *"),
            ("spec.jobManager.service*[*]", "Invalid value: *"),
            ("spec.jobManager.ingress.annotations[*]", "Invalid value: *"),
        ],
    },
    Declared {
        id: "crd-schema",
        example: "d-invalid/bad-no-image",
        when: always,
        objects: &[],
        refusals: &[
            ("spec.*", "Required value"),
            ("spec.*", "Unsupported value: *: supported values: *"),
            (
                "spec.*",
                "Invalid value: *: must be greater than or equal to *",
            ),
            (
                "spec.*",
                "Invalid value: *: must be less than or equal to *",
            ),
            (
                "spec.*",
                "Invalid value: *: must be at least * characters long",
            ),
        ],
    },
    Declared {
        id: "unknown-fields",
        example: "",
        when: always,
        objects: &[],
        refusals: &[("*", "unknown field *")],
    },
    Declared {
        id: "duplicate-keys",
        example: "f-yaml/yaml-dup-key",
        when: always,
        objects: &[],
        refusals: &[
            ("", "duplicate key `*` in a mapping *"),
            ("*", "duplicate key * in a mapping: *"),
        ],
    },
    Declared {
        id: "flink-memory-model",
        example: "c-generated/edge-tiny-memory",
        when: always,
        objects: &[],
        // Flink's own messages, with the configuration entries they are about.
        refusals: &[("spec.*", "* [flink-conf: *]")],
    },
];

/// Rows of docs/deviations.md whose difference cannot show in this comparison, and why.
const NOT_SHOWN: &[(&str, &str)] = &[
    (
        "yaml-typed-values",
        "no oracle cluster gives a typed option a value only YAML's typing reads (fixtures/flink-oracle/check2-2.0-34-hex-int pins it)",
    ),
    (
        "owner-uid",
        "the oracle renders with --owner-uid, the uid the API server gave",
    ),
    (
        "revision-number",
        "first creation: revision 1, which the oracle renders with",
    ),
    (
        "first-reconcile",
        "the objects are those of the second pass, as rendered",
    ),
    (
        "from-savepoint",
        "first creation: no job status, no savepoint",
    ),
    (
        "namespace",
        "the oracle renders with --namespace default, as the API server",
    ),
    (
        "crash-application-class",
        "the operator's controller panics (stage panic): both refuse",
    ),
    (
        "crash-gcp-service-account",
        "the operator's controller panics (stage panic): both refuse",
    ),
    ("ha-configmap", "neither renders the HA ConfigMap"),
    (
        "helm-postrender-filename",
        "only with Helm 4's post-renderer annotation",
    ),
    ("krm-orchestrator-annotations", "only on KRM function items"),
    (
        "krm-passthrough",
        "only for items that are not FlinkClusters",
    ),
    ("harden", "off by default"),
    ("pod-security", "off by default"),
    (
        "credential-warnings",
        "a warning; the output is the operator's",
    ),
    ("target-native", "the operator target is the one compared"),
    (
        "example-log-config",
        "a change to a fixture of this repository, not to the output",
    ),
    (
        "flink-conf-empty-or-spaced",
        "a warning; the output is the operator's",
    ),
    (
        "memory-reads-loader",
        "the operator checks no memory; flink-render's refusals show under flink-memory-model",
    ),
    (
        "flink-1-10-release",
        "the operator target's objects carry no metaspace default",
    ),
];

/// The oracle directory compared: `FLINK_RENDER_OPERATOR_ORACLE`, else the committed one.
fn oracle_dir() -> PathBuf {
    support::oracle_dir("FLINK_RENDER_OPERATOR_ORACLE", "fixtures/oracle/operator")
}

/// Every golden file under `dir/golden`, as `<set>/<name>` without `.json`, sorted.
fn cases(dir: &Path) -> Vec<String> {
    let mut cases = Vec::new();
    let golden = dir.join("golden");
    for set in std::fs::read_dir(&golden).expect("golden dir").flatten() {
        for file in std::fs::read_dir(set.path()).expect("set dir").flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".json") {
                cases.push(format!("{}/{stem}", set.file_name().to_string_lossy()));
            }
        }
    }
    cases.sort();
    cases
}

/// What flink-render did with one corpus file.
struct Run {
    objects: Option<Vec<Value>>,
    /// `(path, message)` of every error printed.
    errors: Vec<(String, String)>,
    stderr: String,
}

fn run(file: &Path) -> Run {
    let file = file.to_string_lossy();
    let output = support::cli(
        &[
            "render",
            "-o",
            "json",
            "--namespace",
            "default",
            "--owner-uid",
            UID,
            "--revision",
            "1",
            &file,
        ],
        "",
    );
    let stderr = support::text(&output.stderr);
    let errors = printed_errors(&stderr);
    let objects = output.status.success().then(|| {
        let list: Value = serde_json::from_slice(&output.stdout).expect("a JSON List");
        list["items"].as_array().cloned().unwrap_or_default()
    });
    assert!(
        output.status.success() || output.stdout.is_empty(),
        "{file}: output on a refusal"
    );
    Run {
        objects,
        errors,
        stderr,
    }
}

/// The figures of one comparison run.
#[derive(Default)]
struct Figures {
    files: usize,
    clusters_compared: usize,
    identical: usize,
    identical_but_script: usize,
    by_id: BTreeMap<&'static str, BTreeSet<String>>,
    both_refuse: usize,
    operator_messages: usize,
    verbatim: usize,
    refused_by_flink_render_only: usize,
    failures: Vec<String>,
}

fn identity(object: &Value) -> (String, String) {
    (
        object["kind"].as_str().unwrap_or_default().to_owned(),
        object["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

/// The declared entry (applying to this case) that explains `difference`.
fn declared_for(difference: &Difference, stored: &[Value]) -> Option<&'static str> {
    DECLARED
        .iter()
        .filter(|d| stored.iter().any(|s| (d.when)(s)))
        .find(|d| d.objects.iter().any(|r| r.matches(difference)))
        .map(|d| d.id)
}

fn declared_refusal(path: &str, message: &str, stored: &[Value]) -> Option<&'static str> {
    DECLARED
        .iter()
        .filter(|d| stored.iter().any(|s| (d.when)(s)))
        .find(|d| {
            d.refusals
                .iter()
                .any(|(p, m)| glob(p, path) && glob(m, message))
        })
        .map(|d| d.id)
}

fn compare_case(dir: &Path, case: &str, figures: &mut Figures) {
    let golden: Vec<Value> = serde_json::from_str(&support::read(
        &dir.join("golden").join(format!("{case}.json")),
    ))
    .expect("golden JSON");
    let run = run(&dir.join("corpus").join(format!("{case}.yaml")));
    figures.files += 1;
    let stored: Vec<Value> = golden.iter().map(|doc| doc["stored"].clone()).collect();
    let refusals: Vec<&Value> = golden
        .iter()
        .filter(|doc| doc.get("error").is_some())
        .collect();

    if !refusals.is_empty() {
        if run.objects.is_some() {
            for doc in &refusals {
                figures.failures.push(format!(
                    "{case}: the operator refuses (stage {}: {}), flink-render renders",
                    doc["stage"], doc["error"]
                ));
            }
            return;
        }
        figures.both_refuse += 1;
        for doc in refusals {
            let stage = doc["stage"].as_str().unwrap_or_default();
            let message = doc["error"].as_str().unwrap_or_default();
            // Webhook and reconciler messages are the operator's own; decode errors and panics
            // are Go's, where flink-render says what is wrong in its own words.
            if matches!(stage, "validate" | "reconcile") {
                figures.operator_messages += 1;
                if prints_verbatim(&run.stderr, message) {
                    figures.verbatim += 1;
                } else {
                    figures.failures.push(format!(
                        "{case}: the operator's message is not printed verbatim:\n  operator: {message}\n  flink-render:\n{}",
                        run.stderr
                    ));
                }
            }
        }
        return;
    }

    let Some(ours) = &run.objects else {
        figures.refused_by_flink_render_only += 1;
        for (path, message) in &run.errors {
            match declared_refusal(path, message, &stored) {
                Some(id) => {
                    figures.by_id.entry(id).or_default().insert(case.to_owned());
                }
                None => figures.failures.push(format!(
                    "{case}: flink-render refuses where the operator renders, not declared: {path}: {message}"
                )),
            }
        }
        return;
    };

    let theirs: Vec<Value> = golden
        .iter()
        .flat_map(|doc| doc["objects"].as_array().cloned().unwrap_or_default())
        .collect();
    figures.clusters_compared += golden.len();
    let differences = differences(ours, &theirs);
    let mut undeclared = Vec::new();
    let mut ids = BTreeSet::new();
    for difference in &differences {
        if difference.kind == "ControllerRevision" && difference.path == "metadata.name" {
            if !revision_explained(&differences, &stored) {
                undeclared.push(format!(
                    "{difference} (the revision names differ, and the revisions' data has no declared difference that explains it)"
                ));
            }
            continue;
        }
        match declared_for(difference, &stored) {
            Some(id) => {
                ids.insert(id);
            }
            None => undeclared.push(difference.to_string()),
        }
    }
    if differences.is_empty() {
        figures.identical += golden.len();
    }
    // The submit script is flink-render's own in every cluster; apart from it:
    if differences
        .iter()
        .all(|d| declared_for(d, &stored) == Some("submit-script"))
    {
        figures.identical_but_script += golden.len();
    }
    for id in ids {
        figures.by_id.entry(id).or_default().insert(case.to_owned());
    }
    if !undeclared.is_empty() {
        figures.failures.push(format!(
            "{case}: differences not declared:\n  {}",
            undeclared.join("\n  ")
        ));
    }
}

/// Every difference between flink-render's objects and the operator's. A revision name that
/// differs is one difference of its own (the ControllerRevision's data says why), after which
/// the operator's revision name, hash and the application job id made of them are read as
/// flink-render's.
fn differences(ours: &[Value], theirs: &[Value]) -> Vec<Difference> {
    let ours: BTreeMap<(String, String), Value> = ours
        .iter()
        .map(|o| (identity(o), without_go_zero_values(o)))
        .collect();
    let revision_of = |objects: &BTreeMap<(String, String), Value>| -> Option<(String, String)> {
        let (_, name) = objects
            .keys()
            .find(|(kind, _)| kind == "ControllerRevision")?;
        let hash = objects[&("ControllerRevision".to_owned(), name.clone())]["metadata"]["labels"]
            ["flinkoperator.k8s.io/hash"]
            .as_str()?
            .to_owned();
        Some((name.clone(), hash))
    };
    let mut theirs_text = serde_json::to_string(theirs).expect("serializes");
    let mut out = Vec::new();
    let theirs_map: BTreeMap<(String, String), Value> = theirs
        .iter()
        .map(|o| (identity(o), without_go_zero_values(o)))
        .collect();
    if let (Some((our_name, our_hash)), Some((their_name, their_hash))) =
        (revision_of(&ours), revision_of(&theirs_map))
        && our_name != their_name
    {
        out.push(Difference {
            kind: "ControllerRevision".to_owned(),
            name: their_name.clone(),
            path: "metadata.name".to_owned(),
            ours: Some(Value::from(our_name.as_str())),
            theirs: Some(Value::from(their_name.as_str())),
        });
        // An application-mode job id is the MD5 of the revision's status name.
        let number = ours[&("ControllerRevision".to_owned(), our_name.clone())]["revision"]
            .as_u64()
            .unwrap_or(1);
        let job_id = |name: &str| {
            use md5::{Digest, Md5};
            Md5::digest(format!("{name}-{number}").as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        theirs_text = theirs_text
            .replace(&format!("\"{their_name}\""), &format!("\"{our_name}\""))
            .replace(&format!("\"{their_hash}\""), &format!("\"{our_hash}\""))
            .replace(
                &format!("\"{}\"", job_id(&their_name)),
                &format!("\"{}\"", job_id(&our_name)),
            );
    }
    let theirs: Vec<Value> = serde_json::from_str(&theirs_text).expect("parses");
    let theirs: BTreeMap<(String, String), Value> = theirs
        .iter()
        .map(|o| (identity(o), without_go_zero_values(o)))
        .collect();
    let keys: BTreeSet<&(String, String)> = ours.keys().chain(theirs.keys()).collect();
    for key in keys {
        let (kind, name) = key;
        match (ours.get(key), theirs.get(key)) {
            (Some(a), Some(b)) => out.extend(compare_objects(kind, name, a, b)),
            (a, b) => out.push(Difference {
                kind: kind.clone(),
                name: name.clone(),
                path: String::new(),
                ours: a.cloned(),
                theirs: b.cloned(),
            }),
        }
    }
    out
}

/// A revision name that differs is declared when the revision's data differs, and every such
/// difference is declared: the name is the hash of the data.
fn revision_explained(differences: &[Difference], stored: &[Value]) -> bool {
    let data: Vec<&Difference> = differences
        .iter()
        .filter(|d| d.kind == "ControllerRevision" && d.path.starts_with("data."))
        .collect();
    !data.is_empty() && data.iter().all(|d| declared_for(d, stored).is_some())
}

#[test]
fn every_corpus_cluster_renders_as_the_operator_creates_it() {
    let dir = oracle_dir();
    let mut figures = Figures::default();
    for case in cases(&dir) {
        compare_case(&dir, &case, &mut figures);
    }
    println!(
        "operator oracle ({}): {} files; {} clusters compared, {} identical, {} identical apart from the submit script; both refuse {} files, operator messages verbatim {}/{}; refused by flink-render only {} files",
        dir.display(),
        figures.files,
        figures.clusters_compared,
        figures.identical,
        figures.identical_but_script,
        figures.both_refuse,
        figures.verbatim,
        figures.operator_messages,
        figures.refused_by_flink_render_only,
    );
    for (id, cases) in &figures.by_id {
        println!("  {id}: {} files", cases.len());
    }
    let compared: BTreeSet<String> = cases(&dir).into_iter().collect();
    let declarations: Vec<(&str, &str)> = DECLARED.iter().map(|d| (d.id, d.example)).collect();
    figures.failures.extend(support::deviations::unpinned(
        &declarations,
        &figures.by_id,
        |case| compared.contains(case),
    ));
    support::deviations::assert_no_problems(&figures.failures);
}

#[test]
fn every_row_of_the_deviations_is_declared_or_said_not_to_show() {
    let declared: Vec<&str> = DECLARED.iter().map(|d| d.id).collect();
    let not_shown: Vec<&str> = NOT_SHOWN.iter().map(|(id, _)| *id).collect();
    let problems = support::deviations::coverage_problems(
        "tests/oracle.rs",
        &support::deviations::ids_in(None, OTHER_SECTIONS),
        &support::deviations::ids_in(None, &[]),
        &declared,
        &not_shown,
    );
    support::deviations::assert_no_problems(&problems);
}

#[test]
fn requoted_values_read_the_same_without_their_quotes() {
    let value = |ours: &str, theirs: &str| Difference {
        kind: "ConfigMap".to_owned(),
        name: "c-configmap".to_owned(),
        path: "data.config.yaml[a]".to_owned(),
        ours: Some(Value::from(ours)),
        theirs: Some(Value::from(theirs)),
    };
    let requoted = rule("ConfigMap", "*", "data.config.yaml[*]", Change::Requoted);
    assert!(requoted.matches(&value("'1'", "1")));
    assert!(requoted.matches(&value("\"a\\\"b\"", "a\"b")));
    assert!(requoted.matches(&value("'it''s'", "it's")));
    assert!(!requoted.matches(&value("'2'", "1")));
}

#[test]
fn globs_match_runs_of_characters() {
    assert!(glob("*-ha", "demo-ha"));
    assert!(!glob("*-ha", "demo-hab"));
    assert!(glob(
        "data.*[kubernetes.*]",
        "data.flink-conf.yaml[kubernetes.namespace]"
    ));
    assert!(glob("exact", "exact"));
    assert!(!glob("exact", "exactly"));
    assert!(glob("a*b*c", "abc"));
    assert!(!glob("ab*ba", "aba"));
}

/// What renders passes strict schema validation. (It is not linted: the corpus holds inputs such
/// as a disruption budget whose selector matches no pod, which `lint` reports as it should.)
#[test]
fn every_corpus_render_passes_strict_schema_validation() {
    let dir = oracle_dir();
    let options = flink_render::Options {
        namespace: Some("default".to_owned()),
        owner_uid: Some(UID.to_owned()),
        revision: Some(1),
        ..flink_render::Options::default()
    };
    let mut outputs = Vec::new();
    for case in cases(&dir) {
        let path = dir.join("corpus").join(format!("{case}.yaml"));
        let text = support::read(&path);
        let source = flink_render::Source {
            origin: &case,
            text: &text,
        };
        // Refusals are compared with the operator's above.
        if let Ok(rendered) =
            flink_render::render_sources(&[source], &options, flink_render::yaml::Limits::default())
        {
            let yaml = flink_render::emit::yaml_stream(&rendered.objects).expect("serializes");
            outputs.push((case, yaml));
        }
    }
    assert!(outputs.len() >= 200, "{} renders", outputs.len());
    support::assert_strictly_valid(&outputs);
}
