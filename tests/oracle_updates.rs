//! Updates: what `flink-render diff` says the operator does with a change, against what the
//! operator's own code did with it (docs/fidelity.md). `fixtures/oracle/operator-updates` holds
//! OLD/NEW pairs (`corpus/`, and the pairs of `fixtures/diff/` for `golden-fixtures/`) and, for
//! each, the operator's webhook verdict and its update run until it settled
//! (fixtures/oracle/README.md).
//!
//! Five measures are compared for every pair, as `flink-render diff -o json --namespace default
//! OLD NEW` reports them: the refusal, the refusal's message (verbatim), the new revision (name
//! and number), every object's action, and the job's fate (how it is stopped, whether it is
//! submitted again, where it restarts from). The same pairs are diffed again with `--revision 4`
//! and `--from-savepoint`: the numbers move, nothing else changes, and the submitter the
//! operator creates restores from the right savepoint. A difference fails the test unless
//! [`DECLARED`] lists it under the id of its row in docs/deviations.md; every row of the diff's
//! section is in [`DECLARED`] or [`NOT_SHOWN`].
//!
//! `FLINK_RENDER_UPDATES_ORACLE=DIR` compares another oracle directory of the same layout.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use flink_render::diff::{Action, DiffOptions, diff_sources};
use flink_render::yaml::Limits;
use flink_render::{Object, Source};
use serde_json::Value;
use support::compare::{always, glob, kubernetes_ha, printed_errors, prints_verbatim};

/// The diff's section of docs/deviations.md.
const DIFF_SECTION: &str = "Diff: what an offline diff must assume";

/// A row of docs/deviations.md and how its difference shows in an update.
struct Declared {
    id: &'static str,
    /// A pair where it shows, which pins it (see tests/oracle.rs).
    example: &'static str,
    /// Only for pairs whose new cluster (the operator's stored object) passes.
    when: fn(&Value) -> bool,
    /// Objects flink-render renders that the operator does not have: (kind, name pattern).
    extra_objects: &'static [(&'static str, &'static str)],
    /// flink-render's errors where the operator accepts: (field path, message), patterns.
    refusals: &'static [(&'static str, &'static str)],
    /// The operator refuses with a message flink-render gives as a conditional rejection (a
    /// refusal that depends on the live status), up to the live status it quotes.
    conditional: &'static [&'static str],
}

const DECLARED: &[Declared] = &[
    Declared {
        id: "ha-settings",
        example: "job-jm-replicas-ha",
        when: kubernetes_ha,
        extra_objects: &[
            ("ServiceAccount", "*-flink"),
            ("Role", "*-ha"),
            ("RoleBinding", "*-ha"),
        ],
        refusals: &[],
        conditional: &[],
    },
    Declared {
        id: "standby-jobmanagers",
        example: "job-jm-replicas",
        when: always,
        extra_objects: &[],
        refusals: &[(
            "spec.jobManager.replicas",
            "High availability should be enabled when starting standby JobManagers.",
        )],
        conditional: &[],
    },
    Declared {
        id: "diff-savepoint-age",
        example: "fixtures/diff/in-place-without-savepoint",
        when: always,
        extra_objects: &[],
        refusals: &[],
        conditional: &[
            "cannot update spec: taking savepoint is skipped but no up-to-date savepoint, *",
        ],
    },
];

/// Rows of the diff's section whose difference cannot show in these pairs, and why.
const NOT_SHOWN: &[(&str, &str)] = &[
    (
        "diff-live-status",
        "the oracle's live status is the diff's default assumption: a running job, every requested savepoint taken, no control in progress",
    ),
    (
        "diff-all-problems",
        "every pair has at most one problem; the operator's first is among flink-render's",
    ),
    (
        "diff-session-job-message",
        "the job is quoted in Go's field order; only rare format characters would be quoted differently",
    ),
    (
        "diff-revision-history",
        "each pair starts from one revision, as two files do",
    ),
    (
        "diff-negative-history-limit",
        "no pair has a negative revisionHistoryLimit",
    ),
    (
        "diff-cancel-requested",
        "no stored object holds cancelRequested: true",
    ),
];

/// The oracle directory compared: `FLINK_RENDER_UPDATES_ORACLE`, else the committed one.
fn oracle_dir() -> PathBuf {
    support::oracle_dir(
        "FLINK_RENDER_UPDATES_ORACLE",
        "fixtures/oracle/operator-updates",
    )
}

