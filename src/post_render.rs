//! Post-rendering: a stream of manifests in, the same stream out with every FlinkCluster
//! replaced by the manifests rendered from it.
//!
//! This is the contract of a Helm post-renderer (and of a kustomize exec plugin acting as a
//! transformer). Documents that are not FlinkClusters are copied byte for byte — comments,
//! anchors, key order, markers, line endings — because the stream is cut into byte ranges
//! ([`crate::yaml::split_stream`]) and only the ranges of FlinkClusters are rewritten.
//!
//! A FlinkCluster's range is replaced in place, so the stream keeps its order; the objects of
//! one cluster come in install order. The replacement keeps the document's header: its `---`
//! marker, directives and comments (Helm 3's `# Source: <chart>/templates/<file>` line) stay
//! above the first object, and every further object repeats the `# Source:` lines, so
//! `helm template` output still says where each object came from. A trailing `...` marker is
//! kept. Comments inside the FlinkCluster document go with it. The replacement uses the line
//! ending of the document it replaces.
//!
//! Helm 4 marks each document with the annotation [`HELM_FILENAME_ANNOTATION`] naming its
//! template; it is copied onto every object made from a FlinkCluster, so that Helm files the
//! objects under the FlinkCluster's template.
//!
//! The Apache Flink Kubernetes Operator's FlinkDeployments and FlinkSessionJobs stay in the
//! stream as they are: they are that operator's input, and replacing a FlinkDeployment by its
//! objects would take the operator (its job submission, upgrades, savepoints) out of the loop.
//! They are checked as `render` checks them, and their problems stop post-rendering as a
//! FlinkCluster's do. (A FlinkCluster differs by design: flink-render stands in for the
//! FlinkCluster operator's rendering.)
//!
//! Problems are reported per document: which document of the stream, which FlinkCluster, from
//! which template, each at its line and column in the stream.

use std::collections::BTreeMap;
use std::fmt;

use crate::diagnostics::{Diagnostic, Diagnostics, Report};
use crate::input::{self, Item};
use crate::object::Object;
use crate::options::Options;
use crate::path::FieldPath;
use crate::pipeline;
use crate::yaml::{self, DocumentSpan, EmitError, Limits, Node};

/// The annotation Helm 4 puts on every document it hands to a post-renderer, naming the
/// template the document came from (`<chart>/templates/<file>`).
pub const HELM_FILENAME_ANNOTATION: &str = "postrenderer.helm.sh/postrender-filename";

/// Largest stream `post-render` reads (256 MiB): documents that are not FlinkClusters are only
/// cut and copied, so a stream may be far larger than a single input to `render`; each
/// FlinkCluster document is still read within [`Limits::default`]'s nesting and node bounds.
pub const MAX_STREAM_BYTES: usize = 256 * 1024 * 1024;

/// The limits for post-rendering a stream: [`Limits::default`] with [`MAX_STREAM_BYTES`].
pub fn stream_limits() -> Limits {
    Limits {
        max_input_bytes: MAX_STREAM_BYTES,
        ..Limits::default()
    }
}

/// The prefix of the comment Helm 3 writes above each document.
const HELM_SOURCE_COMMENT: &str = "# Source:";

/// The result of post-rendering a stream.
#[derive(Clone, Debug)]
pub struct PostRendered {
    /// The new stream.
    pub text: String,
    /// How many FlinkClusters were replaced.
    pub clusters: usize,
    /// Warnings (post-rendering went ahead).
    pub warnings: Vec<StreamReport>,
}

/// Which document of a stream a report is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentContext {
    /// Position of the document in the stream, from 0 (printed from 1).
    pub index: usize,
    /// `kind` of the document, when it has one.
    pub kind: Option<String>,
    /// `namespace/name` (or `name`) of the document, when it has one.
    pub name: Option<String>,
    /// The template it came from: Helm 4's filename annotation, or Helm 3's `# Source:` line.
    pub template: Option<String>,
}

