//! Flink's memory verdicts, as Flink's own `BashJavaUtils` prints them
//! (`tests/java/flink-config/MemoryParams.java`) and as flink-render's model computes them, in one
//! comparable form.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use flink_render::flink_conf::{self, Format};
use flink_render::memory::{self, Analysis, Deployment, MemoryError};

/// What one process did with a configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Started: the lines it printed (JVM arguments, then dynamic properties where printed).
    Started(Vec<String>),
    /// Refused, with the message as flink-render prints Flink's exceptions.
    Refused(String),
    /// This Flink version has no such model (a JobManager before 1.11).
    NoModel,
}

/// The verdicts of the TaskManager and the JobManager.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdicts {
    /// The TaskManager's.
    pub task_manager: Verdict,
    /// The JobManager's.
    pub job_manager: Verdict,
}

const ILLEGAL_CONFIGURATION: &str = "org.apache.flink.configuration.IllegalConfigurationException";

/// An exception chain (`(class, message)`, outermost first) as one message, the way
/// flink-render prints it: the class named unless it is Flink's own
/// `IllegalConfigurationException`, each cause after `Caused by:` unless the message before
/// already ends with it (a wrapping that only adds a prefix).
pub fn chain_message(chain: &[(String, String)]) -> String {
    let mut text = String::new();
    let mut previous = String::new();
    for (i, (class, message)) in chain.iter().enumerate() {
        if i == 0 {
            if class != ILLEGAL_CONFIGURATION {
                text.push_str(class);
                text.push_str(": ");
            }
            text.push_str(message);
        } else if !previous.ends_with(message.as_str()) {
            text.push_str(" Caused by: ");
            text.push_str(message);
        }
        previous = message.clone();
    }
    text
}

fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// What each process (`TM`, `JM`) of one directory did: whether it started, and the lines it
/// printed (or the exception chain).
type Processes = BTreeMap<&'static str, (bool, Vec<String>)>;

/// Parses the output of `MemoryParams` (or a recorded `flink.out`): verdicts per directory
/// (the `== <dir>` lines), in output order.
pub fn parse(output: &str) -> Vec<(String, Verdicts)> {
    let mut cases: Vec<(String, Processes)> = Vec::new();
    let mut current: Option<(String, Processes)> = None;
    for line in output.lines() {
        if let Some(dir) = line.strip_prefix("== ") {
            cases.extend(current.take());
            current = Some((dir.to_owned(), BTreeMap::new()));
            continue;
        }
        let Some((who, rest)) = line.split_once(' ') else {
            continue;
        };
        let (who, entry) = match who {
            "TM" => ("TM", rest),
            "JM" => ("JM", rest),
            _ => continue,
        };
        let case = current.get_or_insert_with(|| (String::new(), BTreeMap::new()));
        match entry {
            "OK" => {
                case.1.insert(who, (true, Vec::new()));
            }
            "FAIL" => {
                case.1.insert(who, (false, Vec::new()));
            }
            "NONE" => {}
            _ => {
                let text = entry
                    .strip_prefix("LINE ")
                    .or_else(|| entry.strip_prefix("EXC "))
                    .unwrap_or(entry);
                if let Some((_, lines)) = case.1.get_mut(who) {
                    lines.push(unescape(text));
                }
            }
        }
    }
    cases.extend(current);
    cases
        .into_iter()
        .map(|(dir, mut procs)| {
            let mut verdict = |who: &str| match procs.remove(who) {
                None => Verdict::NoModel,
                Some((true, lines)) => Verdict::Started(lines),
                Some((false, chain)) => {
                    let chain: Vec<(String, String)> = chain
                        .iter()
                        .map(|l| {
                            let (class, message) = l.split_once(": ").unwrap_or((l, ""));
                            (class.to_owned(), message.to_owned())
                        })
                        .collect();
                    Verdict::Refused(chain_message(&chain))
                }
            };
            let task_manager = verdict("TM");
            let job_manager = verdict("JM");
            (
                dir,
                Verdicts {
                    task_manager,
                    job_manager,
                },
            )
        })
        .collect()
}

