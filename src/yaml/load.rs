//! Reads a YAML stream into positioned [`Document`]s, within fixed limits.
//!
//! Limits come first: input size, nesting depth and the number of nodes after alias expansion
//! are all bounded, so a 50 MB file, a 10,000-level nesting or an alias bomb is refused quickly
//! with a message instead of exhausting memory. Aliases are expanded (Kubernetes expands them
//! too) and `<<` merge keys are applied. Syntax errors stop the load; duplicate keys are
//! collected so that one run reports all of them.

use std::collections::{HashMap, HashSet};

use serde_saphyr::granit_parser::{Event, Marker, Parser, ScalarStyle as ParserStyle, ScanError};

use super::node::{Document, Node, Scalar, ScalarStyle, Tag, Value};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Rule};
use crate::path::FieldPath;

/// The namespace of YAML's own tags (`!!str` is `tag:yaml.org,2002:str`).
const YAML_TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// Bounds on what a single input may cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted input, in bytes.
    pub max_input_bytes: usize,
    /// Deepest accepted nesting of sequences and mappings.
    pub max_depth: usize,
    /// Most nodes one document may hold (aliases counted with what they expand to), and most
    /// nodes the aliases of a whole stream may expand to.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_input_bytes: 32 * 1024 * 1024,
            max_depth: 128,
            max_nodes: 2_000_000,
        }
    }
}

/// Why a stream could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct LoadError {
    /// What went wrong.
    pub message: String,
    /// Where, when known.
    pub location: Option<Location>,
    /// [`Rule::YamlSyntax`], or [`Rule::InputLimits`] for an input beyond the limits.
    pub rule: Rule,
}

impl LoadError {
    fn at(message: impl Into<String>, location: Option<Location>) -> LoadError {
        LoadError {
            message: message.into(),
            location,
            rule: Rule::YamlSyntax,
        }
    }

    /// The same error, about an input beyond the [`Limits`].
    fn beyond_limits(mut self) -> LoadError {
        self.rule = Rule::InputLimits;
        self
    }

    /// This error as a diagnostic about the whole document.
    pub fn into_diagnostic(self) -> Diagnostic {
        Diagnostic::error(FieldPath::root(), self.message)
            .at(self.location)
            .with_rule(self.rule)
    }
}

/// Reads every document of `source`. Duplicate keys are reported in the returned diagnostics
/// (the first occurrence is kept); anything that prevents reading the stream is an `Err`.
pub fn load_stream(
    source: &str,
    limits: Limits,
) -> Result<(Vec<Document>, Diagnostics), LoadError> {
    let mut documents = Vec::new();
    let mut diagnostics = Diagnostics::new();
    for loaded in documents_of(source, limits) {
        let (document, found) = loaded?;
        documents.push(document);
        diagnostics.extend(found);
    }
    Ok((documents, diagnostics))
}

/// The documents of `source` one at a time, each with its duplicate-key problems, so that a
/// stream of many documents costs the memory of one. The limits apply to the whole stream, as
/// for [`load_stream`]; after an `Err` the iterator ends.
pub fn documents_of(source: &str, limits: Limits) -> DocumentsOf<'_> {
    DocumentsOf {
        parser: Parser::new_from_str_with_options(source, parser_options(limits)),
        builder: Builder::new(limits),
        too_large: (source.len() > limits.max_input_bytes).then(|| {
            LoadError::at(
                format!(
                    "input is {} bytes; flink-render reads at most {} bytes per input",
                    source.len(),
                    limits.max_input_bytes
                ),
                None,
            )
            .beyond_limits()
        }),
        done: false,
    }
}

/// The iterator of [`documents_of`].
pub struct DocumentsOf<'s> {
    parser: Parser<'s, serde_saphyr::granit_parser::StrInput<'s>>,
    builder: Builder,
    too_large: Option<LoadError>,
    done: bool,
}