impl fmt::Display for DocumentContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "document {}", self.index + 1)?;
        match (&self.kind, &self.name) {
            (Some(kind), Some(name)) => write!(f, ", {kind} {name}")?,
            (Some(kind), None) => write!(f, ", a {kind}")?,
            _ => {}
        }
        if let Some(template) = &self.template {
            write!(f, ", from {template}")?;
        }
        Ok(())
    }
}

/// The problems of one document of a stream, or of the stream as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamReport {
    /// The document, or `None` for problems of the whole stream (such as a syntax error).
    pub document: Option<DocumentContext>,
    /// The problems, with lines and columns counted in the whole stream.
    pub report: Report,
}

impl fmt::Display for StreamReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(document) = &self.document {
            writeln!(f, "in {}, {document}:", self.report.origin)?;
        }
        write!(f, "{}", self.report)
    }
}

/// Why a stream could not be post-rendered: every problem of every document.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct PostRenderError {
    /// One report per document with problems, in stream order.
    pub reports: Vec<StreamReport>,
}

impl PostRenderError {
    /// Number of errors over all reports.
    pub fn error_count(&self) -> usize {
        self.reports
            .iter()
            .map(|r| r.report.diagnostics.errors().count())
            .sum()
    }
}

impl fmt::Display for PostRenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, report) in self.reports.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{report}")?;
        }
        Ok(())
    }
}

/// Replaces every FlinkCluster of the stream `text` by its manifests and passes every other
/// document through unchanged. `origin` names the stream in reports (`<stdin>`).
///
/// ```
/// use flink_render::{post_render::post_render, Options};
/// use flink_render::yaml::Limits;
///
/// let text = "---\n# Source: demo/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap   # ours\nmetadata: {name: settings}\n---\n# Source: demo/templates/flink.yaml\napiVersion: flinkoperator.k8s.io/v1beta1\nkind: FlinkCluster\nmetadata:\n  name: demo\nspec:\n  flinkVersion: \"1.18\"\n  image: {name: flink:1.18}\n";
/// let out = post_render("<stdin>", text, &Options::default(), Limits::default()).expect("valid");
/// assert!(out.text.starts_with("---\n# Source: demo/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap   # ours\n"));
/// assert!(out.text.contains("---\n# Source: demo/templates/flink.yaml\napiVersion: apps/v1\nkind: StatefulSet\n"));
/// assert_eq!(out.clusters, 1);
/// ```
pub fn post_render(
    origin: &str,
    text: &str,
    options: &Options,
    limits: Limits,
) -> Result<PostRendered, PostRenderError> {
    let checked = check(origin, text, options, limits)?;
    let mut out = String::with_capacity(text.len());
    write(origin, text, &checked, options, limits, |piece| {
        out.push_str(piece);
        Ok::<(), std::convert::Infallible>(())
    })
    .map_err(|error| match error {
        WriteError::Refused(error) => error,
        WriteError::Sink(never) => match never {},
    })?;
    Ok(PostRendered {
        text: out,
        clusters: checked.clusters(),
        warnings: checked.warnings,
    })
}

/// What checking a stream found (pass one of [`post_render`]): where its documents are, which
/// are FlinkClusters, and the warnings. Nothing rendered is kept, so memory is that of the
/// stream and one cluster.
#[derive(Clone, Debug)]
pub struct Checked {
    spans: Vec<DocumentSpan>,
    /// Span index of each FlinkCluster, with the line breaks before it.
    clusters: BTreeMap<usize, usize>,
    /// How many FlinkDeployments and FlinkSessionJobs were checked (and are kept as they are).
    apache: usize,
    /// Warnings (post-rendering goes ahead).
    pub warnings: Vec<StreamReport>,
}

impl Checked {
    /// How many FlinkClusters the stream holds.
    pub fn clusters(&self) -> usize {
        self.clusters.len()
    }

    /// How many FlinkDeployments and FlinkSessionJobs the stream holds: checked, and passed
    /// through unchanged.
    pub fn apache_resources(&self) -> usize {
        self.apache
    }
}

