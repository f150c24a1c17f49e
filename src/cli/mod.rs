//! The command-line shell around the library: parse arguments, read inputs, run the pipeline,
//! print. Exit codes: 0 success, 1 differences found (`diff`), 2 anything wrong.

pub mod args;
mod config;
mod diff;
mod krm;
mod output_dir;
mod post_render;

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;
use flink_render::{Report, emit, yaml::Limits};

use args::{Cli, Command, Explain, ExplainArgs, Format, RenderArgs};

/// Exit code for success.
pub const SUCCESS: u8 = 0;
/// Exit code of `diff` when the inputs differ.
pub const DIFFERENCES: u8 = 1;
/// Exit code for bad input or any other failure.
pub const FAILURE: u8 = 2;

/// What a command returns: an exit code, or an error to print (exit code 2).
pub type Outcome = anyhow::Result<u8>;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Outcome {
    match cli.command {
        Command::Render(args) => render(args),
        Command::Explain(Explain::Ha(args)) => explain_ha(args),
        Command::Diff(args) => diff::run(args),
        Command::PostRender(args) => post_render::run(args),
        Command::Krm(args) => krm::run(args),
        Command::Schema => {
            let schema = flink_render::spec::json_schema();
            println!("{}", serde_json::to_string_pretty(&schema)?);
            Ok(SUCCESS)
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "flink-render",
                &mut std::io::stdout(),
            );
            Ok(SUCCESS)
        }
    }
}

fn print_reports(reports: &[Report]) {
    let mut stderr = std::io::stderr().lock();
    for report in reports {
        let _ = write!(stderr, "{report}");
    }
}

fn explain_ha(args: ExplainArgs) -> Outcome {
    let options = config::options(&args.cluster, &args.barrier)?;
    let inputs = config::read_inputs(&args.files)?;
    let sources = config::sources(&inputs);
    match flink_render::pipeline::explain_ha_sources(&sources, &options, Limits::default()) {
        Ok((text, warnings)) => {
            print_reports(&warnings);
            std::io::stdout().write_all(text.as_bytes())?;
            Ok(SUCCESS)
        }
        Err(reports) => refuse(&reports, "nothing was explained"),
    }
}

/// Prints error reports and how many errors there were, then `consequence`; exit code 2.
fn refuse(reports: &[Report], consequence: &str) -> Outcome {
    print_reports(reports);
    let errors: usize = reports.iter().map(|r| r.diagnostics.errors().count()).sum();
    eprintln!("flink-render: {errors} error(s); {consequence}");
    Ok(FAILURE)
}

fn render(args: RenderArgs) -> Outcome {
    if args.output_dir.is_some() && args.output != Format::Yaml {
        anyhow::bail!("--output-dir writes YAML files; it cannot be combined with --output json");
    }
    let options = config::options(&args.cluster, &args.barrier)?;
    let inputs = config::read_inputs(&args.files)?;
    let sources = config::sources(&inputs);
    let rendered = match flink_render::render_sources(&sources, &options, Limits::default()) {
        Ok(rendered) => rendered,
        Err(reports) => return refuse(&reports, "nothing was rendered"),
    };
    print_reports(&rendered.warnings);
    match (&args.output_dir, args.output) {
        (Some(dir), _) => output_dir::write(dir, &emit::files(&rendered.objects)?, args.prune)?,
        (None, Format::Yaml) => {
            std::io::stdout().write_all(emit::yaml_stream(&rendered.objects)?.as_bytes())?
        }
        (None, Format::Json) => {
            std::io::stdout().write_all(emit::json_list(&rendered.objects)?.as_bytes())?
        }
    }
    Ok(SUCCESS)
}

/// Maps an outcome to the process exit code, printing errors.
pub fn exit_code(outcome: Outcome) -> ExitCode {
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("flink-render: {error:#}");
            ExitCode::from(FAILURE)
        }
    }
}