fn verdict_of<T>(
    result: Option<&Result<T, MemoryError>>,
    lines: impl Fn(&T) -> Vec<String>,
) -> Verdict {
    match result {
        None => Verdict::NoModel,
        Some(Ok(memory)) => Verdict::Started(lines(memory)),
        Some(Err(error)) => Verdict::Refused(error.to_string()),
    }
}

/// flink-render's verdicts for an analysis.
pub fn model_verdicts(analysis: &Analysis) -> Verdicts {
    Verdicts {
        task_manager: verdict_of(analysis.task_manager.as_ref(), |m| {
            vec![m.jvm_args(), m.dynamic_configs()]
        }),
        job_manager: verdict_of(analysis.job_manager.as_ref(), |m| {
            let dynamic = m.dynamic_configs();
            let mut lines = vec![m.jvm_args()];
            if !dynamic.is_empty() {
                lines.push(dynamic);
            }
            lines
        }),
    }
}

/// flink-render's verdicts for the configuration file `text` named `file_name`, read as
/// Flink `version` reads it, started standalone with environment `env`.
pub fn model_verdicts_of_file(
    text: &str,
    file_name: &str,
    version: &str,
    env: &BTreeMap<String, String>,
) -> Verdicts {
    let format = if file_name == "config.yaml" {
        Format::ConfigYaml
    } else {
        Format::FlinkConfYaml
    };
    match flink_conf::read(text, format) {
        Err(unloadable) => {
            let has_jm = memory::Profile::of(version).is_some_and(|p| p.has_job_manager_model());
            Verdicts {
                task_manager: Verdict::Refused(unloadable.message.clone()),
                job_manager: if has_jm {
                    Verdict::Refused(unloadable.message)
                } else {
                    Verdict::NoModel
                },
            }
        }
        Ok(loaded) => model_verdicts(&memory::analyze_read(
            &loaded.entries,
            &loaded.doubles,
            env,
            version,
            Deployment::Standalone,
        )),
    }
}

/// Runs Flink `version`'s `BashJavaUtils` over `dirs` in one JVM with environment `env`;
/// the verdicts by directory.
pub fn flink_verdicts(
    version: &str,
    dirs: &[PathBuf],
    env: &BTreeMap<String, String>,
) -> BTreeMap<PathBuf, Verdicts> {
    let cp = super::flink::harness("flink-config", version);
    let input: String = dirs.iter().map(|d| format!("{}\n", d.display())).collect();
    let output = super::flink::run_java_env(
        &cp,
        &["-Dlog4j2.level=OFF", "-Xss4m"],
        "MemoryParams",
        &[],
        input.as_bytes(),
        env,
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "MemoryParams on Flink {version} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let parsed: BTreeMap<PathBuf, Verdicts> = parse(&stdout)
        .into_iter()
        .map(|(dir, v)| (PathBuf::from(dir), v))
        .collect();
    assert_eq!(
        parsed.len(),
        dirs.len(),
        "MemoryParams on Flink {version} answered for {} of {} directories",
        parsed.len(),
        dirs.len()
    );
    parsed
}

/// Whether two verdicts agree. Unloadable files agree on Flink's first line when Flink's
/// cause is the YAML library's own wording (which the model does not reproduce).
pub fn agree(flink: &Verdict, model: &Verdict) -> bool {
    const UNLOADABLE: &str = "java.lang.RuntimeException: Error parsing YAML configuration.";
    match (flink, model) {
        (Verdict::Refused(f), Verdict::Refused(m))
            if f.starts_with(UNLOADABLE)
                && m.starts_with(UNLOADABLE)
                && !f.ends_with("Value must not be null.") =>
        {
            true
        }
        _ => flink == model,
    }
}

/// A fresh directory for configuration files under the test target directory.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("flink-configs")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the scratch directory");
    dir
}

/// A version as a number (`1.20.5` → 1_020_005), to vary a seed per version.
pub fn version_number(version: &str) -> u32 {
    version
        .split('.')
        .map(|s| s.parse::<u32>().unwrap_or(0))
        .fold(0, |n, s| n * 1000 + s)
}
