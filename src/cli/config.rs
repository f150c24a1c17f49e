//! The command line checked and turned into what the commands work with.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use flink_render::diagnostics::{Location, Rule};
use flink_render::operator_config::OperatorConfig;
use flink_render::options::{
    KubeVersion, Options, PodSecurityLevel, Target, barrier_interval_from_str,
    barrier_timeout_from_str, bool_from_str, check_barrier_image, job_id_from_str,
    revision_from_str, uid_from_str,
};
use flink_render::path::FieldPath;
use flink_render::{Diagnostic, Diagnostics, Report, Source};

use super::args::{BarrierOptions, ClusterOptions};

/// One input, read whole.
pub struct Input {
    /// Name to report it under.
    pub origin: String,
    /// Its text, or why it cannot be read.
    pub content: Content,
}

/// Parses an optional flag value, naming the flag on error.
fn flag<T>(
    name: &str,
    text: Option<&String>,
    parse: impl Fn(&str) -> Result<T, String>,
) -> anyhow::Result<Option<T>> {
    text.map(|t| parse(t).map_err(|e| anyhow::anyhow!("--{name}: {e}")))
        .transpose()
}

/// Turns command-line cluster and barrier options into library options.
pub fn options(args: &ClusterOptions, barrier: &BarrierOptions) -> anyhow::Result<Options> {
    if let Some(namespace) = &args.namespace {
        let problems = flink_render::kubernetes::names::dns1123_label(namespace);
        if !problems.is_empty() {
            bail!("--namespace {namespace:?}: {}", problems.join(", "));
        }
    }
    Ok(Options {
        owner_uid: flag("owner-uid", args.owner_uid.as_ref(), uid_from_str)?,
        revision: flag("revision", args.revision.as_ref(), revision_from_str)?,
        from_savepoint: args.from_savepoint.clone(),
        kube_version: flag("kube-version", args.kube_version.as_ref(), |t| {
            t.parse::<KubeVersion>()
        })?,
        namespace: args.namespace.clone(),
        barrier: flag("barrier", barrier.barrier.as_ref(), bool_from_str)?,
        barrier_image: flag("barrier-image", barrier.barrier_image.as_ref(), |t| {
            check_barrier_image(t).map(|()| t.to_owned())
        })?,
        barrier_check_interval_sec: flag(
            "barrier-check-interval-sec",
            barrier.barrier_check_interval_sec.as_ref(),
            barrier_interval_from_str,
        )?,
        barrier_check_timeout_sec: flag(
            "barrier-check-timeout-sec",
            barrier.barrier_check_timeout_sec.as_ref(),
            barrier_timeout_from_str,
        )?,
        pod_security: flag("pod-security", args.pod_security.as_ref(), |t| {
            t.parse::<PodSecurityLevel>()
        })?,
        // Without the flag, the flink-render/harden annotation decides.
        harden: args.harden.then_some(true),
        target: flag("target", args.target.as_ref(), |t| t.parse::<Target>())?,
        operator_config: args
            .operator_config
            .as_deref()
            .map(operator_config)
            .transpose()?,
        job_id: flag("job-id", args.job_id.as_ref(), job_id_from_str)?,
        // Without the flag, the flink-render/strict annotation decides.
        strict: args.strict.then_some(true),
    })
}

/// The Apache operator's configuration in `path`, read as its Flink 1.20 loader reads it:
/// standard YAML for a `config.yaml`, Flink's line format for anything else.
fn operator_config(path: &Path) -> anyhow::Result<OperatorConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("--operator-config: cannot read {}", path.display()))?;
    let format = if path.file_name().is_some_and(|n| n == "config.yaml") {
        flink_render::flink_conf::Format::ConfigYaml
    } else {
        flink_render::flink_conf::Format::FlinkConfYaml
    };
    OperatorConfig::read(&text, format)
        .map_err(|e| anyhow::anyhow!("--operator-config {}: {e}", path.display()))
}