impl DocumentsOf<'_> {
    /// Feeds the parser's events to the builder until it has a piece to hand out: an item of
    /// the split list ([`items_of`]), or a complete document.
    fn next_piece(&mut self) -> Option<Result<Piece, LoadError>> {
        if self.done {
            return None;
        }
        if let Some(error) = self.too_large.take() {
            self.done = true;
            return Some(Err(error));
        }
        while let Some(next) = self.parser.next_event() {
            let step = next
                .map_err(|e| scan_error(e, self.builder.limits))
                .and_then(|(event, span)| self.builder.event(event, span.start));
            if let Err(error) = step {
                self.done = true;
                return Some(Err(error));
            }
            if let Some(item) = self.builder.split_out.pop() {
                return Some(Ok(Piece::Item(item)));
            }
            if let Some(document) = self.builder.documents.pop() {
                let mut found = std::mem::take(&mut self.builder.diagnostics);
                found.tag(Rule::YamlSyntax);
                return Some(Ok(Piece::Document(document, found)));
            }
        }
        self.done = true;
        None
    }
}

impl Iterator for DocumentsOf<'_> {
    type Item = Result<(Document, Diagnostics), LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.next_piece()? {
                Ok(Piece::Document(document, found)) => return Some(Ok((document, found))),
                // Only with a split list, which `documents_of` never sets.
                Ok(Piece::Item(_)) => {}
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

/// What [`items_of`] hands out: each item of the list, then the document without them.
#[derive(Clone, Debug)]
pub enum Piece {
    /// One item of the list, in order.
    Item(Node),
    /// The document, its list left empty, with its duplicate-key problems.
    Document(Document, Diagnostics),
}

/// The items of the list under `key` in the root mapping of each document of `source`, one at
/// a time, each followed at the end of its document by the document without them: a list of
/// many items (a KRM ResourceList's `items`) costs the memory of one. Limits apply as for
/// [`documents_of`], the node limit to each item and to the rest of its document.
pub fn items_of<'s>(source: &'s str, key: &'static str, limits: Limits) -> ItemsOf<'s> {
    let mut documents = documents_of(source, limits);
    documents.builder.split = Some(key);
    ItemsOf { documents }
}

/// The iterator of [`items_of`].
pub struct ItemsOf<'s> {
    documents: DocumentsOf<'s>,
}

impl Iterator for ItemsOf<'_> {
    type Item = Result<Piece, LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.documents.next_piece()
    }
}

/// The parser settings for `limits`.
pub(super) fn parser_options(limits: Limits) -> serde_saphyr::granit_parser::Options {
    let mut options = serde_saphyr::granit_parser::Options::default();
    // The parser enforces nesting itself, before any tree is built, which keeps very deep
    // inputs cheap to refuse.
    options.flow_nesting_limit = limits.max_depth;
    options.block_nesting_limit = limits.max_depth;
    options
}

fn location(marker: &Marker) -> Location {
    Location {
        line: marker.line(),
        column: marker.col() + 1,
    }
}

/// A parser error as a [`LoadError`] at its position (`limits` explain a nesting refusal).
pub(super) fn scan_error(error: ScanError, limits: Limits) -> LoadError {
    let marker = *error.marker();
    let text = error.to_string();
    // The parser's message repeats the position; keep only what is wrong.
    let message = match text.split_once(" at ") {
        Some((what, _)) if !what.is_empty() => what.to_owned(),
        _ => text,
    };
    // The parser's own nesting limit (set from `limits`) says only "recursion limit exceeded";
    // say which limit, in the words the loader uses for its own depth check.
    if message.contains("recursion limit exceeded") {
        return LoadError::at(nesting_message(limits), Some(location(&marker))).beyond_limits();
    }
    LoadError::at(format!("invalid YAML: {message}"), Some(location(&marker)))
}

fn nesting_message(limits: Limits) -> String {
    format!(
        "YAML nesting is deeper than {} levels; refusing to read it",
        limits.max_depth
    )
}

enum Frame {
    Sequence {
        start: Node,
        anchor: usize,
        items: Vec<Node>,
    },
    Mapping {
        start: Node,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        /// The plain keys of `entries`, so that a duplicate is found without a scan (a
        /// mapping may have a million keys).
        keys: HashSet<String>,
    },
}

struct Builder {
    limits: Limits,
    /// With [`items_of`]: the key of the root mapping whose list items are handed out one by
    /// one instead of being kept in the tree, and the ones handed out but not yet taken.
    split: Option<&'static str>,
    split_out: Vec<Node>,
    documents: Vec<Document>,
    /// Documents completed so far (the index of the next one).
    document_count: usize,
    diagnostics: Diagnostics,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    /// Nodes of the current document.
    nodes: usize,
    /// Nodes that aliases of the stream expanded to.
    expanded: usize,
    document_location: Location,
    root: Option<Node>,
}