/// One OLD/NEW pair and the operator's record of it.
struct Pair {
    name: String,
    golden: Value,
    old: PathBuf,
    new: PathBuf,
}

/// Every pair: `golden/<pair>.json` with `corpus/<pair>.{old,new}.yaml`, and
/// `golden-fixtures/<pair>.json` with this repository's `fixtures/diff/<pair>.{old,new}.yaml`.
fn pairs(dir: &Path) -> Vec<Pair> {
    let mut pairs = Vec::new();
    for (golden_dir, inputs, prefix) in [
        (dir.join("golden"), dir.join("corpus"), ""),
        (
            dir.join("golden-fixtures"),
            support::repo().join("fixtures/diff"),
            "fixtures/diff/",
        ),
    ] {
        let Ok(entries) = std::fs::read_dir(&golden_dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            let Some(stem) = file.strip_suffix(".json") else {
                continue;
            };
            let golden = serde_json::from_str(&support::read(&entry.path())).expect("JSON");
            pairs.push(Pair {
                name: format!("{prefix}{stem}"),
                golden,
                old: inputs.join(format!("{stem}.old.yaml")),
                new: inputs.join(format!("{stem}.new.yaml")),
            });
        }
    }
    pairs.sort_by(|a, b| a.name.cmp(&b.name));
    pairs
}

/// What `diff -o json` printed.
struct Run {
    report: Option<Value>,
    stderr: String,
}

fn run(pair: &Pair, extra: &[&str]) -> Run {
    let (old, new) = (pair.old.to_string_lossy(), pair.new.to_string_lossy());
    let mut args = vec!["diff", "-o", "json", "--namespace", "default"];
    args.extend_from_slice(extra);
    args.extend([old.as_ref(), new.as_ref()]);
    let output = support::cli(&args, "");
    let stderr = support::text(&output.stderr);
    let report = match output.status.code() {
        Some(0 | 1) => Some(serde_json::from_slice(&output.stdout).expect("a JSON report")),
        _ => {
            assert!(
                output.stdout.is_empty(),
                "{}: output on a refusal",
                pair.name
            );
            None
        }
    };
    Run { report, stderr }
}

fn applicable(pair: &Pair) -> impl Iterator<Item = &'static Declared> + '_ {
    DECLARED
        .iter()
        .filter(|d| (d.when)(&pair.golden["storedNew"]) || (d.when)(&pair.golden["storedOld"]))
}

/// The job's fate: how it is stopped, whether it is submitted again, where it restarts from.
#[derive(Debug, PartialEq, Eq)]
struct JobFate {
    stop: &'static str,
    resubmit: bool,
    restore: String,
}

