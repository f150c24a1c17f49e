//! The command-line shell around the library: parse arguments, read inputs, run the pipeline,
//! print. Exit codes: 0 success, 1 something found (`lint` findings, `diff` differences), 2
//! anything wrong.

pub mod args;
mod config;
mod output_dir;

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;
use flink_render::{RenderedSources, Report, Source, emit, yaml::Limits};

use args::{Cli, Command, Format, LintArgs, RenderArgs};

/// Exit code for success.
pub const SUCCESS: u8 = 0;
/// Exit code for a command that ran and found something (`lint` findings, `diff` differences).
pub const FINDINGS: u8 = 1;
/// Exit code for bad input or any other failure.
pub const FAILURE: u8 = 2;

/// What a command returns: an exit code, or an error to print (exit code 2).
pub type Outcome = anyhow::Result<u8>;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Outcome {
    match cli.command {
        Command::Render(args) => render(args),
        Command::Lint(args) => lint(args),
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

/// Reads and renders every input; on any error prints every report and says so (`None`).
fn render_inputs(
    files: &[std::path::PathBuf],
    cluster: &args::ClusterOptions,
) -> anyhow::Result<Option<RenderedSources>> {
    let options = config::options(cluster)?;
    let limits = Limits::default();
    let inputs = config::read_inputs(files, limits.max_input_bytes)?;
    let mut reports = Vec::new();
    let mut sources = Vec::new();
    for (origin, content) in &inputs {
        match content {
            config::Content::Text(text) => sources.push(Source { origin, text }),
            config::Content::Unreadable(report) => reports.push(report.clone()),
        }
    }
    let rendered = match flink_render::render_sources(&sources, &options, limits) {
        Ok(rendered) if reports.is_empty() => rendered,
        Ok(_) => RenderedSources::default(),
        Err(found) => {
            reports.extend(found);
            RenderedSources::default()
        }
    };
    if reports.is_empty() {
        return Ok(Some(rendered));
    }
    reports.sort_by_key(|r| inputs.iter().position(|(origin, _)| *origin == r.origin));
    print_reports(&reports);
    let errors: usize = reports.iter().map(|r| r.diagnostics.errors().count()).sum();
    eprintln!("flink-render: {errors} error(s); nothing was rendered");
    Ok(None)
}

fn render(args: RenderArgs) -> Outcome {
    if args.output_dir.is_some() && args.output != Format::Yaml {
        anyhow::bail!("--output-dir writes YAML files; it cannot be combined with --output json");
    }
    let Some(rendered) = render_inputs(&args.files, &args.cluster)? else {
        return Ok(FAILURE);
    };
    print_reports(&rendered.warnings);
    match (&args.output_dir, args.output) {
        (Some(dir), _) => output_dir::write(dir, &emit::files(&rendered.objects)?)?,
        (None, Format::Yaml) => {
            std::io::stdout().write_all(emit::yaml_stream(&rendered.objects)?.as_bytes())?
        }
        (None, Format::Json) => {
            std::io::stdout().write_all(emit::json_list(&rendered.objects)?.as_bytes())?
        }
    }
    Ok(SUCCESS)
}

/// `lint`: findings on stdout, one per line; exit 1 when there are any.
fn lint(args: LintArgs) -> Outcome {
    let Some(rendered) = render_inputs(&args.files, &args.cluster)? else {
        return Ok(FAILURE);
    };
    print_reports(&rendered.warnings);
    let findings = flink_render::lint::lint(&rendered.objects);
    let mut text = String::new();
    for finding in &findings {
        text.push_str(&format!("{finding}\n"));
    }
    std::io::stdout().write_all(text.as_bytes())?;
    if findings.is_empty() {
        eprintln!(
            "flink-render: {} object(s) checked, no findings",
            rendered.objects.len()
        );
        Ok(SUCCESS)
    } else {
        eprintln!(
            "flink-render: {} finding(s) in {} object(s)",
            findings.len(),
            rendered.objects.len()
        );
        Ok(FINDINGS)
    }
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
