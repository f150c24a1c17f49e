//! `flink-render post-render`: the Helm post-renderer. The manifest stream comes on stdin (or
//! from files, each post-rendered on its own and joined by `---`) and the new stream goes to
//! stdout; on any error nothing is printed to stdout, the problems go to
//! stderr and the exit code is 2 (Helm 3 shows stderr; for Helm 4, which hides it, the plugin
//! wrapper in `helm-plugin/` turns the failure into output Helm rejects with the message).

use std::io::Write;

use std::borrow::Cow;

use flink_render::post_render::{MAX_STREAM_BYTES, post_render_parts, stream_limits};

use super::args::PostRenderArgs;
use super::{FAILURE, Outcome, SUCCESS, config, diagnostics};

/// Runs `post-render`.
pub fn run(args: PostRenderArgs) -> Outcome {
    let options = config::options(&args.cluster, &args.barrier)?;
    let inputs = config::read_inputs(&args.files, MAX_STREAM_BYTES)?;
    let mut stderr = std::io::stderr().lock();
    let mut out: Vec<Cow<'_, str>> = Vec::new();
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
        match post_render_parts(&input.origin, text, &options, stream_limits()) {
            Ok(done) => {
                clusters += done.clusters;
                // With several files, "no FlinkCluster" is news only about all of them.
                let several = inputs.len() > 1;
                for warning in &done.warnings {
                    let news = !(several && done.clusters == 0 && warning.document.is_none());
                    if news && !diagnostics::collect(std::slice::from_ref(&warning.report)) {
                        let _ = write!(stderr, "{warning}");
                    }
                }
                join(&mut out, done.pieces);
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
    if diagnostics::collecting() {
        // One document on stderr, nothing else: the counts are in it.
        return Ok(if errors > 0 {
            FAILURE
        } else {
            write_out(&out)?
        });
    }
    if errors > 0 {
        let _ = writeln!(
            stderr,
            "flink-render post-render: {errors} error(s); nothing was written"
        );
        return Ok(FAILURE);
    }
    if inputs.len() > 1 && clusters == 0 {
        let _ = writeln!(
            stderr,
            "warning: no FlinkCluster in any of the {} files; every document was passed through unchanged",
            inputs.len()
        );
    }
    write_out(&out)
}

fn write_out(out: &[Cow<'_, str>]) -> Outcome {
    let mut stdout = std::io::stdout().lock();
    for piece in out {
        stdout.write_all(piece.as_bytes())?;
    }
    stdout.flush()?;
    Ok(SUCCESS)
}

/// Adds the stream of one more file, starting it with `---` unless it starts with one (the
/// pieces are kept, not copied into one string).
fn join<'a>(out: &mut Vec<Cow<'a, str>>, stream: Vec<Cow<'a, str>>) {
    let last = out.iter().rev().find(|s| !s.is_empty());
    let first = stream.iter().find(|s| !s.is_empty());
    if let (Some(last), Some(first)) = (last, first) {
        let mut separator = String::new();
        if !last.ends_with('\n') {
            separator.push('\n');
        }
        if !first.starts_with("---") {
            separator.push_str("---\n");
        }
        out.push(Cow::Owned(separator));
    }
    out.extend(stream);
}
