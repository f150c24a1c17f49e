//! `flink-render`: the command-line shell. Everything it does is in the library; this only
//! parses arguments and turns the outcome into an exit code.
#![forbid(unsafe_code)]

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let parsed = match cli::args::Cli::try_parse() {
        Ok(parsed) => parsed,
        Err(error) => {
            // Usage errors exit 2, like every other failure; --help and --version exit 0.
            let _ = error.print();
            return std::process::ExitCode::from(if error.use_stderr() {
                cli::FAILURE
            } else {
                cli::SUCCESS
            });
        }
    };
    cli::exit_code(cli::run(parsed))
}