/// Why pass two of post-rendering stopped.
#[derive(Debug)]
pub enum WriteError<E> {
    /// A problem the check did not see; what was written before stays written.
    Refused(PostRenderError),
    /// The sink failed.
    Sink(E),
}

/// Pass one: reads every FlinkCluster of the stream `text` (documents of other kinds are not
/// parsed), defaults and validates it, and checks that no two collide; checks every
/// FlinkDeployment and FlinkSessionJob the same way (they are kept, see the module's
/// documentation). `Err` holds every problem of every document; nothing is rendered.
pub fn check(
    origin: &str,
    text: &str,
    options: &Options,
    limits: Limits,
) -> Result<Checked, PostRenderError> {
    let whole_stream = |diagnostic: Diagnostic| PostRenderError {
        reports: vec![StreamReport {
            document: None,
            report: Report::new(origin, text, Diagnostics::from(vec![diagnostic])),
        }],
    };
    let spans = yaml::split_stream(text, limits).map_err(|e| whole_stream(e.into_diagnostic()))?;

    // Only FlinkCluster documents are ours to read. A document can only be one if its bytes
    // spell `FlinkCluster`, or could through an escape in a double-quoted scalar; every other
    // document is copied without being parsed at all.
    let mut diagnostics = Diagnostics::new();
    let mut contexts: Vec<DocumentContext> = Vec::new();
    let mut clusters = BTreeMap::new();
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut lines_before = 0usize;
    let mut counted_to = 0usize;
    let mut hints = candidate_hints(text).peekable();
    // The Apache operator's resources, checked once all are read (a FlinkSessionJob is checked
    // against its session FlinkDeployment, wherever it is in the stream).
    let mut apache: Vec<(DocumentContext, input::ParsedApache, Diagnostics)> = Vec::new();
    for span in &spans {
        // Skip the hints before this document; is there one inside it?
        while hints.next_if(|&at| at < span.range.start).is_some() {}
        if hints.peek().is_none_or(|&at| at >= span.range.end) {
            continue;
        }
        lines_before +=
            yaml::count_line_breaks(text.get(counted_to..span.range.start).unwrap_or_default());
        counted_to = span.range.start;
        let (document, mut found) = match yaml::load_span(text, span, lines_before, limits) {
            Ok(Some(loaded)) => loaded,
            Ok(None) => continue,
            Err(error) => {
                contexts.push(context(span.index, None, Some(span), text));
                diagnostics.push(error.into_diagnostic());
                continue;
            }
        };
        let root = document.root.as_ref();
        let kind = root.and_then(|r| r.get("kind")).and_then(Node::as_str);
        if kind.is_some_and(|kind| APACHE_KINDS.contains(&kind)) {
            let here = context(span.index, root, Some(span), text);
            match input::parse_document(document, &mut found) {
                Some(Item::Apache(parsed)) if !found.has_errors() => {
                    apache.push((here, *parsed, found));
                }
                _ => {
                    if !found.is_empty() {
                        contexts.push(here);
                        diagnostics.extend(found);
                    }
                }
            }
            continue;
        }
        if kind != Some(crate::spec::KIND) {
            continue;
        }
        clusters.insert(span.index, lines_before);
        let here = context(span.index, root, Some(span), text);
        if let Some(Item::Cluster(parsed)) = input::parse_document(document, &mut found) {
            let (namespace, name) = pipeline::cluster_identity(&parsed.cluster, options);
            if let Some(first) = seen.insert((namespace.clone(), name.clone()), parsed.document) {
                found.push(collision(
                    crate::spec::KIND,
                    first,
                    (&namespace, &name),
                    &parsed.source,
                ));
            } else {
                let mut problems = pipeline::check_cluster(&parsed.cluster, options);
                parsed.source.place(&mut problems);
                found.extend(problems);
            }
        }
        if !found.is_empty() {
            contexts.push(here);
            diagnostics.extend(found);
        }
    }
    let resources = apache.len();
    check_apache(apache, options, &mut contexts, &mut diagnostics);
    if clusters.is_empty() && resources == 0 && !diagnostics.has_errors() {
        diagnostics.warning(
            FieldPath::root(),
            "no FlinkCluster in the input; every document was passed through unchanged",
        );
    }
    let reports = by_document(origin, text, &spans, &contexts, diagnostics);
    if reports.iter().any(|r| r.report.has_errors()) {
        return Err(PostRenderError { reports });
    }
    Ok(Checked {
        spans,
        clusters,
        apache: resources,
        warnings: reports,
    })
}

