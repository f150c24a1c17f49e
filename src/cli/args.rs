//! The command line as clap parses it: flags and values, not yet checked against each other.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const RENDER_EXAMPLES: &str = "\
Examples:
  flink-render render examples/session-cluster.yaml
  flink-render render cluster.yaml --namespace flink --owner-uid \"$CLUSTER_UID\"
  cat cluster.yaml | flink-render render - -o json
  flink-render render clusters/*.yaml --output-dir rendered/";

const DIFF_HELP: &str = "\
Both files are rendered; objects are paired by apiVersion, kind, namespace and name and compared
as Kubernetes compares them. --revision is the number of OLD's revision; NEW keeps it when its
revision is unchanged and gets the next number otherwise.

Exit status: 0 no differences, 1 differences, 2 error (bad input, or an update the operator's
webhook refuses: its messages are printed as errors).

Examples:
  flink-render diff deployed.yaml cluster.yaml
  git show main:cluster.yaml | flink-render diff - cluster.yaml --output json
  git show main:cluster.yaml | flink-render diff - cluster.yaml --output markdown > comment.md
  flink-render diff old.yaml new.yaml --revision 7 --job-state stopped";
const POST_RENDER_EXAMPLES: &str = "\
Examples:
  # Helm 3: the binary's path
  helm template rel chart/ --post-renderer \"$(command -v flink-render)\" \\
    --post-renderer-args post-render
  # Helm 4: the plugin in helm-plugin/ (helm plugin install ./helm-plugin)
  helm template rel chart/ --post-renderer flink-render --post-renderer-args --revision=2
  helm template rel chart/ | flink-render post-render --revision 2
Options also come from flink-render/<option> annotations on each FlinkCluster; flags win.";

const KRM_EXAMPLES: &str = "\
Examples:
  kpt fn eval pkg/ --exec \"flink-render krm\" -- kube-version=1.30
  kpt fn eval pkg/ --exec \"flink-render krm\" --fn-config cluster.yaml
  # Kptfile: pipeline: {mutators: [{exec: \"flink-render krm\"}]}
  kpt fn render pkg/ --allow-exec -o unwrap
  # legacy kustomize exec plugin, as kubectl kustomize runs it
  flink-render krm /tmp/kust-plugin-config-1234
Options: flags, then the ConfigMap functionConfig's data, then flink-render/<option>
annotations.";

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
    /// Explain what a FlinkCluster's Flink will do at run time.
    #[command(subcommand)]
    Explain(Explain),
    /// Compare two versions of FlinkClusters: changed objects, and what the operator would do.
    #[command(after_help = DIFF_HELP)]
    Diff(DiffArgs),
    /// Replace the FlinkClusters of a manifest stream on stdin by their manifests, passing
    /// every other document through byte for byte (a Helm post-renderer).
    #[command(after_help = POST_RENDER_EXAMPLES)]
    PostRender(PostRenderArgs),
    /// Run as a KRM function (kpt, kustomize): a ResourceList on stdin, a ResourceList on
    /// stdout. With CONFIG: a legacy kustomize exec plugin (kubectl kustomize).
    #[command(after_help = KRM_EXAMPLES)]
    Krm(KrmArgs),
    /// Render FlinkClusters and check the manifests (names, labels, ports, selectors, volumes,
    /// Services, RBAC); findings on stdout, exit 1 if there are any.
    #[command(after_help = LINT_EXAMPLES)]
    Lint(LintArgs),
    /// Convert FlinkClusters into the Apache Flink Kubernetes Operator's FlinkDeployments
    /// (YAML on stdout); every field without an equivalent is a warning saying what was done
    /// instead (docs/apache-operator.md "Migrating from FlinkCluster").
    #[command(after_help = CONVERT_EXAMPLES)]
    Convert(ExplainArgs),
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

const CONVERT_EXAMPLES: &str = "\
Examples:
  flink-render convert cluster.yaml > deployment.yaml
  # What the migration changes in Kubernetes objects and Flink configuration:
  flink-render render --target native cluster.yaml > before.yaml
  flink-render render deployment.yaml > after.yaml
  diff -u before.yaml after.yaml";

/// What `explain` explains.
#[derive(Debug, Subcommand)]
pub enum Explain {
    /// Kubernetes HA: the ConfigMaps Flink reads and writes, where its state lands under the
    /// storage directory, and the permissions its pods are granted.
    #[command(after_help = "Example:\n  flink-render explain ha cluster.yaml --namespace flink")]
    Ha(ExplainArgs),
    /// Flink's memory model: each memory part of the JobManager and the TaskManagers in bytes
    /// and in Flink's units, the option or default that set it, and the JVM arguments.
    #[command(after_help = EXPLAIN_MEMORY_EXAMPLES)]
    Memory(ExplainMemoryArgs),
    /// The effective Flink configuration: every key of the configuration file the JobManager
    /// and the TaskManagers read, with its origin (spec field, flinkProperties, operator,
    /// memory computation, HA, native target) and, from Flink's option catalogue, its type and
    /// default; then the dynamic properties each process starts with.
    #[command(after_help = EXPLAIN_CONFIG_EXAMPLES)]
    Config(ExplainMemoryArgs),
    /// The first TaskManager pod Flink's native ResourceManager creates for the cluster
    /// (--target native): a preview to read, not a manifest to apply, since Flink creates and
    /// owns these pods itself.
    #[command(
        name = "taskmanager-pod",
        after_help = "Example:\n  flink-render explain taskmanager-pod cluster.yaml --namespace flink"
    )]
    TaskManagerPod(ExplainArgs),
}

const EXPLAIN_MEMORY_EXAMPLES: &str = "\
Examples:
  flink-render explain memory cluster.yaml
  flink-render explain memory cluster.yaml --target native --output json";

const EXPLAIN_CONFIG_EXAMPLES: &str = "\
Examples:
  flink-render explain config cluster.yaml
  flink-render explain config cluster.yaml --target native --output json";

/// Output format of `explain memory` and `explain config`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// Tables.
    Text,
    /// One JSON document (keys in docs/memory.md, docs/flink-options.md).
    Json,
}

/// `flink-render explain memory` and `explain config`.
#[derive(Debug, Args)]
pub struct ExplainMemoryArgs {
    /// FlinkCluster files; `-` or none for standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output format on stdout.
    #[arg(short, long, value_enum, default_value_t = ExplainFormat::Text)]
    pub output: ExplainFormat,
    /// Options standing in for the live cluster.
    #[command(flatten)]
    pub cluster: ClusterOptions,
    /// Barrier init containers.
    #[command(flatten)]
    pub barrier: BarrierOptions,
}

/// `flink-render explain ha`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// FlinkCluster files; `-` or none for standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Options standing in for the live cluster.
    #[command(flatten)]
    pub cluster: ClusterOptions,
    /// Barrier init containers.
    #[command(flatten)]
    pub barrier: BarrierOptions,
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
    /// What to render: the Flink operator's objects, or the objects Flink's native Kubernetes
    /// integration creates (docs/native.md) (default operator).
    #[arg(long, value_name = "TARGET", value_parser = ["operator", "native"])]
    pub target: Option<String>,
    /// The Apache Flink Kubernetes Operator's configuration for FlinkDeployments and
    /// FlinkSessionJobs: its `flink-conf.yaml` (or `config.yaml`), as the Helm chart's
    /// `defaultConfiguration` makes it (default: the chart's defaults).
    #[arg(long, value_name = "FILE")]
    pub operator_config: Option<PathBuf>,
    /// Job id of an application FlinkDeployment, 32 hex digits (default: a stated placeholder
    /// derived from its namespace, name and generation; docs/apache-operator.md).
    #[arg(long, value_name = "ID")]
    pub job_id: Option<String>,
    /// Make every warning an error (exit 2): unknown Flink options, deprecated keys, missing
    /// file-system plugins, ... (for CI).
    #[arg(long)]
    pub strict: bool,
}

/// Barrier init containers (each also settable as a `flink-render/<option>` annotation).
#[derive(Debug, Args, Clone, Default)]
pub struct BarrierOptions {
    /// Give TaskManagers, the job submitter and the application-mode JobManager a barrier init
    /// container that waits for the pods they depend on (true or false; default false).
    #[arg(
        long,
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true"
    )]
    pub barrier: Option<String>,
    /// Image of the barrier init containers: needs sh and kubectl (default docker.io/alpine/k8s:1.33.4).
    #[arg(long, value_name = "IMAGE")]
    pub barrier_image: Option<String>,
    /// Seconds between two checks of a barrier (default 10, at least 5).
    #[arg(long, value_name = "SECONDS")]
    pub barrier_check_interval_sec: Option<String>,
    /// Seconds a barrier waits before it fails (default 600, 60 to 1200).
    #[arg(long, value_name = "SECONDS")]
    pub barrier_check_timeout_sec: Option<String>,
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
    /// With --output-dir: delete the YAML files in DIR that this run did not write, so DIR holds
    /// exactly the rendered objects.
    #[arg(long, requires = "output_dir")]
    pub prune: bool,
    /// Options standing in for the live cluster.
    #[command(flatten)]
    pub cluster: ClusterOptions,
    /// Barrier init containers.
    #[command(flatten)]
    pub barrier: BarrierOptions,
    /// How problems are written on stderr.
    #[command(flatten)]
    pub diagnostics: DiagnosticsOptions,
}

/// Output format of `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A summary per cluster, then unified diffs.
    Text,
    /// One JSON document (schema in docs/diff.md).
    Json,
    /// A report for a pull request comment (docs/diff.md); also written when the operator's
    /// webhook refuses the update, saying why.
    Markdown,
}

/// Format of the problems (errors, warnings, lint findings) on stderr.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticsFormat {
    /// For people: each problem with its source line.
    Text,
    /// One JSON document (schema/diagnostics.schema.json).
    Json,
    /// A SARIF 2.1.0 log (GitHub code scanning and other review tools).
    Sarif,
    /// GitHub Actions workflow commands: an annotation per problem.
    Github,
    /// A GitLab code quality report.
    Gitlab,
}

/// `--diagnostics`.
#[derive(Debug, Args, Clone, Copy)]
pub struct DiagnosticsOptions {
    /// Write the problems on stderr as text, or as one document for machines (docs/diagnostics.md):
    /// json, sarif, github (workflow commands), gitlab (code quality).
    #[arg(long = "diagnostics", value_enum, value_name = "FORMAT", default_value_t = DiagnosticsFormat::Text)]
    pub format: DiagnosticsFormat,
}

/// When to colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// When standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// State of the live job.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum JobState {
    /// The job is running.
    Running,
    /// The job finished or was cancelled; the cluster was kept.
    Stopped,
}

/// `flink-render diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The FlinkClusters as they run now (`-` for standard input).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The FlinkClusters as they would be applied (`-` for standard input).
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output format on stdout.
    #[arg(short, long, value_enum, default_value_t = DiffFormat::Text)]
    pub output: DiffFormat,
    /// When to colour the text output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// With --output markdown: the most bytes the report may have; diffs that do not fit are
    /// cut, with a count (default 64000: one GitHub comment, with room for a title).
    #[arg(long, value_name = "N", default_value_t = flink_render::diff::markdown::MAX_BYTES)]
    pub max_bytes: usize,
    /// State of the live job, which the operator's webhook checks.
    #[arg(long, value_enum, default_value_t = JobState::Running)]
    pub job_state: JobState,
    /// The live status.components.job.savepointGeneration (default: OLD's spec.job.savepointGeneration).
    #[arg(long, value_name = "N")]
    pub status_savepoint_generation: Option<i32>,
    /// Options standing in for the live cluster.
    #[command(flatten)]
    pub cluster: ClusterOptions,
    /// Barrier init containers (both sides are rendered with them).
    #[command(flatten)]
    pub barrier: BarrierOptions,
    /// How problems are written on stderr.
    #[command(flatten)]
    pub diagnostics: DiagnosticsOptions,
}

/// `flink-render post-render`.
#[derive(Debug, Args)]
pub struct PostRenderArgs {
    /// Manifest files, post-rendered in order and joined by `---`; `-` or none for standard
    /// input (what Helm gives).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Options standing in for the live cluster.
    #[command(flatten)]
    pub cluster: ClusterOptions,
    /// Barrier init containers.
    #[command(flatten)]
    pub barrier: BarrierOptions,
    /// How problems are written on stderr.
    #[command(flatten)]
    pub diagnostics: DiagnosticsOptions,
}

/// `flink-render krm`.
#[derive(Debug, Args)]
pub struct KrmArgs {
    /// Legacy kustomize exec plugin mode: the file holding the FlinkCluster configuration
    /// (kustomize passes a temporary copy); resources on stdin, if any, are post-rendered.
    #[arg(value_name = "CONFIG")]
    pub config: Option<PathBuf>,
    /// Options standing in for the live cluster.
    #[command(flatten)]
    pub cluster: ClusterOptions,
    /// Barrier init containers.
    #[command(flatten)]
    pub barrier: BarrierOptions,
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
    /// Barrier init containers.
    #[command(flatten)]
    pub barrier: BarrierOptions,
    /// How problems are written on stderr.
    #[command(flatten)]
    pub diagnostics: DiagnosticsOptions,
}