/// The job's fate in the operator's run: from its calls to Flink, the submitter operations and
/// the savepoint the new submitter got.
fn operator_job(golden: &Value) -> Option<JobFate> {
    let job = golden.get("job").filter(|j| !j.is_null())?;
    let calls: Vec<&str> = job["flinkCalls"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let stop = if calls
        .iter()
        .any(|c| *c == "triggerSavepoint(cancel-job)" || c.starts_with("stopWithSavepoint"))
    {
        "savepoint"
    } else if calls
        .iter()
        .any(|c| c.starts_with("cancel") || c.starts_with("stopJob"))
    {
        "cancel"
    } else {
        "none"
    };
    let resubmit = job["submitterOps"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .any(|op| op.starts_with("create "));
    let source = job["submitterFromSavepoint"].as_str().unwrap_or_default();
    let taken_now = job["savepoint"]["triggerReason"].as_str() == Some("update")
        && job["finalJob"]["savepointLocation"].as_str() == Some(source);
    let spec_path = golden["storedNew"]["spec"]["job"]["fromSavepoint"]
        .as_str()
        .unwrap_or_default();
    let restore = match () {
        _ if !resubmit || source.is_empty() => "none".to_owned(),
        _ if source == spec_path => format!("fromSavepoint {source}"),
        _ if taken_now => "savepointTakenOnStop".to_owned(),
        _ => "latestSavepoint".to_owned(),
    };
    Some(JobFate {
        stop,
        resubmit,
        restore,
    })
}

/// The job's fate as the diff reports it.
fn reported_job(cluster: &Value) -> Option<JobFate> {
    let job = cluster.get("job").filter(|j| !j.is_null())?;
    let stop = match job["stop"]["kind"].as_str() {
        Some("savepoint") => "savepoint",
        Some("cancel") => "cancel",
        // `withJobManager`: no call to Flink stops it.
        _ => "none",
    };
    let restore = match job["restore"]["kind"].as_str() {
        Some("fromSavepoint") => format!(
            "fromSavepoint {}",
            job["restore"]["path"].as_str().unwrap_or_default()
        ),
        Some(kind) => kind.to_owned(),
        None => "none".to_owned(),
    };
    Some(JobFate {
        stop,
        resubmit: job["resubmit"].as_bool() == Some(true),
        restore,
    })
}

/// Every object's action as the diff reports it; replaced ControllerRevisions from the history.
fn reported_actions(cluster: &Value) -> BTreeMap<(String, String), (String, String)> {
    let mut actions = BTreeMap::new();
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    for object in cluster["objects"].as_array().into_iter().flatten() {
        actions.insert(
            (text(&object["kind"]), text(&object["name"])),
            (text(&object["action"]), text(&object["change"])),
        );
    }
    for (list, action) in [("kept", "keep"), ("deleted", "delete")] {
        for revision in cluster["revision"][list].as_array().into_iter().flatten() {
            actions
                .entry(("ControllerRevision".to_owned(), text(&revision["name"])))
                .or_insert((action.to_owned(), String::new()));
        }
    }
    actions
}

#[derive(Default)]
struct Tally {
    agree: usize,
    total: usize,
}

impl Tally {
    fn count(&mut self, agrees: bool) {
        self.total += 1;
        self.agree += usize::from(agrees);
    }
}

#[derive(Default)]
struct Figures {
    refusal: Tally,
    message: Tally,
    revision: Tally,
    objects: Tally,
    job: Tally,
    by_id: BTreeMap<&'static str, BTreeSet<String>>,
    failures: Vec<String>,
}

impl Figures {
    fn fail(&mut self, pair: &Pair, what: String) {
        self.failures.push(format!("{}: {what}", pair.name));
    }

    fn declared(&mut self, id: &'static str, pair: &Pair) {
        self.by_id.entry(id).or_default().insert(pair.name.clone());
    }
}

/// Compares one run of a pair with the operator's record. `revision_offset` is added to the
/// operator's revision numbers (the run's `--revision` minus 1).
fn compare(pair: &Pair, run: &Run, revision_offset: u32, figures: &mut Figures) {
    let golden = &pair.golden;
    let accepted = golden["accepted"].as_bool() == Some(true);
    match (&run.report, accepted) {
        (None, false) => {
            figures.refusal.count(true);
            let message = golden["error"].as_str().unwrap_or_default();
            let verbatim = prints_verbatim(&run.stderr, message);
            figures.message.count(verbatim);
            if !verbatim {
                figures.fail(
                    pair,
                    format!(
                        "the webhook's message is not printed verbatim:\n  operator: {message}\n  flink-render:\n{}",
                        run.stderr
                    ),
                );
            }
        }
        (None, true) => {
            figures.refusal.count(false);
            for (path, message) in printed_errors(&run.stderr) {
                let declared = applicable(pair).find(|d| {
                    d.refusals
                        .iter()
                        .any(|(p, m)| glob(p, &path) && glob(m, &message))
                });
                match declared {
                    Some(d) => figures.declared(d.id, pair),
                    None => figures.fail(
                        pair,
                        format!("flink-render refuses where the operator accepts, not declared: {path}: {message}"),
                    ),
                }
            }
        }
        (Some(report), false) => {
            figures.refusal.count(false);
            let message = golden["error"].as_str().unwrap_or_default();
            // Up to the live job status the message quotes, which a file does not have.
            let prefix = message.split("job status: ").next().unwrap_or(message);
            let reported = report["clusters"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|c| c["conditionalRejections"].as_array().into_iter().flatten())
                .any(|r| r["message"].as_str().is_some_and(|m| m.contains(prefix)));
            let quoted = |d: &Declared| reported && d.conditional.iter().any(|p| glob(p, message));
            match applicable(pair).find(|d| quoted(d)) {
                Some(d) => figures.declared(d.id, pair),
                None => figures.fail(
                    pair,
                    format!("the operator refuses ({message}), flink-render accepts"),
                ),
            }
        }
        (Some(report), true) => {
            figures.refusal.count(true);
            compare_accepted(pair, report, revision_offset, figures);
        }
    }
}

fn compare_accepted(pair: &Pair, report: &Value, revision_offset: u32, figures: &mut Figures) {
    let golden = &pair.golden;
    let name = golden["storedNew"]["metadata"]["name"]
        .as_str()
        .unwrap_or_default();
    let Some(cluster) = report["clusters"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["name"].as_str() == Some(name))
    else {
        figures.fail(pair, format!("no cluster {name} in the report"));
        return;
    };

    // The new revision: name and number.
    let next = golden["newRevision"]["nextRevision"]
        .as_str()
        .unwrap_or_default();
    let expected = next.rsplit_once('-').and_then(|(name, number)| {
        Some(format!(
            "{name}-{}",
            number.parse::<u32>().ok()? + revision_offset
        ))
    });
    let reported = cluster["revision"]["new"]["statusName"].as_str();
    let same = expected.as_deref() == reported;
    figures.revision.count(same);
    if !same {
        figures.fail(
            pair,
            format!("new revision: operator {expected:?}, flink-render {reported:?}"),
        );
    }

    // Every object's action.
    let mut ours = reported_actions(cluster);
    let mut wrong = Vec::new();
    for object in golden["objects"].as_array().into_iter().flatten() {
        let key = (
            object["kind"].as_str().unwrap_or_default().to_owned(),
            object["name"].as_str().unwrap_or_default().to_owned(),
        );
        let theirs = object["action"].as_str().unwrap_or_default();
        match ours.remove(&key) {
            Some((action, _)) if action == theirs => {}
            found => wrong.push(format!(
                "{} {}: operator {theirs}, flink-render {}",
                key.0,
                key.1,
                found.map_or("(not listed)".to_owned(), |(a, _)| a)
            )),
        }
    }
    for ((kind, name), (action, change)) in ours {
        // An object only flink-render renders: one the update never creates, or a declared one.
        if action == "keep" && change == "added" {
            continue;
        }
        let declared = applicable(pair).find(|d| {
            d.extra_objects
                .iter()
                .any(|(k, n)| *k == kind && glob(n, &name))
        });
        match declared {
            Some(d) => figures.declared(d.id, pair),
            None => wrong.push(format!(
                "{kind} {name}: flink-render {action}, the operator has no such object"
            )),
        }
    }
    figures.objects.count(wrong.is_empty());
    if !wrong.is_empty() {
        figures.fail(pair, format!("object actions:\n  {}", wrong.join("\n  ")));
    }

    // The job's fate.
    if let Some(theirs) = operator_job(golden) {
        let ours = reported_job(cluster);
        let same = ours.as_ref() == Some(&theirs);
        figures.job.count(same);
        if !same {
            figures.fail(
                pair,
                format!("job: operator {theirs:?}, flink-render {ours:?}"),
            );
        }
    }
}

fn print(label: &str, figures: &Figures) {
    println!(
        "operator updates oracle, {label}: refusal {}/{}, message verbatim {}/{}, new revision {}/{}, every object's action {}/{}, job {}/{}",
        figures.refusal.agree,
        figures.refusal.total,
        figures.message.agree,
        figures.message.total,
        figures.revision.agree,
        figures.revision.total,
        figures.objects.agree,
        figures.objects.total,
        figures.job.agree,
        figures.job.total,
    );
    for (id, pairs) in &figures.by_id {
        println!("  {id}: {} pairs", pairs.len());
    }
}

#[test]
fn every_pair_is_diffed_as_the_operator_updates_it() {
    let mut figures = Figures::default();
    let pairs = pairs(&oracle_dir());
    for pair in &pairs {
        compare(pair, &run(pair, &[]), 0, &mut figures);
    }
    print("as rendered", &figures);
    assert!(figures.refusal.total >= 60, "every pair was compared");
    let declarations: Vec<(&str, &str)> = DECLARED.iter().map(|d| (d.id, d.example)).collect();
    figures.failures.extend(support::deviations::unpinned(
        &declarations,
        &figures.by_id,
        |name| pairs.iter().any(|p| p.name == name),
    ));
    support::deviations::assert_no_problems(&figures.failures);
}

/// A savepoint path only `--from-savepoint` gives: the latest savepoint in the job's status.
const STATUS_SAVEPOINT: &str = "s3://status/savepoint-from-the-job-status";

#[test]
fn revision_and_savepoint_options_move_the_numbers_and_nothing_else() {
    let mut figures = Figures::default();
    for pair in pairs(&oracle_dir()) {
        let session = pair.golden["storedNew"]["spec"]["job"].is_null()
            || pair.golden["storedOld"]["spec"]["job"].is_null();
        let mut args = vec!["--revision", "4"];
        if !session {
            args.extend(["--from-savepoint", STATUS_SAVEPOINT]);
        }
        compare(&pair, &run(&pair, &args), 3, &mut figures);
    }
    print("--revision 4 --from-savepoint", &figures);
    support::deviations::assert_no_problems(&figures.failures);
}

/// The submitter (or application-mode JobManager Job) the operator creates for the new spec:
/// `None` when the diff is refused (which the other tests check against the operator's verdict),
/// `Some(None)` when no submitter is created.
fn new_submitter_args(pair: &Pair, from_savepoint: &str) -> Option<Option<Vec<String>>> {
    let options = DiffOptions {
        render: flink_render::Options {
            namespace: Some("default".to_owned()),
            revision: Some(4),
            from_savepoint: Some(from_savepoint.to_owned()),
            ..flink_render::Options::default()
        },
        ..DiffOptions::default()
    };
    let (old, new) = (support::read(&pair.old), support::read(&pair.new));
    let diff = diff_sources(
        Source {
            origin: "old",
            text: &old,
        },
        Source {
            origin: "new",
            text: &new,
        },
        &options,
        Limits::default(),
    )
    .ok()?;
    let args = diff
        .clusters
        .iter()
        .flat_map(|c| &c.objects)
        .filter(|o| matches!(o.action, Action::Create | Action::Recreate))
        .find_map(|o| match &o.new {
            Some(Object::Job(job)) => job
                .spec
                .as_ref()
                .and_then(|s| s.template.spec.as_ref())
                .and_then(|s| s.containers.first())
                .and_then(|c| c.args.clone()),
            _ => None,
        });
    Some(args)
}

#[test]
fn the_resubmitted_job_restores_from_the_savepoint_the_operator_uses() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for pair in pairs(&oracle_dir()) {
        let Some(fate) = operator_job(&pair.golden).filter(|f| f.resubmit) else {
            continue;
        };
        if pair.golden["accepted"].as_bool() != Some(true) {
            continue;
        }
        // The operator's own path when the spec names one (an update with fromSavepoint), else
        // the latest savepoint of the status, which --from-savepoint stands for.
        let expected = match fate.restore.strip_prefix("fromSavepoint ") {
            Some(path) => path.to_owned(),
            None => STATUS_SAVEPOINT.to_owned(),
        };
        let Some(args) = new_submitter_args(&pair, STATUS_SAVEPOINT) else {
            continue;
        };
        let Some(args) = args else {
            failures.push(format!("{}: no submitter is created", pair.name));
            continue;
        };
        checked += 1;
        let given = args
            .iter()
            .position(|a| a == "--fromSavepoint")
            .and_then(|i| args.get(i + 1));
        if given != Some(&expected) {
            failures.push(format!(
                "{}: the new submitter restores from {given:?}, the operator's from {expected:?}",
                pair.name
            ));
        }
    }
    assert!(checked >= 10, "{checked} pairs resubmit a job");
    support::deviations::assert_no_problems(&failures);
}

#[test]
fn every_row_of_the_diff_section_is_declared_or_said_not_to_show() {
    let declared: Vec<&str> = DECLARED.iter().map(|d| d.id).collect();
    let not_shown: Vec<&str> = NOT_SHOWN.iter().map(|(id, _)| *id).collect();
    let problems = support::deviations::coverage_problems(
        "tests/oracle_updates.rs",
        &support::deviations::ids_in(Some(&[DIFF_SECTION]), &[]),
        &support::deviations::ids_in(None, &[]),
        &declared,
        &not_shown,
    );
    support::deviations::assert_no_problems(&problems);
}
