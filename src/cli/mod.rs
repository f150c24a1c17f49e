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
mod spill;
mod stream;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::CommandFactory;
use flink_render::{Report, emit, yaml::Limits};

use args::{
    Cli, Command, Explain, ExplainArgs, ExplainFormat, ExplainMemoryArgs, Format, LintArgs,
    RenderArgs,
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
        Command::Explain(Explain::Config(args)) => explain_config(args),
        Command::Explain(Explain::TaskManagerPod(args)) => explain_task_manager_pod(args),
        Command::Diff(args) => diff::run(args),
        Command::PostRender(args) => post_render::run(args),
        Command::Krm(args) => krm::run(args),
        Command::Lint(args) => lint(args),
        Command::Convert(args) => convert(args),
        Command::Schema => {
            let schema = flink_render::spec::json_schema();
            let mut text = serde_json::to_string_pretty(&schema)?;
            text.push('\n');
            std::io::stdout().write_all(text.as_bytes())?;
            Ok(SUCCESS)
        }
        Command::Completions { shell } => {
            // Generated into memory first: the generator panics on a failed write.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "flink-render", &mut script);
            std::io::stdout().write_all(&script)?;
            Ok(SUCCESS)
        }
    }
}

/// Writes a line to stderr; a closed or broken stderr is not worth a panic. Silent while a
/// machine format of `--diagnostics` is being collected: then stderr carries that document only.
pub fn note(line: &str) {
    if !diagnostics::collecting() {
        let _ = writeln!(std::io::stderr(), "{line}");
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
    note(&format!("flink-render: {errors} error(s); {consequence}"));
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

/// `convert`: the FlinkDeployments on stdout as a YAML stream, the notes on stderr.
fn convert(args: ExplainArgs) -> Outcome {
    let options = config::options(&args.cluster, &args.barrier)?;
    explain(
        &args.files,
        &options,
        flink_render::convert::convert_sources,
        |deployments| {
            let mut out = String::new();
            for (i, deployment) in deployments.iter().enumerate() {
                if i > 0 {
                    out.push_str("---\n");
                }
                out.push_str(&flink_render::yaml::to_yaml(deployment)?);
            }
            Ok(out)
        },
    )
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
    explain_text_or_json(&args, flink_render::pipeline::explain_memory_sources, |e| {
        (e.text.as_str(), &e.json)
    })
}

fn explain_config(args: ExplainMemoryArgs) -> Outcome {
    explain_text_or_json(&args, flink_render::pipeline::explain_config_sources, |e| {
        (e.text.as_str(), &e.json)
    })
}

/// An `explain` whose explanations have a text and a JSON form (`parts` gives both).
fn explain_text_or_json<T>(
    args: &ExplainMemoryArgs,
    run: impl FnOnce(
        &[flink_render::Source<'_>],
        &flink_render::Options,
        Limits,
    ) -> Result<(Vec<T>, Vec<Report>), Vec<Report>>,
    parts: fn(&T) -> (&str, &serde_json::Value),
) -> Outcome {
    let options = config::options(&args.cluster, &args.barrier)?;
    explain(&args.files, &options, run, |explanations| {
        text_or_json(args.output, explanations.iter().map(parts))
    })
}

/// The texts of the clusters' explanations one after another, or one JSON document
/// `{"clusters": [...]}`.
fn text_or_json<'a>(
    format: ExplainFormat,
    explanations: impl Iterator<Item = (&'a str, &'a serde_json::Value)>,
) -> anyhow::Result<String> {
    let (texts, clusters): (Vec<&str>, Vec<&serde_json::Value>) = explanations.unzip();
    Ok(match format {
        ExplainFormat::Text => texts.join("\n"),
        ExplainFormat::Json => {
            let mut json =
                serde_json::to_string_pretty(&serde_json::json!({ "clusters": clusters }))?;
            json.push('\n');
            json
        }
    })
}

fn render(args: RenderArgs) -> Outcome {
    if let Some(dir) = &args.output_dir {
        if args.output != Format::Yaml {
            anyhow::bail!(
                "--output-dir writes YAML files; it cannot be combined with --output json"
            );
        }
        return render_to_dir(&args, dir);
    }
    render_streamed(&args)
}

/// `render --output-dir`: every input checked first, then each cluster's objects written to
/// the staging directory as soon as they are rendered, and the directory switched when all
/// are there (see [`output_dir`]).
fn render_to_dir(args: &RenderArgs, dir: &std::path::Path) -> Outcome {
    output_dir::check_request(dir, args.prune, &args.files)?;
    let options = config::options(&args.cluster, &args.barrier)?;
    let limits = Limits::default();
    let inputs = config::read_inputs(&args.files, limits.max_input_bytes)?;
    let (sources, reports) = config::sources(&inputs);
    let checked = stream::check(&sources, &options, limits);
    let checked = match gathered(&inputs, reports, checked, "nothing was rendered")? {
        Ok(checked) => checked,
        Err(code) => return Ok(code),
    };
    print_reports(&checked.warnings);
    let with_namespace = checked.namespaces.len() > 1;
    let mut out = output_dir::OutputDir::open(dir, args.prune, &args.files)?;
    let written = stream::each_cluster(
        &sources,
        &options,
        limits,
        stream::per_object(|object| {
            let text = flink_render::yaml::to_yaml(object).map_err(|e| e.to_string())?;
            Ok((emit::file_name(object, with_namespace), text))
        }),
        |files| {
            for (name, text) in files {
                out.write(&name, text.as_bytes())?;
            }
            Ok(())
        },
    )?;
    if let Err(found) = written {
        return refuse(&found, "nothing was rendered");
    }
    let output_dir::Committed { pruned, unrecorded } = out.commit()?;
    let mut stderr = std::io::stderr().lock();
    for name in &pruned {
        let _ = writeln!(stderr, "pruned {}", dir.join(name).display());
    }
    if !unrecorded.is_empty() {
        let _ = writeln!(
            stderr,
            "warning: --prune kept {} file(s) named like flink-render's output that no earlier run recorded writing ({}, first {}); delete them yourself if they are stale",
            unrecorded.len(),
            output_dir::RECORD_NAME,
            unrecorded.first().map(String::as_str).unwrap_or_default()
        );
    }
    Ok(SUCCESS)
}

/// `render` to stdout: every input checked first, then written cluster by cluster (see
/// [`stream`]); a YAML stream, or a JSON `List` written object by object.
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
                let text = match args.output {
                    Format::Yaml => emit::yaml_stream(&rendered.objects)?,
                    Format::Json => emit::json_list(&rendered.objects)?,
                };
                std::io::stdout().write_all(text.as_bytes())?;
                Ok(SUCCESS)
            }
            Err(code) => Ok(code),
        };
    }
    // One pass: every cluster rendered once, its output held back (see `spill`) until every
    // cluster is known to render.
    let mut held = spill::Spill::default();
    let rendered = match args.output {
        Format::Yaml => {
            let mut first = true;
            stream::render_once(
                &sources,
                &options,
                limits,
                |objects| emit::yaml_stream(objects).map_err(|e| e.to_string()),
                |text: String| {
                    if !first {
                        held.write_all(b"---\n")?;
                    }
                    first = false;
                    held.write_all(text.as_bytes())?;
                    Ok(())
                },
            )?
        }
        Format::Json => {
            let mut list = emit::JsonList::default();
            held.write_all(emit::JsonList::HEAD.as_bytes())?;
            let rendered = stream::render_once(
                &sources,
                &options,
                limits,
                stream::per_object(|object| {
                    serde_json::to_string_pretty(object).map_err(|e| e.to_string())
                }),
                |texts| {
                    for json in texts {
                        held.write_all(list.item(&json).as_bytes())?;
                    }
                    Ok(())
                },
            )?;
            held.write_all(list.tail().as_bytes())?;
            rendered
        }
    };
    match gathered(&inputs, reports, rendered, "nothing was rendered")? {
        Ok(checked) => print_reports(&checked.warnings),
        Err(code) => return Ok(code),
    }
    let mut out = std::io::stdout().lock();
    held.copy_to(&mut out)?;
    out.flush()?;
    Ok(SUCCESS)
}