/// Pass two, over a stream that passed [`check`]: hands `sink` the new stream piece by piece,
/// in order: runs of the input as they are, and the text standing in for each FlinkCluster,
/// rendered when its turn comes (so memory stays that of one cluster).
pub fn write<E>(
    origin: &str,
    text: &str,
    checked: &Checked,
    options: &Options,
    limits: Limits,
    mut sink: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), WriteError<E>> {
    let mut copied_from = 0;
    for span in &checked.spans {
        let Some(&lines_before) = checked.clusters.get(&span.index) else {
            continue;
        };
        let before = text.get(copied_from..span.range.start).unwrap_or_default();
        if !before.is_empty() {
            sink(before).map_err(WriteError::Sink)?;
        }
        let replacement =
            render_span(text, span, lines_before, options, limits).map_err(|diagnostics| {
                WriteError::Refused(PostRenderError {
                    reports: vec![StreamReport {
                        document: Some(context(span.index, None, Some(span), text)),
                        report: Report::new(origin, text, diagnostics),
                    }],
                })
            })?;
        sink(&replacement).map_err(WriteError::Sink)?;
        copied_from = span.range.end;
    }
    let rest = text.get(copied_from..).unwrap_or_default();
    if !rest.is_empty() {
        sink(rest).map_err(WriteError::Sink)?;
    }
    Ok(())
}

/// The text standing in for the FlinkCluster document `span`: its objects, rendered now.
fn render_span(
    text: &str,
    span: &DocumentSpan,
    lines_before: usize,
    options: &Options,
    limits: Limits,
) -> Result<String, Diagnostics> {
    let (document, mut diagnostics) = yaml::load_span(text, span, lines_before, limits)
        .map_err(|e| Diagnostics::from(vec![e.into_diagnostic()]))?
        .ok_or_else(|| {
            Diagnostics::from(vec![Diagnostic::error(
                FieldPath::root(),
                "the document is empty",
            )])
        })?;
    let template = document
        .root
        .as_ref()
        .and_then(helm_filename)
        .map(str::to_owned);
    let parsed = match input::parse_document(document, &mut diagnostics) {
        Some(Item::Cluster(parsed)) if !diagnostics.has_errors() => parsed,
        _ => return Err(diagnostics),
    };
    let rendered = pipeline::render(&parsed.cluster, options).map_err(|mut found| {
        parsed.source.place(&mut found);
        found
    })?;
    let mut objects = rendered.objects;
    if let Some(template) = &template {
        for object in &mut objects {
            object
                .metadata_mut()
                .annotations
                .get_or_insert_with(BTreeMap::new)
                .insert(HELM_FILENAME_ANNOTATION.to_owned(), template.clone());
        }
    }
    replacement(text, span, &objects)
        .map_err(|e| Diagnostics::from(vec![Diagnostic::error(FieldPath::root(), e.to_string())]))
}

/// The kinds of the Apache Flink Kubernetes Operator that post-rendering checks and keeps.
const APACHE_KINDS: [&str; 2] = [
    crate::apache_spec::DEPLOYMENT_KIND,
    crate::apache_spec::SESSION_JOB_KIND,
];

