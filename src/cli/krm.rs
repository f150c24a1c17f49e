//! `flink-render krm`: the KRM function (ResourceList on stdin and stdout, problems in
//! `results`, exit 2 on errors) and, with a CONFIG argument, the legacy kustomize exec plugin
//! (plain YAML out, problems on stderr).

use std::io::{IsTerminal, Read, Write};

use anyhow::Context;
use flink_render::krm::{self, exec_plugin};
use flink_render::pipeline::Source;
use flink_render::yaml::Limits;

use super::args::KrmArgs;
use super::{FAILURE, Outcome, SUCCESS, config, refuse};

/// Runs `krm`.
pub fn run(args: KrmArgs) -> Outcome {
    let options = config::options(&args.cluster, &args.barrier)?;
    let Some(path) = &args.config else {
        let inputs = config::read_inputs(&[], Limits::default().max_input_bytes)?;
        let text = match inputs.first().map(|i| &i.content) {
            Some(config::Content::Text(text)) => text.as_str(),
            Some(config::Content::Unreadable(report)) => {
                return refuse(std::slice::from_ref(report), "no ResourceList was written");
            }
            None => "",
        };
        let output = krm::run(text, &options, Limits::default())?;
        std::io::stdout().write_all(output.text.as_bytes())?;
        return Ok(if output.failed { FAILURE } else { SUCCESS });
    };
    let origin = path.display().to_string();
    let config_text = match config::read_inputs(
        std::slice::from_ref(path),
        Limits::default().max_input_bytes,
    )?
    .pop()
    {
        Some(config::Input {
            content: config::Content::Text(text),
            ..
        }) => text,
        Some(config::Input {
            content: config::Content::Unreadable(report),
            ..
        }) => {
            return refuse(std::slice::from_ref(&report), "nothing was generated");
        }
        None => String::new(),
    };
    // kustomize gives a generator an empty stdin; a person at a terminal gives none at all.
    let mut resources = String::new();
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        stdin
            .lock()
            .read_to_string(&mut resources)
            .context("cannot read the resources on stdin (they must be UTF-8)")?;
    }
    let config = Source {
        origin: &origin,
        text: &config_text,
    };
    let mut stderr = std::io::stderr().lock();
    match exec_plugin::run(config, &resources, &options, Limits::default()) {
        Ok(output) => {
            for warning in &output.warnings {
                let _ = write!(stderr, "{warning}");
            }
            std::io::stdout().write_all(output.text.as_bytes())?;
            Ok(SUCCESS)
        }
        Err(error) => {
            let _ = write!(stderr, "{error}");
            let _ = writeln!(
                stderr,
                "flink-render krm: {} error(s); nothing was rendered",
                error.error_count()
            );
            Ok(FAILURE)
        }
    }
}
