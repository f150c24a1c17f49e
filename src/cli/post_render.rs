//! `flink-render post-render`: the Helm post-renderer. The manifest stream comes on stdin and
//! the new stream goes to stdout; on any error nothing is printed to stdout, the problems go to
//! stderr and the exit code is 2 (Helm 3 shows stderr; for Helm 4, which hides it, the plugin
//! wrapper in `helm-plugin/` turns the failure into output Helm rejects with the message).

use std::io::Write;

use flink_render::post_render::post_render;
use flink_render::yaml::Limits;

use super::args::PostRenderArgs;
use super::{FAILURE, Outcome, SUCCESS, config};

/// Runs `post-render`.
pub fn run(args: PostRenderArgs) -> Outcome {
    let options = config::options(&args.cluster)?;
    let inputs = config::read_inputs(&[])?;
    let mut stderr = std::io::stderr().lock();
    for input in inputs {
        match post_render(&input.origin, &input.text, &options, Limits::default()) {
            Ok(done) => {
                for warning in &done.warnings {
                    let _ = write!(stderr, "{warning}");
                }
                std::io::stdout().write_all(done.text.as_bytes())?;
            }
            Err(error) => {
                let _ = write!(stderr, "{error}");
                let _ = writeln!(
                    stderr,
                    "flink-render post-render: {} error(s) in {}; nothing was written",
                    error.error_count(),
                    input.origin
                );
                return Ok(FAILURE);
            }
        }
    }
    Ok(SUCCESS)
}
