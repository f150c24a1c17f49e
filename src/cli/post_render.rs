//! `flink-render post-render`: the Helm post-renderer. The manifest stream comes on stdin (or
//! from files, each post-rendered on its own and joined by `---`) and the new stream goes to
//! stdout; on any error nothing is printed to stdout, the problems go to
//! stderr and the exit code is 2 (Helm 3 shows stderr; for Helm 4, which hides it, the plugin
//! wrapper in `helm-plugin/` turns the failure into output Helm rejects with the message).

use std::io::Write;

use flink_render::post_render::{self, MAX_STREAM_BYTES, WriteError, stream_limits};

use super::args::PostRenderArgs;
use super::{FAILURE, Outcome, SUCCESS, config, diagnostics};

/// Runs `post-render`: every input checked first (nothing is written if anything is wrong),
/// then written piece by piece, each FlinkCluster rendered when its turn comes.
pub fn run(args: PostRenderArgs) -> Outcome {
    let options = config::options(&args.cluster, &args.barrier)?;
    let inputs = config::read_inputs(&args.files, MAX_STREAM_BYTES)?;
    let several = inputs.len() > 1;
    let mut stderr = std::io::stderr().lock();
    let mut checked = Vec::new();
    let mut errors = 0;
    let mut clusters = 0;
    for input in &inputs {
        let text = match &input.content {
            config::Content::Text(text) => text,
            config::Content::Unreadable(report) => {
                if !diagnostics::collect(std::slice::from_ref(report)) {
                    let _ = write!(stderr, "{report}");
                }
                errors += report.diagnostics.errors().count();
                continue;
            }
        };
        match post_render::check(&input.origin, text, &options, stream_limits()) {
            Ok(done) => {
                clusters += done.clusters() + done.apache_resources();
                // With several files, "no FlinkCluster" is news only about all of them.
                for warning in &done.warnings {
                    let news = !(several
                        && done.clusters() + done.apache_resources() == 0
                        && warning.document.is_none());
                    if news && !diagnostics::collect(std::slice::from_ref(&warning.report)) {
                        let _ = write!(stderr, "{warning}");
                    }
                }
                checked.push((input.origin.as_str(), text.as_str(), done));
            }
            Err(error) => {
                let reports: Vec<_> = error.reports.iter().map(|r| r.report.clone()).collect();
                if !diagnostics::collect(&reports) {
                    let _ = write!(stderr, "{error}");
                }
                errors += error.error_count();
            }
        }
    }
    // With a machine format of --diagnostics, stderr carries that one document, nothing else:
    // the counts are in it.
    let quiet = diagnostics::collecting();
    if errors > 0 {
        if !quiet {
            let _ = writeln!(
                stderr,
                "flink-render post-render: {errors} error(s); nothing was written"
            );
        }
        return Ok(FAILURE);
    }
    if several && clusters == 0 && !quiet {
        let _ = writeln!(
            stderr,
            "warning: no FlinkCluster in any of the {} files; every document was passed through unchanged",
            inputs.len()
        );
    }
    let mut out = Joined {
        out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
        written: false,
        ends_with_line_break: true,
    };
    for (origin, text, done) in &checked {
        let mut first = true;
        let written = post_render::write(origin, text, done, &options, stream_limits(), |piece| {
            out.piece(piece, std::mem::take(&mut first))
        });
        match written {
            Ok(()) => {}
            Err(WriteError::Sink(error)) => return Err(error.into()),
            Err(WriteError::Refused(error)) => {
                drop(out);
                let reports: Vec<_> = error.reports.iter().map(|r| r.report.clone()).collect();
                if !diagnostics::collect(&reports) {
                    let _ = write!(stderr, "{error}");
                    let _ = writeln!(
                        stderr,
                        "flink-render post-render: {} error(s); the output stopped there",
                        error.error_count()
                    );
                }
                return Ok(FAILURE);
            }
        }
    }
    out.out.flush()?;
    Ok(SUCCESS)
}

/// The output of several files joined into one stream: each further file starts on a line of
/// its own, after a `---` unless it starts with one.
struct Joined<W: Write> {
    out: W,
    written: bool,
    ends_with_line_break: bool,
}

impl<W: Write> Joined<W> {
    fn piece(&mut self, piece: &str, first_of_file: bool) -> std::io::Result<()> {
        if piece.is_empty() {
            return Ok(());
        }
        if first_of_file && self.written {
            if !self.ends_with_line_break {
                self.out.write_all(b"\n")?;
            }
            if !piece.starts_with("---") {
                self.out.write_all(b"---\n")?;
            }
        }
        self.out.write_all(piece.as_bytes())?;
        self.written = true;
        self.ends_with_line_break = piece.ends_with('\n');
        Ok(())
    }
}
