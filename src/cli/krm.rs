//! `flink-render krm`: the KRM function (ResourceList on stdin and stdout, problems in
//! `results`, exit 2 on errors) and, with a CONFIG argument, the legacy kustomize exec plugin
//! (plain YAML out, problems on stderr).

use std::io::{IsTerminal, Read, Write};

use anyhow::Context;
use flink_render::krm::{self, exec_plugin};
use flink_render::pipeline::Source;
use flink_render::yaml::Limits;

use super::args::KrmArgs;
use super::{FAILURE, Outcome, SUCCESS, config};

/// Runs `krm`.
pub fn run(args: KrmArgs) -> Outcome {
    let options = config::options(&args.cluster, &args.barrier)?;
    let Some(path) = &args.config else {
        let inputs = config::read_inputs(&[])?;
        let text = inputs.first().map(|i| i.text.as_str()).unwrap_or_default();
        let output = krm::run(text, &options, Limits::default())?;
        std::io::stdout().write_all(output.text.as_bytes())?;
        return Ok(if output.failed { FAILURE } else { SUCCESS });
    };
    let origin = path.display().to_string();
    let config_text = config::read_inputs(std::slice::from_ref(path))?
        .pop()
        .map(|i| i.text)
        .unwrap_or_default();
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
