//! The command line as clap parses it: flags and values, not yet checked against each other.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const RENDER_EXAMPLES: &str = "\
Examples:
  flink-render render examples/session-cluster.yaml
  flink-render render cluster.yaml --namespace flink --owner-uid 4f1c0c3e-8c62-4c53-9b5b-0b8f2a4e9d11
  cat cluster.yaml | flink-render render - -o json
  flink-render render clusters/*.yaml --output-dir rendered/";

const LINT_EXAMPLES: &str = "\
Examples:
  flink-render lint cluster.yaml
  flink-render lint clusters/*.yaml --harden --pod-security restricted";

/// Render FlinkCluster resources into the Kubernetes manifests the Flink operator would create.
#[derive(Debug, Parser)]
#[command(name = "flink-render", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render FlinkClusters into manifests (YAML on stdout, or files).
    #[command(after_help = RENDER_EXAMPLES)]
    Render(RenderArgs),
    /// Render FlinkClusters and check the manifests (names, labels, ports, selectors, volumes,
    /// Services, RBAC); findings on stdout, exit 1 if there are any.
    #[command(after_help = LINT_EXAMPLES)]
    Lint(LintArgs),
    /// Print the JSON Schema of the FlinkCluster resource.
    Schema,
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  flink-render completions bash > /etc/bash_completion.d/flink-render"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A multi-document YAML stream.
    Yaml,
    /// A JSON `v1` `List`.
    Json,
}

/// What the operator would read from a live cluster, given on the command line.
#[derive(Debug, Args, Clone, Default)]
pub struct ClusterOptions {
    /// uid of the live FlinkCluster, for ownerReferences (default: metadata.uid; without one no
    /// ownerReferences are written).
    #[arg(long, value_name = "UID")]
    pub owner_uid: Option<String>,
    /// Revision number of the cluster (default 1).
    #[arg(long, value_name = "N")]
    pub revision: Option<String>,
    /// Savepoint to restore the job from, as the operator's job status would hold it.
    #[arg(long, value_name = "PATH")]
    pub from_savepoint: Option<String>,
    /// Kubernetes version to render for (1.25 or newer; default the newest supported, 1.37).
    #[arg(long, value_name = "X.Y")]
    pub kube_version: Option<String>,
    /// Namespace for FlinkClusters that have none.
    #[arg(short = 'n', long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,
    /// Check every rendered pod against this Pod Security Standards level; a violation is an
    /// error (exit 2).
    #[arg(long, value_name = "LEVEL", value_parser = ["privileged", "baseline", "restricted"])]
    pub pod_security: Option<String>,
    /// Set the securityContext fields that make the pods meet the restricted level (fields the
    /// FlinkCluster leaves unset; runs as the Flink image's user 9999).
    #[arg(long)]
    pub harden: bool,
}

/// `flink-render render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// FlinkCluster files (several documents per file are fine); `-` or none for standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output format on stdout.
    #[arg(short, long, value_enum, default_value_t = Format::Yaml)]
    pub output: Format,
    /// Write one file per object into DIR instead of stdout (nothing is written if anything fails).
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Options standing in for the live cluster.
    #[command(flatten)]
    pub cluster: ClusterOptions,
}

/// `flink-render lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// FlinkCluster files (several documents per file are fine); `-` or none for standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Options standing in for the live cluster.
    #[command(flatten)]
    pub cluster: ClusterOptions,
}