/// `lint`: findings on stdout, one per line; exit 1 when there are any. Any manifest stream:
/// FlinkClusters are rendered, Flink objects found by their labels, the rest passed over
/// ([`flink_render::lint_stream`]).
fn lint(args: LintArgs) -> Outcome {
    let options = config::options(&args.cluster, &args.barrier)?;
    let linted = with_inputs(&args.files, "nothing was linted", |sources| {
        flink_render::lint_stream::lint_sources(sources, &options, Limits::default())
    })?;
    let linted = match linted {
        Ok(linted) => linted,
        Err(code) => return Ok(code),
    };
    print_reports(&linted.warnings);
    if diagnostics::collecting() {
        collect_lint_findings(&args.files, &options, &linted.findings)?;
    }
    let text: String = linted
        .findings
        .iter()
        .map(|finding| format!("{finding}\n"))
        .collect();
    std::io::stdout().write_all(text.as_bytes())?;
    let objects = linted.objects;
    let passed_over = match linted.passed_over {
        0 => String::new(),
        n => format!("; {n} document(s) passed over (not Flink objects)"),
    };
    if objects == 0 {
        note(&format!(
            "warning: nothing to lint: no FlinkCluster and no object labelled as Flink's (app: flink with cluster, or type: flink-native-kubernetes){passed_over}"
        ));
        return Ok(SUCCESS);
    }
    let clusters = match linted.clusters {
        0 => String::new(),
        n => format!(" ({n} FlinkCluster(s) rendered)"),
    };
    if linted.findings.is_empty() {
        note(&format!(
            "flink-render: {objects} object(s) checked{clusters}, no findings{passed_over}"
        ));
        Ok(SUCCESS)
    } else {
        note(&format!(
            "flink-render: {} finding(s) in {objects} object(s){clusters}{passed_over}",
            linted.findings.len()
        ));
        Ok(FINDINGS)
    }
}

