//! The command-line shell around the library: parse arguments, read inputs, run the pipeline,
//! print. Exit codes: 0 success, 1 something found (`lint` findings, `diff` differences), 2
//! anything wrong.

pub mod args;
mod config;
mod diagnostics;
mod diff;
mod krm;
mod output_dir;
mod post_render;
mod stream;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::CommandFactory;
use flink_render::{RenderedSources, Report, emit, yaml::Limits};

use args::{
    BarrierOptions, Cli, ClusterOptions, Command, Explain, ExplainArgs, ExplainFormat,
    ExplainMemoryArgs, Format, LintArgs, RenderArgs,
};

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
    diagnostics::start(&cli.command);
    match cli.command {
        Command::Render(args) => render(args),
        Command::Explain(Explain::Ha(args)) => explain_ha(args),
        Command::Explain(Explain::Memory(args)) => explain_memory(args),
        Command::Explain(Explain::TaskManagerPod(args)) => explain_task_manager_pod(args),
        Command::Diff(args) => diff::run(args),
        Command::PostRender(args) => post_render::run(args),
        Command::Krm(args) => krm::run(args),
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
    if diagnostics::collect(reports) {
        return;
    }
    let mut stderr = std::io::stderr().lock();
    for report in reports {
        let _ = write!(stderr, "{report}");
    }
}

/// Prints error reports and how many errors there were, then `consequence`; exit code 2.
fn refuse(reports: &[Report], consequence: &str) -> Outcome {
    print_reports(reports);
    let errors: usize = reports.iter().map(|r| r.diagnostics.errors().count()).sum();
    if !diagnostics::collecting() {
        eprintln!("flink-render: {errors} error(s); {consequence}");
    }
    Ok(FAILURE)
}