impl Builder {
    fn new(limits: Limits) -> Builder {
        Builder {
            limits,
            split: None,
            split_out: Vec::new(),
            documents: Vec::new(),
            document_count: 0,
            diagnostics: Diagnostics::new(),
            stack: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            expanded: 0,
            document_location: Location { line: 1, column: 1 },
            root: None,
        }
    }

    fn count(&mut self, n: usize, at: Location) -> Result<(), LoadError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.limits.max_nodes {
            if self.expanded > 0 {
                return Err(self.alias_bomb(at));
            }
            return Err(LoadError::at(
                format!(
                    "this document has more than {} YAML nodes (scalars, lists and mappings); flink-render reads at most that many per document",
                    self.limits.max_nodes
                ),
                Some(at),
            )
            .beyond_limits());
        }
        Ok(())
    }

    fn alias_bomb(&self, at: Location) -> LoadError {
        LoadError::at(
            format!(
                "the input expands through aliases to more than {} YAML nodes (an alias bomb?); refusing to read it",
                self.limits.max_nodes
            ),
            Some(at),
        )
        .beyond_limits()
    }

    /// Counts what an alias expands to, against the limit for the whole stream, then as nodes
    /// of its document.
    fn count_alias(&mut self, n: usize, at: Location) -> Result<(), LoadError> {
        self.expanded = self.expanded.saturating_add(n);
        if self.expanded > self.limits.max_nodes {
            return Err(self.alias_bomb(at));
        }
        self.count(n, at)
    }

    fn event(&mut self, event: Event<'_>, start: Marker) -> Result<(), LoadError> {
        let at = location(&start);
        let offset = start.byte_offset().unwrap_or(start.index());
        let bare = |value| Node {
            value,
            location: at,
            offset,
        };
        match event {
            Event::DocumentStart(..) => {
                self.document_location = at;
                self.root = None;
                self.anchors.clear();
                self.nodes = 0;
            }
            Event::DocumentEnd => {
                // An empty document (or one holding only null) has no content to act on.
                let root = self.root.take().filter(|root| !root.is_null());
                self.documents.push(Document {
                    index: self.document_count,
                    root,
                    location: self.document_location,
                });
                self.document_count += 1;
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, at)?;
                let node = bare(Value::Scalar(Scalar {
                    text: text.into_owned(),
                    style: match style {
                        ParserStyle::Plain => ScalarStyle::Plain,
                        ParserStyle::SingleQuoted => ScalarStyle::SingleQuoted,
                        ParserStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
                        ParserStyle::Literal => ScalarStyle::Literal,
                        ParserStyle::Folded => ScalarStyle::Folded,
                    },
                    tag: tag.map(|t| match t.core_suffix() {
                        Some(suffix) => Tag::Core(suffix.to_owned()),
                        // YAML 1.1's `!!binary`, which Kubernetes' decoder reads too.
                        None if t.suffix_in_namespace(YAML_TAG_PREFIX).as_deref()
                            == Some("binary") =>
                        {
                            Tag::Core("binary".to_owned())
                        }
                        None => Tag::Other(t.original()),
                    }),
                }));
                self.finish(node, anchor, 1)?;
            }
            Event::SequenceStart(_, anchor, _) => {
                self.count(1, at)?;
                self.push_frame(
                    Frame::Sequence {
                        start: bare(Value::Sequence(Vec::new())),
                        anchor,
                        items: Vec::new(),
                    },
                    at,
                )?;
            }
            Event::MappingStart(_, anchor, _) => {
                self.count(1, at)?;
                self.push_frame(
                    Frame::Mapping {
                        start: bare(Value::Mapping(Vec::new())),
                        anchor,
                        entries: Vec::new(),
                        key: None,
                        keys: HashSet::new(),
                    },
                    at,
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Err(LoadError::at("unbalanced YAML structure", Some(at)));
                };
                let (node, anchor) = match frame {
                    Frame::Sequence {
                        mut start,
                        anchor,
                        items,
                    } => {
                        start.value = Value::Sequence(items);
                        (start, anchor)
                    }
                    Frame::Mapping {
                        mut start,
                        anchor,
                        entries,
                        ..
                    } => {
                        start.value = Value::Mapping(self.merge_keys(entries));
                        (start, anchor)
                    }
                };
                // Only an anchored node's size is ever used (to count what its aliases expand
                // to); counting every closed node would walk each subtree once per level.
                let size = if anchor == 0 { 0 } else { node_count(&node) };
                self.finish(node, anchor, size)?;
            }
            Event::Alias(id) => {
                // Count the expansion before copying it, so that the copy that would cross the
                // limit is never made.
                let Some(size) = self.anchors.get(&id).map(|(_, size)| *size) else {
                    return Err(LoadError::at("alias to an unknown anchor", Some(at)));
                };
                self.count_alias(size, at)?;
                let Some(anchored) = self.anchors.get(&id).map(|(node, _)| node.clone()) else {
                    return Err(LoadError::at("alias to an unknown anchor", Some(at)));
                };
                if self.stack.len() + depth(&anchored) > self.limits.max_depth {
                    return Err(LoadError::at(
                        format!(
                            "alias expands deeper than {} levels of nesting",
                            self.limits.max_depth
                        ),
                        Some(at),
                    )
                    .beyond_limits());
                }
                self.finish(anchored, 0, size)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn push_frame(&mut self, frame: Frame, at: Location) -> Result<(), LoadError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(LoadError::at(nesting_message(self.limits), Some(at)).beyond_limits());
        }
        self.stack.push(frame);
        Ok(())
    }

    /// Hands a complete node to its parent (or makes it the document root).
    fn finish(&mut self, node: Node, anchor: usize, size: usize) -> Result<(), LoadError> {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        let split = self.split.is_some()
            && self.stack.len() == 2
            && matches!(self.stack.first(), Some(Frame::Mapping { key: Some(key), .. })
                if plain_key_text(key) == self.split);
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Sequence { .. }) if split => {
                // One item of the split list at a time: its nodes are no longer held.
                self.nodes = 0;
                self.split_out.push(node);
            }
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping {
                entries, key, keys, ..
            }) => match key.take() {
                None => *key = Some(node),
                Some(k) => {
                    if let Some(text) = plain_key_text(&k) {
                        let duplicate = !keys.insert(text.to_owned());
                        if duplicate && text != "<<" {
                            self.diagnostics.push(
                                Diagnostic::error(
                                    FieldPath::root(),
                                    format!("duplicate key `{text}` in a mapping (Kubernetes rejects duplicate fields)"),
                                )
                                .at(Some(k.location)),
                            );
                            return Ok(());
                        }
                    }
                    entries.push((k, node));
                }
            },
        }
        Ok(())
    }

    /// Applies `<<` merge keys: entries of the merged mappings are added where the mapping does
    /// not set the key itself (earlier merge sources win over later ones).
    fn merge_keys(&mut self, entries: Vec<(Node, Node)>) -> Vec<(Node, Node)> {
        if !entries.iter().any(|(k, _)| is_merge_key(k)) {
            return entries;
        }
        let mut own = Vec::with_capacity(entries.len());
        let mut sources = Vec::new();
        for (key, value) in entries {
            if !is_merge_key(&key) {
                own.push((key, value));
                continue;
            }
            match value.value {
                Value::Mapping(merged) => sources.push(merged),
                Value::Sequence(items) => {
                    for item in items {
                        match item.value {
                            Value::Mapping(merged) => sources.push(merged),
                            _ => self.diagnostics.push(
                                Diagnostic::error(
                                    FieldPath::root(),
                                    "a `<<` merge key takes a mapping or a list of mappings",
                                )
                                .at(Some(item.location)),
                            ),
                        }
                    }
                }
                _ => self.diagnostics.push(
                    Diagnostic::error(
                        FieldPath::root(),
                        "a `<<` merge key takes a mapping or a list of mappings",
                    )
                    .at(Some(value.location)),
                ),
            }
        }
        let mut taken: HashSet<String> = own
            .iter()
            .filter_map(|(k, _)| plain_key_text(k).map(str::to_owned))
            .collect();
        for source in sources {
            for (key, value) in source {
                let new = plain_key_text(&key).is_none_or(|t| taken.insert(t.to_owned()));
                if new {
                    own.push((key, value));
                }
            }
        }
        own
    }
}