/// Checks the FlinkDeployments and FlinkSessionJobs of a stream as `render` checks them (a
/// FlinkSessionJob against its session FlinkDeployment in the stream), and that no two
/// FlinkDeployments share a name and namespace. They stay in the stream as they are: they are
/// the Apache operator's input, and the operator, not flink-render, makes their objects.
fn check_apache(
    apache: Vec<(DocumentContext, input::ParsedApache, Diagnostics)>,
    options: &Options,
    contexts: &mut Vec<DocumentContext>,
    diagnostics: &mut Diagnostics,
) {
    let deployments: Vec<_> = apache
        .iter()
        .filter_map(|(_, parsed, _)| match &parsed.resource {
            input::ApacheResource::Deployment(deployment) => Some((**deployment).clone()),
            input::ApacheResource::SessionJob(_) => None,
        })
        .collect();
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (here, parsed, mut found) in apache {
        let identity = pipeline::apache::deployment_identity(&parsed.resource, options);
        let first = identity
            .as_ref()
            .and_then(|identity| seen.insert(identity.clone(), here.index));
        if let (Some(first), Some((namespace, name))) = (first, identity) {
            found.push(collision(
                crate::apache_spec::DEPLOYMENT_KIND,
                first,
                (&namespace, &name),
                &parsed.source,
            ));
        } else {
            let mut problems =
                pipeline::apache::check_resource(&parsed.resource, options, &deployments);
            parsed.source.place(&mut problems);
            found.extend(problems);
        }
        if !found.is_empty() {
            contexts.push(here);
            diagnostics.extend(found);
        }
    }
}

/// The error for a `kind` named `name` in `namespace` (its fields in `map`) when document
/// `first` (from 0) has the same identity.
fn collision(
    kind: &str,
    first: usize,
    (namespace, name): (&str, &str),
    map: &input::SourceMap,
) -> Diagnostic {
    Diagnostic::error(
        FieldPath::fields("metadata.name"),
        format!(
            "document {} is a {kind} with the same name {name:?} in namespace {namespace:?}; the objects of both would collide",
            first + 1
        ),
    )
    .at(Some(map.locate(&FieldPath::fields("metadata.name"))))
}

/// Where the stream's bytes spell `FlinkCluster`, `FlinkDeployment` or `FlinkSessionJob`, or
/// hold a backslash (which could spell one through an escape in a double-quoted scalar), in
/// order: the only documents that can be ours hold one of these. Both searches are vectorised
/// scans of the whole stream.
fn candidate_hints(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let ours = |at: &usize| {
        let rest = bytes.get(at + "Flink".len()..).unwrap_or_default();
        [b"Cluster".as_slice(), b"Deployment", b"SessionJob"]
            .iter()
            .any(|tail| rest.starts_with(tail))
    };
    let mut kinds = memchr::memmem::find_iter(bytes, b"Flink")
        .filter(ours)
        .peekable();
    let mut escapes = memchr::memchr_iter(b'\\', bytes).peekable();
    std::iter::from_fn(move || match (kinds.peek(), escapes.peek()) {
        (Some(k), Some(e)) if k <= e => kinds.next(),
        (Some(_), Some(_)) | (None, Some(_)) => escapes.next(),
        (Some(_), None) => kinds.next(),
        (None, None) => None,
    })
}

/// The value of Helm 4's filename annotation on a document.
fn helm_filename(root: &Node) -> Option<&str> {
    root.get("metadata")?
        .get("annotations")?
        .get(HELM_FILENAME_ANNOTATION)?
        .as_str()
}

/// The `# Source:` lines of a document header, each with its line break.
fn source_comments(header: &str) -> impl Iterator<Item = &str> {
    header
        .split_inclusive('\n')
        .filter(|line| line.starts_with(HELM_SOURCE_COMMENT))
}

fn context(
    index: usize,
    root: Option<&Node>,
    span: Option<&DocumentSpan>,
    text: &str,
) -> DocumentContext {
    let field = |name: &str| root.and_then(|r| r.get(name)).and_then(Node::as_str);
    let metadata = |name: &str| {
        root.and_then(|r| r.get("metadata"))
            .and_then(|m| m.get(name))
            .and_then(Node::as_str)
    };
    let name = metadata("name").map(|name| match metadata("namespace") {
        Some(namespace) => format!("{namespace}/{name}"),
        None => name.to_owned(),
    });
    let from_comment = span.and_then(|s| {
        source_comments(s.header(text))
            .next()
            .and_then(|line| line.get(HELM_SOURCE_COMMENT.len()..))
            .map(|rest| rest.trim().to_owned())
    });
    DocumentContext {
        index,
        kind: field("kind").map(str::to_owned),
        name,
        template: root
            .and_then(helm_filename)
            .map(str::to_owned)
            .or(from_comment),
    }
}

