//! `flink-render krm`: the KRM function (ResourceList on stdin and stdout, problems in
//! `results`, exit 2 on errors) and, with a CONFIG argument, the legacy kustomize exec plugin
//! (plain YAML out, problems on stderr).

use std::io::{IsTerminal, Write};

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
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        let done = match krm::write(text, &options, Limits::default(), |piece| {
            out.write_all(piece.as_bytes())
        }) {
            Ok(done) => done,
            Err(krm::WriteError::NotAResourceList(error)) => return Err(error.into()),
            Err(krm::WriteError::Sink(error)) => return Err(error.into()),
        };
        out.flush()?;
        return Ok(if done.failed { FAILURE } else { SUCCESS });
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
    if !std::io::stdin().is_terminal() {
        let read = config::read_inputs(&[], flink_render::post_render::MAX_STREAM_BYTES)?;
        match read.into_iter().next().map(|input| input.content) {
            Some(config::Content::Text(text)) => resources = text,
            Some(config::Content::Unreadable(report)) => {
                return refuse(std::slice::from_ref(&report), "nothing was rendered");
            }
            None => {}
        }
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