fn plain_key_text(node: &Node) -> Option<&str> {
    node.as_scalar().map(|s| s.text.as_str())
}

fn is_merge_key(node: &Node) -> bool {
    node.as_scalar().is_some_and(|s| {
        s.text == "<<"
            && match &s.tag {
                None => s.style == ScalarStyle::Plain,
                Some(Tag::Core(t)) => t == "merge",
                Some(Tag::Other(_)) => false,
            }
    })
}

fn node_count(node: &Node) -> usize {
    match &node.value {
        Value::Scalar(_) => 1,
        Value::Sequence(items) => 1 + items.iter().map(node_count).sum::<usize>(),
        Value::Mapping(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| node_count(k) + node_count(v))
                .sum::<usize>()
        }
    }
}

fn depth(node: &Node) -> usize {
    match &node.value {
        Value::Scalar(_) => 0,
        Value::Sequence(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Mapping(entries) => 1 + entries.iter().map(|(_, v)| depth(v)).max().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(src: &str) -> Result<(Vec<Document>, Diagnostics), LoadError> {
        load_stream(src, Limits::default())
    }

    #[test]
    fn keeps_positions_of_values() {
        let (docs, diags) = load("a:\n  b: [1, 2]\n  c: x\n").expect("loads");
        assert!(diags.is_empty());
        let root = docs[0].root.as_ref().expect("root");
        let c = root.get("a").and_then(|a| a.get("c")).expect("c");
        assert_eq!(c.location, Location { line: 3, column: 6 });
        let item = root
            .get("a")
            .and_then(|a| a.get("b"))
            .and_then(|b| b.item(1))
            .expect("b[1]");
        assert_eq!(
            item.location,
            Location {
                line: 2,
                column: 10
            }
        );
    }

    #[test]
    fn multiple_and_empty_documents() {
        let (docs, _) = load("a: 1\n---\n---\nb: 2\n").expect("loads");
        assert_eq!(docs.len(), 3);
        assert!(docs[1].root.is_none());
        assert_eq!(docs[2].location.line, 3, "the `---` that opens it");
    }

    #[test]
    fn duplicate_keys_are_reported_with_position() {
        let (_, diags) = load("a: 1\nb: 2\na: 3\n").expect("loads");
        let d = diags.iter().next().expect("one diagnostic");
        assert_eq!(d.location, Some(Location { line: 3, column: 1 }));
        assert!(d.message.contains("duplicate key `a`"));
    }

    #[test]
    fn aliases_and_merge_keys_expand() {
        let (docs, _) = load("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n").expect("loads");
        let root = docs[0].root.as_ref().expect("root");
        let used = root.get("use").expect("use");
        assert_eq!(used.get("x").and_then(Node::as_str), None, "x is a number");
        assert_eq!(
            used.get("y")
                .and_then(|n| n.as_scalar())
                .map(|s| s.text.as_str()),
            Some("3")
        );
        assert!(used.get("x").is_some());
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in "bcdefghi".chars() {
            src.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = name;
        }
        let err = load(&src).expect_err("refused");
        assert!(err.message.contains("alias bomb"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let src = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let err = load(&src).expect_err("refused");
        assert_eq!(
            err.message,
            "YAML nesting is deeper than 128 levels; refusing to read it"
        );
        assert_eq!(
            err.location,
            Some(Location {
                line: 1,
                column: 129
            })
        );
    }

    #[test]
    fn list_items_come_one_at_a_time_and_then_the_rest() {
        let source = "kind: L\nitems:\n- &a {x: 1}\n- [y, *a]\nafter: z\n---\nitems: [3]\n";
        let pieces: Vec<String> = items_of(source, "items", Limits::default())
            .map(|piece| match piece.expect("loads") {
                Piece::Item(node) => format!("item {:?}", node.location),
                Piece::Document(document, _) => {
                    let root = document.root.expect("root");
                    format!(
                        "document {} items {:?}",
                        document.index,
                        root.get("items").map(|i| i.item(0).is_some())
                    )
                }
            })
            .collect();
        assert_eq!(
            pieces,
            [
                "item Location { line: 3, column: 6 }",
                "item Location { line: 4, column: 3 }",
                "document 0 items Some(false)",
                "item Location { line: 7, column: 9 }",
                "document 1 items Some(false)",
            ]
        );
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let err = load("a: [1, 2\nb: 3\n").expect_err("invalid");
        assert!(err.message.starts_with("invalid YAML"), "{}", err.message);
        assert!(err.location.is_some());
    }
}
