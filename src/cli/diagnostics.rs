//! `--diagnostics FORMAT`: where the problems of a run go when a machine reads them.
//!
//! With `text` (the default) nothing changes: reports are printed on stderr as they come, with
//! a summary line. With a machine format every report, lint finding and the failure that may
//! stop the command are collected instead, and written on stderr as one document when the
//! command ends ([`finish`]), so that stderr holds nothing else; stdout is the same in every
//! format. The choice is made once per process, by the command that runs ([`start`]).

use std::sync::Mutex;

use flink_render::Report;
use flink_render::reporting::{Entry, Format, Run};

use super::args::{Command, DiagnosticsFormat};

/// The run being collected, when a machine format was asked for.
static COLLECTED: Mutex<Option<(Format, Run)>> = Mutex::new(None);

fn with_run<T>(f: impl FnOnce(&mut Option<(Format, Run)>) -> T) -> T {
    let mut guard = COLLECTED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    f(&mut guard)
}

/// The command's name and `--diagnostics`, for the commands that take it.
fn requested(command: &Command) -> Option<(&'static str, DiagnosticsFormat)> {
    match command {
        Command::Render(args) => Some(("render", args.diagnostics.format)),
        Command::Lint(args) => Some(("lint", args.diagnostics.format)),
        Command::Diff(args) => Some(("diff", args.diagnostics.format)),
        Command::PostRender(args) => Some(("post-render", args.diagnostics.format)),
        _ => None,
    }
}

/// Starts collecting when `command` asks for a machine format.
pub fn start(command: &Command) {
    let format = match requested(command) {
        Some((name, DiagnosticsFormat::Json)) => Some((name, Format::Json)),
        Some((name, DiagnosticsFormat::Sarif)) => Some((name, Format::Sarif)),
        Some((name, DiagnosticsFormat::Github)) => Some((name, Format::Github)),
        Some((name, DiagnosticsFormat::Gitlab)) => Some((name, Format::Gitlab)),
        Some((_, DiagnosticsFormat::Text)) | None => None,
    };
    with_run(|run| {
        *run = format.map(|(name, format)| {
            let run = Run {
                command: name.to_owned(),
                ..Run::default()
            };
            (format, run)
        })
    });
}

/// Whether problems are collected for a machine format (and text lines about them must not be
/// printed).
pub fn collecting() -> bool {
    with_run(|run| run.is_some())
}

/// Collects `reports` when collecting; `false` when they are for the text output.
pub fn collect(reports: &[Report]) -> bool {
    collect_entries(Entry::of_reports(reports))
}

/// Collects `entries` when collecting; `false` when they are for the text output.
pub fn collect_entries(entries: Vec<Entry>) -> bool {
    with_run(|run| match run {
        Some((_, run)) => {
            run.entries.extend(entries);
            true
        }
        None => false,
    })
}

/// Writes the collected document on stderr with the command's exit code and `failure` (what
/// stopped it, if anything). `false` when nothing was collected (text output).
pub fn finish(exit_code: u8, failure: Option<String>) -> bool {
    let Some((format, mut run)) = with_run(Option::take) else {
        return false;
    };
    run.exit_code = exit_code;
    run.failure = failure;
    let text = format.write(&run);
    let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), text.as_bytes());
    true
}
