//! The command line checked and turned into what the commands work with.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use flink_render::Source;
use flink_render::options::{
    KubeVersion, Options, barrier_interval_from_str, barrier_timeout_from_str, bool_from_str,
    check_barrier_image, revision_from_str,
};

use super::args::{BarrierOptions, ClusterOptions};

/// One input, read whole.
pub struct Input {
    /// Name to report it under.
    pub origin: String,
    /// Its text.
    pub text: String,
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
    let revision = match &args.revision {
        Some(text) => {
            Some(revision_from_str(text).map_err(|e| anyhow::anyhow!("--revision: {e}"))?)
        }
        None => None,
    };
    let kube_version = match &args.kube_version {
        Some(text) => Some(
            text.parse::<KubeVersion>()
                .map_err(|e| anyhow::anyhow!("--kube-version: {e}"))?,
        ),
        None => None,
    };
    if let Some(namespace) = &args.namespace {
        let problems = flink_render::validate::names::dns1123_label(namespace);
        if !problems.is_empty() {
            bail!("--namespace {namespace:?}: {}", problems.join(", "));
        }
    }
    Ok(Options {
        owner_uid: args.owner_uid.clone(),
        revision,
        from_savepoint: args.from_savepoint.clone(),
        kube_version,
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
    })
}

fn read_all(reader: &mut dyn std::io::Read, origin: &str) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {origin}"))?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{origin}: the input is not UTF-8 (invalid byte at offset {}); YAML input must be UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The inputs as the library takes them.
pub fn sources(inputs: &[Input]) -> Vec<Source<'_>> {
    inputs
        .iter()
        .map(|i| Source {
            origin: &i.origin,
            text: &i.text,
        })
        .collect()
}

/// Reads every input: files in order, `-` (or no file at all) for standard input.
pub fn read_inputs(files: &[PathBuf]) -> anyhow::Result<Vec<Input>> {
    let stdin_only = [PathBuf::from("-")];
    let files = if files.is_empty() {
        &stdin_only[..]
    } else {
        files
    };
    let mut inputs = Vec::with_capacity(files.len());
    for path in files {
        if path == Path::new("-") {
            let origin = "<stdin>".to_owned();
            let text = read_all(&mut std::io::stdin().lock(), &origin)?;
            inputs.push(Input { origin, text });
        } else {
            let origin = path.display().to_string();
            let mut file =
                std::fs::File::open(path).with_context(|| format!("cannot open {origin}"))?;
            let text = read_all(&mut file, &origin)?;
            inputs.push(Input { origin, text });
        }
    }
    Ok(inputs)
}