/// The readable inputs as the library takes them, and the reports of the unreadable ones.
pub fn sources(inputs: &[Input]) -> (Vec<Source<'_>>, Vec<Report>) {
    let mut sources = Vec::new();
    let mut unreadable = Vec::new();
    for input in inputs {
        match &input.content {
            Content::Text(text) => sources.push(Source {
                origin: &input.origin,
                text,
            }),
            Content::Unreadable(report) => unreadable.push(report.clone()),
        }
    }
    (sources, unreadable)
}

/// What reading an input gave: its text, or why it cannot be read as YAML.
pub enum Content {
    /// The text.
    Text(String),
    /// A problem with the bytes (not UTF-8, too large), as a report to print.
    Unreadable(Report),
}

/// The line and column just after `prefix`, which ends where a problem starts.
fn end_of(prefix: &str) -> Location {
    let line = prefix.matches('\n').count() + 1;
    let last_line = prefix.rsplit('\n').next().unwrap_or_default();
    Location {
        line,
        column: last_line.chars().count() + 1,
    }
}

/// Reads at most `limit` bytes (one more to tell that there are more), so that an endless or
/// huge input (`/dev/zero`, a 5 GB file) costs no more memory than the limit.
fn read_all(
    reader: &mut dyn Read,
    origin: &str,
    limit: usize,
    size_hint: usize,
) -> anyhow::Result<Content> {
    // Sized up front when the size is known, so that a large file is not copied while read.
    let mut bytes = Vec::with_capacity(size_hint.min(limit.saturating_add(1)));
    reader
        .take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {origin}"))?;
    let unreadable = |message: String, at: Option<Location>, excerpt: &str, rule: Rule| {
        let diagnostic = Diagnostic::error(FieldPath::root(), message)
            .at(at)
            .with_rule(rule);
        Content::Unreadable(Report::new(
            origin,
            excerpt,
            Diagnostics::from(vec![diagnostic]),
        ))
    };
    if bytes.len() > limit {
        return Ok(unreadable(
            format!(
                "input is more than {limit} bytes; flink-render reads at most {limit} bytes per input"
            ),
            None,
            "",
            Rule::InputLimits,
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Content::Text(text)),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(error.as_bytes().get(..valid).unwrap_or_default())
                .into_owned();
            let at = end_of(&prefix);
            Ok(unreadable(
                format!(
                    "the input is not UTF-8 (invalid byte 0x{:02x} at offset {valid}); YAML input must be UTF-8",
                    error.as_bytes().get(valid).copied().unwrap_or_default()
                ),
                Some(at),
                &prefix,
                Rule::YamlSyntax,
            ))
        }
    }
}

/// Reads every input: files in order, `-` (or no file at all) for standard input. Inputs that
/// cannot be opened or read, and inputs whose bytes are not YAML text, are reported per input,
/// so that one run reports every bad input with everything else that is wrong.
pub fn read_inputs(files: &[PathBuf], limit: usize) -> anyhow::Result<Vec<Input>> {
    let stdin_only = [PathBuf::from("-")];
    let files = if files.is_empty() {
        &stdin_only[..]
    } else {
        files
    };
    let mut inputs = Vec::with_capacity(files.len());
    for path in files {
        let (origin, read) = if path == Path::new("-") {
            let origin = "<stdin>".to_owned();
            let read = read_all(&mut std::io::stdin().lock(), &origin, limit, 0);
            (origin, read)
        } else {
            let origin = path.display().to_string();
            let read = std::fs::File::open(path)
                .with_context(|| format!("cannot open {origin}"))
                .and_then(|mut file| {
                    let size = file
                        .metadata()
                        .map_or(0, |m| usize::try_from(m.len()).unwrap_or(usize::MAX));
                    read_all(&mut file, &origin, limit, size.saturating_add(1))
                });
            (origin, read)
        };
        let content = read.unwrap_or_else(|error| {
            let diagnostic = Diagnostic::error(FieldPath::root(), format!("{error:#}"))
                .with_rule(flink_render::diagnostics::Rule::Documents);
            Content::Unreadable(Report::new(
                origin.as_str(),
                "",
                Diagnostics::from(vec![diagnostic]),
            ))
        });
        inputs.push(Input { origin, content });
    }
    Ok(inputs)
}