/// Groups diagnostics by the document their line falls into, in stream order; diagnostics
/// without a position form a report about the whole stream, last.
/// Which document a line of the stream belongs to.
fn document_at(text: &str, spans: &[DocumentSpan]) -> impl Fn(usize) -> Option<usize> {
    // The first line of each document, counted in one pass over the stream.
    let mut first_lines: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    let mut lines = 1;
    let mut counted_to = 0;
    for span in spans {
        let from = counted_to.min(span.range.start);
        lines += text
            .get(from..span.range.start)
            .unwrap_or_default()
            .matches('\n')
            .count();
        counted_to = span.range.start;
        first_lines.push((lines, span.index));
    }
    move |line| {
        let after = first_lines.partition_point(|(first, _)| *first <= line);
        after
            .checked_sub(1)
            .and_then(|i| first_lines.get(i))
            .map(|(_, index)| *index)
    }
}

fn by_document(
    origin: &str,
    text: &str,
    spans: &[DocumentSpan],
    contexts: &[DocumentContext],
    mut diagnostics: Diagnostics,
) -> Vec<StreamReport> {
    if diagnostics.is_empty() {
        return Vec::new();
    }
    // What post-rendering found itself (a cluster given twice, a stream without any); the
    // stages' diagnostics are tagged already.
    diagnostics.tag(crate::diagnostics::Rule::Documents);
    let document_of = document_at(text, spans);
    let mut groups: BTreeMap<Option<usize>, Diagnostics> = BTreeMap::new();
    for diagnostic in diagnostics {
        let document = diagnostic.location.and_then(|at| document_of(at.line));
        groups.entry(document).or_default().push(diagnostic);
    }
    let mut reports: Vec<StreamReport> = Vec::new();
    let mut whole = None;
    for (document, mut found) in groups {
        found.sort_by_location();
        let report = StreamReport {
            document: document.and_then(|i| contexts.iter().find(|c| c.index == i).cloned()),
            report: Report::new(origin, text, found),
        };
        match document {
            Some(_) => reports.push(report),
            None => whole = Some(report),
        }
    }
    reports.extend(whole);
    reports
}

/// The text standing in for one FlinkCluster document.
fn replacement(text: &str, span: &DocumentSpan, objects: &[Object]) -> Result<String, EmitError> {
    let original = span.text(text);
    let eol = match original.find('\n') {
        Some(at) if at > 0 && original.get(at - 1..at) == Some("\r") => "\r\n",
        _ => "\n",
    };
    let mut header = span.header(text);
    if header.is_empty() && span.range.start == 0 && text.starts_with('\u{feff}') {
        header = "\u{feff}";
    }
    let lines = || {
        header
            .split_inclusive('\n')
            .map(|l| l.trim_start_matches('\u{feff}'))
    };
    let has_marker = lines().any(|l| l.starts_with("---"));
    let has_directive = lines().any(|l| l.starts_with('%'));
    // A document that does not start the stream needs a `---` (YAML 1.1 readers, such as
    // Helm's and kubectl's, want one even after a `...`).
    let needs_marker = !has_marker && (has_directive || span.range.start > 0);

    let mut out = String::from(header);
    for (i, object) in objects.iter().enumerate() {
        if i > 0 || needs_marker {
            out.push_str("---");
            out.push_str(eol);
        }
        if i > 0 {
            out.extend(source_comments(header));
        }
        let yaml = yaml::to_yaml(object)?;
        if eol == "\n" {
            out.push_str(&yaml);
        } else {
            out.push_str(&yaml.replace('\n', eol));
        }
    }
    out.push_str(span.trailer(text));
    Ok(out)
}