/// Collects the lint findings of a `--diagnostics` run: a FlinkCluster's at the line of its
/// `metadata.name`, a finding about another Flink object of the stream without a position.
fn collect_lint_findings(
    files: &[std::path::PathBuf],
    options: &flink_render::Options,
    findings: &[flink_render::lint::Finding],
) -> anyhow::Result<()> {
    let limits = Limits::default();
    let inputs = config::read_inputs(files, limits.max_input_bytes)?;
    let (sources, _) = config::sources(&inputs);
    let mut entries = flink_render::reporting::lint_entries(&sources, options, limits);
    let placed: std::collections::BTreeSet<(String, String, String)> = entries
        .iter()
        .filter_map(|e| {
            e.object
                .as_ref()
                .map(|o| (o.kind.clone(), o.name.clone(), e.message.clone()))
        })
        .collect();
    let origin = match sources.as_slice() {
        [one] => one.origin.to_owned(),
        _ => "<manifests>".to_owned(),
    };
    for finding in findings {
        let key = (
            finding.kind.clone(),
            finding.name.clone(),
            finding.message.clone(),
        );
        if !placed.contains(&key) {
            entries.push(flink_render::reporting::Entry::of_finding(&origin, finding));
        }
    }
    diagnostics::collect_entries(entries);
    Ok(())
}

/// Whether `error` comes from writing to a pipe whose reader has gone (`| head`).
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Maps an outcome to the process exit code, printing errors. A reader that stopped reading
/// (`flink-render render ... | head`) ends the run quietly, as it ends other command-line
/// tools: what it read is all it wanted.
pub fn exit_code(outcome: Outcome) -> ExitCode {
    match outcome {
        Ok(code) => {
            diagnostics::finish(code, None);
            ExitCode::from(code)
        }
        Err(error) if is_broken_pipe(&error) => ExitCode::from(SUCCESS),
        Err(error) => {
            if !diagnostics::finish(FAILURE, Some(format!("{error:#}"))) {
                note(&format!("flink-render: {error:#}"));
            }
            ExitCode::from(FAILURE)
        }
    }
}
