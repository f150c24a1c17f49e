//! What the fuzz targets check, kept apart from libFuzzer so that each target is one call.
//!
//! Every harness takes arbitrary bytes and must not panic, whatever they are. Where an input is
//! accepted, the harness also checks what must then hold: the output is the same bytes twice, and
//! every FlinkCluster that renders renders to objects that pass `flink_render::lint` (what
//! validation lets through must not be refused by the API server). A broken invariant is a panic,
//! which libFuzzer reports as a crash with the input that caused it.
#![forbid(unsafe_code)]

use flink_render::input::{Item, parse_document};
use flink_render::options::{Options, PodSecurityLevel, Target};
use flink_render::spec::FlinkCluster;
use flink_render::yaml::{Document, Limits};
use flink_render::{Source, emit, lint};

/// The options an input is run with, by its length: odd lengths with `--harden --pod-security
/// restricted`, so hardening is fuzzed too, lengths of 2 modulo 4 with `--target native`, the
/// others with the defaults.
fn options_for(data: &[u8]) -> Options {
    match data.len() % 4 {
        1 | 3 => Options {
            harden: Some(true),
            pod_security: Some(PodSecurityLevel::Restricted),
            ..Options::default()
        },
        2 => Options {
            target: Some(Target::Native),
            ..Options::default()
        },
        _ => Options::default(),
    }
}

/// `cluster` rendered under `options` (as `render`, `post-render` and the KRM function render
/// each cluster) passes lint whenever it renders.
fn assert_renders_lint_clean(cluster: &FlinkCluster, options: &Options) {
    if let Ok(rendered) = flink_render::pipeline::render(cluster, options) {
        let findings = lint::lint(&rendered.objects);
        assert!(findings.is_empty(), "lint findings: {findings:#?}");
    }
}

/// The FlinkCluster of a loaded document, if it is one that parses.
fn cluster_of(document: Document) -> Option<FlinkCluster> {
    match parse_document(document, &mut flink_render::diagnostics::Diagnostics::new())? {
        Item::Cluster(parsed) => Some(parsed.cluster),
        _ => None,
    }
}

/// `render` on one input: parse, default, validate, render, order, emit (options by
/// [`options_for`]).
pub fn render(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = options_for(data);
    let sources = [Source {
        origin: "fuzz.yaml",
        text,
    }];
    let Ok(rendered) = flink_render::render_sources(&sources, &options, Limits::default()) else {
        return;
    };
    let findings = lint::lint(&rendered.objects);
    assert!(findings.is_empty(), "lint findings: {findings:#?}");
    let first = emit::yaml_stream(&rendered.objects).expect("rendered objects serialize");
    let again = flink_render::render_sources(&sources, &options, Limits::default())
        .expect("an accepted input is accepted again");
    let second = emit::yaml_stream(&again.objects).expect("rendered objects serialize");
    assert_eq!(first, second, "rendering is deterministic");
    emit::json_list(&rendered.objects).expect("rendered objects serialize as JSON");
}

/// `post-render` on one stream (options by [`options_for`]). Where it is accepted, every
/// document that is not a FlinkCluster is in the output byte for byte and in order, the output
/// is the same bytes twice, and what each FlinkCluster renders to passes lint.
pub fn post_render(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = options_for(data);
    let Ok(first) =
        flink_render::post_render::post_render("fuzz.yaml", text, &options, Limits::default())
    else {
        return;
    };
    let again =
        flink_render::post_render::post_render("fuzz.yaml", text, &options, Limits::default())
            .expect("an accepted stream is accepted again");
    assert_eq!(first.text, again.text, "post-rendering is deterministic");
    let spans = flink_render::yaml::split_stream(text, Limits::default())
        .expect("an accepted stream splits");
    // The byte cut and the YAML reader agree on where documents are: when the whole stream
    // reads as YAML, it holds as many documents with content as the cut finds.
    if let Ok((documents, _)) = flink_render::yaml::load_stream(text, Limits::default()) {
        let read = documents.iter().filter(|d| d.root.is_some()).count();
        let cut = spans
            .iter()
            .filter(|span| {
                flink_render::yaml::load_span(text, span, 0, Limits::default())
                    .is_ok_and(|loaded| loaded.is_some_and(|(d, _)| d.root.is_some()))
            })
            .count();
        assert_eq!(read, cut, "the cut and the YAML reader disagree on documents");
    }
    let mut from = 0;
    for span in spans {
        let document = span.text(text);
        if is_flink_cluster(document) {
            let loaded = flink_render::yaml::load_stream(document, Limits::default())
                .expect("an accepted cluster loads");
            for cluster in loaded.0.into_iter().filter_map(cluster_of) {
                assert_renders_lint_clean(&cluster, &options);
            }
            continue;
        }
        let at = first.text[from..]
            .find(document)
            .unwrap_or_else(|| panic!("document {} is not passed through", span.index));
        from += at + document.len();
    }
}

/// The KRM function on one ResourceList (options by [`options_for`]). Whatever the input, the
/// output is a ResourceList that loads again, and the same bytes twice; what each FlinkCluster
/// item renders to passes lint.
pub fn krm(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = options_for(data);
    let Ok(first) = flink_render::krm::run(text, &options, Limits::default()) else {
        return;
    };
    let again = flink_render::krm::run(text, &options, Limits::default())
        .expect("an accepted ResourceList is accepted again");
    assert_eq!(first.text, again.text, "the function is deterministic");
    let (documents, problems) = flink_render::yaml::load_stream(&first.text, Limits::default())
        .expect("the output ResourceList loads");
    assert!(
        problems.errors().next().is_none(),
        "the output has problems: {problems:?}"
    );
    assert_eq!(documents.len(), 1, "the output is one document");
    let (input, _) = flink_render::yaml::load_stream(text, Limits::default())
        .expect("an accepted ResourceList loads");
    let items = input
        .iter()
        .filter_map(|d| d.root.as_ref())
        .filter_map(|root| root.get("items"))
        .filter_map(|items| match &items.value {
            flink_render::yaml::Value::Sequence(items) => Some(items.clone()),
            _ => None,
        })
        .flatten();
    for item in items {
        let document = Document {
            index: 0,
            location: item.location.clone(),
            root: Some(item),
        };
        if let Some(cluster) = cluster_of(document) {
            assert_renders_lint_clean(&cluster, &options);
        }
    }
}

/// Whether a document of a stream is one post-rendering replaces (its `kind` is FlinkCluster),
/// judged from its parsed root so that any spelling of the key counts.
fn is_flink_cluster(document: &str) -> bool {
    flink_render::yaml::load_stream(document, Limits::default())
        .ok()
        .and_then(|(documents, _)| documents.into_iter().next())
        .and_then(|d| d.root)
        .and_then(|root| root.get("kind").and_then(|k| k.as_str().map(str::to_owned)))
        .is_some_and(|kind| kind == flink_render::spec::KIND)
}

/// The YAML loader alone, within its limits.
pub fn yaml_load(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = flink_render::yaml::load_stream(text, Limits::default());
    }
}
