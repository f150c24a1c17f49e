//! `flink-render diff`: read OLD and NEW, diff them in the library, print the report, and exit
//! 0 (no differences), 1 (differences) or 2 (error, or an update the operator refuses).

use std::io::{IsTerminal, Write};

use flink_render::diff::{self, DiffOptions, LiveJob, LiveState};
use flink_render::yaml::Limits;

use super::args::{Color, DiffArgs, DiffFormat, JobState};
use super::{FAILURE, FINDINGS, Outcome, SUCCESS, config, print_reports, refuse};

/// Whether to colour: `--color`, else a terminal on stdout and no `NO_COLOR`.
fn use_color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// What to do when OLD is a job cluster without `spec.job.savepointsDir`: the webhook refuses
/// every update of it, adding a savepointsDir included.
const SAVEPOINTS_DIR_HELP: &str = "help: the operator refuses every update of a job cluster deployed without spec.job.savepointsDir, adding one included (it could not take the savepoint the update starts from).
      Give every job cluster a savepointsDir before it is first deployed; this one must be deleted and created again:
      `flink-render diff /dev/null NEW` shows what is created.";

/// Runs `diff`.
pub fn run(args: DiffArgs) -> Outcome {
    if args.old.as_os_str() == "-" && args.new.as_os_str() == "-" {
        anyhow::bail!("only one of OLD and NEW can be standard input (-)");
    }
    let options = DiffOptions {
        render: config::options(&args.cluster, &args.barrier)?,
        live: LiveState {
            job: match args.job_state {
                JobState::Running => LiveJob::Running,
                JobState::Stopped => LiveJob::Stopped,
            },
            savepoint_generation: args.status_savepoint_generation,
        },
    };
    let inputs = config::read_inputs(
        &[args.old.clone(), args.new.clone()],
        Limits::default().max_input_bytes,
    )?;
    let (sources, unreadable) = config::sources(&inputs);
    if !unreadable.is_empty() {
        return refuse(&unreadable, "nothing was compared");
    }
    let [old, new] = sources.as_slice() else {
        anyhow::bail!("expected two inputs, OLD and NEW");
    };
    let result = diff::diff_sources(*old, *new, &options, Limits::default());
    let diff = match result {
        Ok(diff) => diff,
        Err(reports) => return refuse(&reports, "nothing was compared"),
    };
    print_reports(&diff.warnings);
    if args.output == DiffFormat::Markdown && diff.is_rejected() {
        // The comment must say that the update is refused, and why.
        write_markdown(&diff, args.max_bytes)?;
    }
    if diff.is_rejected() {
        print_reports(&diff.rejections);
        let refusals: usize = diff.rejections.iter().map(|r| r.diagnostics.len()).sum();
        let no_savepoints_dir = diff
            .rejections
            .iter()
            .flat_map(|r| r.diagnostics.iter())
            .any(|d| {
                d.message
                    .contains("spec.job.savepointsDir was not provided")
            });
        if no_savepoints_dir {
            super::note(SAVEPOINTS_DIR_HELP);
        }
        super::note(&format!(
            "flink-render: the operator's webhook refuses this update ({refusals} problem(s)); nothing would change"
        ));
        return Ok(FAILURE);
    }
    let report = match args.output {
        DiffFormat::Text => diff::text::report(&diff, use_color(args.color))?,
        DiffFormat::Json => diff::json::report(&diff)?,
        DiffFormat::Markdown => {
            return write_markdown(&diff, args.max_bytes).map(|()| findings(&diff));
        }
    };
    std::io::stdout().write_all(report.as_bytes())?;
    Ok(findings(&diff))
}

/// Exit code 1 when anything differs, else 0.
fn findings(diff: &diff::Diff) -> u8 {
    if diff.has_differences() {
        FINDINGS
    } else {
        SUCCESS
    }
}

/// `--output markdown` on stdout, within `max_bytes`.
fn write_markdown(diff: &diff::Diff, max_bytes: usize) -> anyhow::Result<()> {
    let report = diff::markdown::report(diff, max_bytes)?;
    std::io::stdout().write_all(report.as_bytes())?;
    Ok(())
}