/// Reads every input and runs `run` on the readable ones. Unreadable inputs (not UTF-8, too
/// large) and `run`'s reports are all printed together, in input order; then `Err` holds the
/// exit code.
fn with_inputs<T>(
    files: &[PathBuf],
    consequence: &str,
    run: impl FnOnce(&[flink_render::Source<'_>]) -> Result<T, Vec<Report>>,
) -> anyhow::Result<Result<T, u8>> {
    let inputs = config::read_inputs(files, Limits::default().max_input_bytes)?;
    let (sources, reports) = config::sources(&inputs);
    let result = run(&sources);
    gathered(&inputs, reports, result, consequence)
}

/// `result` when neither it nor reading the inputs found a problem (`reports`); otherwise
/// every report is printed, in input order, and `Err` holds the exit code.
fn gathered<T>(
    inputs: &[config::Input],
    mut reports: Vec<Report>,
    result: Result<T, Vec<Report>>,
    consequence: &str,
) -> anyhow::Result<Result<T, u8>> {
    match result {
        Ok(value) if reports.is_empty() => return Ok(Ok(value)),
        Ok(_) => {}
        Err(found) => reports.extend(found),
    }
    reports.sort_by_key(|r| inputs.iter().position(|i| i.origin == r.origin));
    refuse(&reports, consequence).map(Err)
}

/// Reads and renders every input; `Err` is the exit code after the reports were printed.
fn render_inputs(
    files: &[PathBuf],
    cluster: &ClusterOptions,
    barrier: &BarrierOptions,
) -> anyhow::Result<Result<RenderedSources, u8>> {
    let options = config::options(cluster, barrier)?;
    with_inputs(files, "nothing was rendered", |sources| {
        flink_render::render_sources(sources, &options, Limits::default())
    })
}

/// Runs one `explain` over the inputs, prints its warnings and writes what `format` makes of
/// what it found.
fn explain<T>(
    files: &[PathBuf],
    options: &flink_render::Options,
    run: impl FnOnce(
        &[flink_render::Source<'_>],
        &flink_render::Options,
        Limits,
    ) -> Result<(T, Vec<Report>), Vec<Report>>,
    format: impl FnOnce(T) -> anyhow::Result<String>,
) -> Outcome {
    let explained = with_inputs(files, "nothing was explained", |sources| {
        run(sources, options, Limits::default())
    })?;
    let (found, warnings) = match explained {
        Ok(explained) => explained,
        Err(code) => return Ok(code),
    };
    let out = format(found)?;
    print_reports(&warnings);
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(SUCCESS)
}

fn explain_ha(args: ExplainArgs) -> Outcome {
    let options = config::options(&args.cluster, &args.barrier)?;
    explain(
        &args.files,
        &options,
        flink_render::pipeline::explain_ha_sources,
        Ok,
    )
}

/// The preview pods, each under a comment saying why it is not to be applied.
fn explain_task_manager_pod(args: ExplainArgs) -> Outcome {
    let options = config::options(&args.cluster, &args.barrier)?;
    explain(
        &args.files,
        &options,
        flink_render::pipeline::explain_task_manager_pod_sources,
        |pods| {
            let mut out = String::new();
            for (i, pod) in pods.iter().enumerate() {
                if i > 0 {
                    out.push_str("---\n");
                }
                out.push_str(flink_render::native::PREVIEW_NOTE);
                out.push_str(&flink_render::yaml::to_yaml(pod)?);
            }
            Ok(out)
        },
    )
}

fn explain_memory(args: ExplainMemoryArgs) -> Outcome {
    let options = config::options(&args.cluster, &args.barrier)?;
    explain(
        &args.files,
        &options,
        flink_render::pipeline::explain_memory_sources,
        |explanations| {
            Ok(match args.output {
                ExplainFormat::Text => explanations
                    .iter()
                    .map(|e| e.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
                ExplainFormat::Json => {
                    let clusters: Vec<&serde_json::Value> =
                        explanations.iter().map(|e| &e.json).collect();
                    let mut json =
                        serde_json::to_string_pretty(&serde_json::json!({ "clusters": clusters }))?;
                    json.push('\n');
                    json
                }
            })
        },
    )
}

fn render(args: RenderArgs) -> Outcome {
    if args.output_dir.is_some() && args.output != Format::Yaml {
        anyhow::bail!("--output-dir writes YAML files; it cannot be combined with --output json");
    }
    if args.output_dir.is_none() && args.output == Format::Yaml {
        return render_streamed(&args);
    }
    let rendered = match render_inputs(&args.files, &args.cluster, &args.barrier)? {
        Ok(rendered) => rendered,
        Err(code) => return Ok(code),
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

/// `render` to stdout as YAML: every input checked first, then written cluster by cluster
/// (see [`stream`]).
fn render_streamed(args: &RenderArgs) -> Outcome {
    let options = config::options(&args.cluster, &args.barrier)?;
    let limits = Limits::default();
    let inputs = config::read_inputs(&args.files, limits.max_input_bytes)?;
    let (sources, reports) = config::sources(&inputs);
    let input_bytes: usize = sources.iter().map(|s| s.text.len()).sum();
    if input_bytes <= stream::ONE_PASS_BYTES {
        // Little input makes little output: render everything in one pass and hold it until
        // all is known to be well, rather than parse and validate twice.
        let rendered = flink_render::render_sources(&sources, &options, limits);
        return match gathered(&inputs, reports, rendered, "nothing was rendered")? {
            Ok(rendered) => {
                print_reports(&rendered.warnings);
                let text = emit::yaml_stream(&rendered.objects)?;
                std::io::stdout().write_all(text.as_bytes())?;
                Ok(SUCCESS)
            }
            Err(code) => Ok(code),
        };
    }
    let checked = stream::check(&sources, &options, limits);
    match gathered(&inputs, reports, checked, "nothing was rendered")? {
        Ok(warnings) => print_reports(&warnings),
        Err(code) => return Ok(code),
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match stream::write(&sources, &options, limits, &mut out)? {
        Ok(()) => {
            out.flush()?;
            Ok(SUCCESS)
        }
        Err(found) => {
            drop(out);
            refuse(&found, "the output stopped there")
        }
    }
}

/// `lint`: findings on stdout, one per line; exit 1 when there are any.
fn lint(args: LintArgs) -> Outcome {
    let options = config::options(&args.cluster, &args.barrier)?;
    let limits = Limits::default();
    let inputs = config::read_inputs(&args.files, limits.max_input_bytes)?;
    let (sources, reports) = config::sources(&inputs);
    let rendered = flink_render::render_sources(&sources, &options, limits);
    let rendered = match gathered(&inputs, reports, rendered, "nothing was rendered")? {
        Ok(rendered) => rendered,
        Err(code) => return Ok(code),
    };
    print_reports(&rendered.warnings);
    if diagnostics::collecting() {
        // Findings with the file and line of the cluster each comes from.
        diagnostics::collect_entries(flink_render::reporting::lint_entries(
            &sources, &options, limits,
        ));
    }
    let findings = flink_render::lint::lint(&rendered.objects);
    let text: String = findings
        .iter()
        .map(|finding| format!("{finding}\n"))
        .collect();
    std::io::stdout().write_all(text.as_bytes())?;
    let objects = rendered.objects.len();
    let quiet = diagnostics::collecting();
    if findings.is_empty() {
        if !quiet {
            eprintln!("flink-render: {objects} object(s) checked, no findings");
        }
        Ok(SUCCESS)
    } else {
        if !quiet {
            eprintln!(
                "flink-render: {} finding(s) in {objects} object(s)",
                findings.len()
            );
        }
        Ok(FINDINGS)
    }
}

/// Maps an outcome to the process exit code, printing errors.
pub fn exit_code(outcome: Outcome) -> ExitCode {
    match outcome {
        Ok(code) => {
            diagnostics::finish(code, None);
            ExitCode::from(code)
        }
        Err(error) => {
            if !diagnostics::finish(FAILURE, Some(format!("{error:#}"))) {
                eprintln!("flink-render: {error:#}");
            }
            ExitCode::from(FAILURE)
        }
    }
}
