//! Where each document of a YAML stream lies in the source bytes, found without parsing.
//!
//! Tools that pass foreign documents through (Helm post-rendering, kustomize plugins) must copy
//! them byte for byte, so the stream is cut into consecutive byte ranges — one per document —
//! rather than re-serialized. Every byte of the source belongs to exactly one range, in order:
//! concatenating the ranges gives the source back.
//!
//! The cut needs no parser, because YAML makes document markers visible line by line: a line
//! that starts at column 0 with `---` or `...` followed by a space, a tab, a line break or the
//! end of the input is a marker wherever it stands (the `c-forbidden` production: such a line
//! cannot be content, not even inside a block or quoted scalar), and directives (`%`) may only
//! come before a document's `---`. So a range ends where the next document's `---` line starts,
//! or after the line of an explicit `...` end marker. Comments and directives belong to the
//! document they precede when a `...` ends the previous one, and to the document above them
//! otherwise (Helm's `# Source:` comments follow the `---`, so they stay with their document).
//! A stream of comments and blank lines holds no document.
//!
//! Nothing here checks that a document is valid YAML: that is left to whoever reads the
//! document (post-render reads only FlinkClusters), so cutting costs a scan of the bytes.

use std::ops::Range;

use super::load::{Limits, LoadError, documents_of};
use super::node::Document;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::path::FieldPath;

/// The bytes of one document of a stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSpan {
    /// Position of the document in the stream, from 0 (the same numbering as
    /// [`super::Document::index`]).
    pub index: usize,
    /// Every byte that belongs to the document, markers and comments included.
    pub range: Range<usize>,
    /// Start of the line where the document's content begins (its root node); `None` for an
    /// empty document. Everything in `range` before it is the document's header: the `---`
    /// marker, directives, comments and blank lines.
    pub content_line: Option<usize>,
    /// Start of the line of an explicit `...` end marker, if the document has one. Everything in
    /// `range` from there on is the document's trailer.
    pub end_marker_line: Option<usize>,
}

impl DocumentSpan {
    /// The header: what precedes the content (the whole range for an empty document).
    pub fn header<'s>(&self, source: &'s str) -> &'s str {
        let end = self
            .content_line
            .or(self.end_marker_line)
            .unwrap_or(self.range.end);
        source.get(self.range.start..end).unwrap_or_default()
    }

    /// The trailer: the `...` line and what follows it within the range (empty without one).
    pub fn trailer<'s>(&self, source: &'s str) -> &'s str {
        self.end_marker_line
            .and_then(|start| source.get(start..self.range.end))
            .unwrap_or_default()
    }

    /// The whole document as written.
    pub fn text<'s>(&self, source: &'s str) -> &'s str {
        source.get(self.range.clone()).unwrap_or_default()
    }
}

/// Whether `line` (without its line break) starts with the three-character marker `marker`
/// followed by a separator or nothing.
fn is_marker(line: &[u8], marker: &[u8; 3]) -> bool {
    line.starts_with(marker) && matches!(line.get(3), None | Some(b' ' | b'\t' | b'\r'))
}

/// Whether `text` holds nothing but white space and perhaps a comment.
fn blank_or_comment(text: &[u8]) -> bool {
    let rest = text
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\r'))
        .map_or(&[][..], |at| text.get(at..).unwrap_or_default());
    rest.is_empty() || rest.first() == Some(&b'#')
}

struct Open {
    start: usize,
    content_line: Option<usize>,
}

/// A `---` or `...` line: where it starts and ends (after its line break), and which it is.
struct Marker {
    line_start: usize,
    line_end: usize,
    starts_document: bool,
}

/// Where the line that starts at `start` ends: just after its line break, or at `to`. Line
/// breaks are YAML's three, `\n`, `\r\n` and a lone `\r`, as the loader counts them: a marker
/// after a lone `\r` is a marker to it too.
fn line_end(bytes: &[u8], start: usize, to: usize) -> usize {
    let Some(at) = memchr::memchr2(b'\n', b'\r', bytes.get(start..to).unwrap_or_default()) else {
        return to;
    };
    let at = start + at;
    let crlf = bytes.get(at) == Some(&b'\r') && bytes.get(at + 1) == Some(&b'\n');
    if crlf && at + 1 < to { at + 2 } else { at + 1 }
}

/// Every marker line of `source`, in order. The search runs over the bytes with vectorised
/// substring search (a marker is a line break followed by `---` or `...`), not line by line.
fn markers(source: &str) -> Vec<Marker> {
    let bytes = source.as_bytes();
    let line_end = |start: usize| line_end(bytes, start, bytes.len());
    // A lone `\r` as a line break is rare: its two searches run only when there is one.
    let needles: &[&[u8]] = if memchr::memchr(b'\r', bytes).is_some() {
        &[b"\n---", b"\n...", b"\r---", b"\r..."]
    } else {
        &[b"\n---", b"\n..."]
    };
    let mut starts: Vec<usize> = needles
        .iter()
        .flat_map(|needle| memchr::memmem::find_iter(bytes, needle))
        .map(|at| at + 1)
        .collect();
    starts.sort_unstable();
    let first = std::iter::once(0usize);
    let mut found = Vec::with_capacity(starts.len() + 1);
    for line_start in first.chain(starts) {
        let end = line_end(line_start);
        let Some(line) = line_text(bytes, line_start, end) else {
            continue;
        };
        let starts_document = is_marker(line, b"---");
        if starts_document || is_marker(line, b"...") {
            found.push(Marker {
                line_start,
                line_end: end,
                starts_document,
            });
        }
    }
    found
}

/// The line from `start` to `end` without its line break (and without a byte order mark on the
/// first line).
fn line_text(bytes: &[u8], start: usize, end: usize) -> Option<&[u8]> {
    let mut line = bytes.get(start..end)?;
    for line_break in [b'\n', b'\r'] {
        if line.last() == Some(&line_break) {
            line = line.get(..line.len() - 1)?;
        }
    }
    if start == 0 {
        line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
    }
    Some(line)
}

/// The start of the first line in `from..to` that holds content (not blank, not a comment;
/// outside a document, not a directive either).
fn first_content_line(bytes: &[u8], from: usize, to: usize, in_document: bool) -> Option<usize> {
    let mut line_start = from;
    while line_start < to {
        // Most lines show what they are by their first byte, without looking for their end.
        match bytes.get(line_start) {
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'#' | 0xef) => {}
            Some(b'%') if !in_document => {}
            Some(_) => return Some(line_start),
            None => return None,
        }
        let end = line_end(bytes, line_start, to);
        let line = line_text(bytes, line_start, end).unwrap_or_default();
        let directive = !in_document && line.first() == Some(&b'%');
        if !blank_or_comment(line) && !directive {
            return Some(line_start);
        }
        line_start = end;
    }
    None
}

/// Line breaks in `text`, counted as YAML counts them (`\n`, `\r\n`, a lone `\r`). Counting in
/// blocks of at most 255 into a byte lets the compiler use vector instructions (a stream may be
/// hundreds of megabytes).
pub fn count_line_breaks(text: &str) -> usize {
    let count = |byte: u8| -> usize {
        text.as_bytes()
            .chunks(255)
            .map(|block| {
                let in_block: u8 = block.iter().map(|&b| u8::from(b == byte)).sum();
                usize::from(in_block)
            })
            .sum()
    };
    let returns = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        count(b'\r')
    } else {
        0
    };
    let crlf = if returns == 0 {
        0
    } else {
        memchr::memmem::find_iter(text.as_bytes(), b"\r\n").count()
    };
    count(b'\n') + returns - crlf
}

/// Reads the one document of `source` that `span` covers, `lines_before` being the line breaks
/// in `source` before the span, with positions (lines, byte offsets) counted in the whole of
/// `source`: a document read on its own reports where it is in its stream. `None` for an empty
/// document.
///
/// The span must read as that one document: where YAML reads more in it (a marker the byte
/// scan does not take for one, such as `---` followed by a NUL), the returned diagnostics hold
/// an error, or `Err` is what stopped YAML, so that nothing of the span is silently dropped.
pub fn load_span(
    source: &str,
    span: &DocumentSpan,
    lines_before: usize,
    limits: Limits,
) -> Result<Option<(Document, Diagnostics)>, LoadError> {
    let shift = |location: &mut Location| location.line += lines_before;
    let mut loaded = documents_of(span.text(source), limits);
    let first = loaded.next().transpose().map_err(|mut error| {
        if let Some(at) = error.location.as_mut() {
            shift(at);
        }
        error
    })?;
    let Some((mut document, mut found)) = first else {
        return Ok(None);
    };
    document.index = span.index;
    document.location.line += lines_before;
    if let Some(root) = document.root.as_mut() {
        root.shift_positions(lines_before, span.range.start);
    }
    match loaded.next() {
        None => {}
        Some(Ok((more, _))) => found.push(
            Diagnostic::error(
                FieldPath::root(),
                "YAML reads another document here, inside what was cut as one document; refusing it rather than dropping it (is a `---` line broken by an unusual character?)",
            )
            .at(Some(more.location)),
        ),
        Some(Err(mut error)) => {
            if let Some(at) = error.location.as_mut() {
                shift(at);
            }
            return Err(error);
        }
    }
    for diagnostic in found.iter_mut() {
        if let Some(at) = diagnostic.location.as_mut() {
            shift(at);
        }
    }
    Ok(Some((document, found)))
}

/// Cuts `source` into the byte ranges of its documents. Only an input larger than
/// `limits.max_input_bytes` is refused; the documents are not parsed.
pub fn split_stream(source: &str, limits: Limits) -> Result<Vec<DocumentSpan>, LoadError> {
    if source.len() > limits.max_input_bytes {
        return Err(LoadError {
            message: format!(
                "input is {} bytes; flink-render reads at most {} bytes per input",
                source.len(),
                limits.max_input_bytes
            ),
            location: None,
            rule: crate::diagnostics::Rule::InputLimits,
        });
    }
    let bytes = source.as_bytes();
    let mut spans: Vec<DocumentSpan> = Vec::new();
    let mut open: Option<Open> = None;
    // Where the next document's range starts: after the last `...` line, or at the start.
    let mut next_start = 0usize;
    // Lines between markers only matter until a document's content has begun.
    let look_for_content = |open: &mut Option<Open>, from: usize, to: usize, next_start| match open
    {
        Some(Open {
            content_line: content @ None,
            ..
        }) => *content = first_content_line(bytes, from, to, true),
        Some(_) => {}
        None => {
            *open = first_content_line(bytes, from, to, false).map(|line| Open {
                start: next_start,
                content_line: Some(line),
            })
        }
    };
    let mut scanned_to = 0usize;
    for marker in markers(source) {
        look_for_content(&mut open, scanned_to, marker.line_start, next_start);
        let line = line_text(bytes, marker.line_start, marker.line_end).unwrap_or_default();
        if marker.starts_document {
            let start = match open.take() {
                Some(previous) => {
                    close(&mut spans, previous, marker.line_start, None);
                    marker.line_start
                }
                None => next_start,
            };
            let inline_content = !blank_or_comment(line.get(3..).unwrap_or_default());
            open = Some(Open {
                start,
                content_line: inline_content.then_some(marker.line_start),
            });
        } else if let Some(document) = open.take() {
            close(
                &mut spans,
                document,
                marker.line_end,
                Some(marker.line_start),
            );
            next_start = marker.line_end;
        }
        scanned_to = marker.line_end;
    }
    look_for_content(&mut open, scanned_to, bytes.len(), next_start);
    if let Some(document) = open.take() {
        close(&mut spans, document, bytes.len(), None);
    }
    // Bytes after the last document (comments after a final `...`) belong to it.
    if let Some(last) = spans.last_mut() {
        last.range.end = source.len();
    }
    Ok(spans)
}

fn close(spans: &mut Vec<DocumentSpan>, open: Open, end: usize, end_marker_line: Option<usize>) {
    spans.push(DocumentSpan {
        index: spans.len(),
        range: open.start..end,
        content_line: open.content_line,
        end_marker_line,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(source: &str) -> Vec<DocumentSpan> {
        split_stream(source, Limits::default()).expect("valid YAML")
    }

    /// The documents' texts, which must add up to the source.
    fn texts(source: &str) -> Vec<&str> {
        let spans = split(source);
        let texts: Vec<&str> = spans.iter().map(|s| s.text(source)).collect();
        assert_eq!(texts.concat(), source, "the ranges cover the source");
        texts
    }

    #[test]
    fn helm_3_stream_cuts_at_each_marker_and_keeps_source_comments() {
        let source =
            "---\n# Source: c/templates/a.yaml\na: 1\n---\n# Source: c/templates/b.yaml\nb: 2\n";
        assert_eq!(
            texts(source),
            [
                "---\n# Source: c/templates/a.yaml\na: 1\n",
                "---\n# Source: c/templates/b.yaml\nb: 2\n"
            ]
        );
        let spans = split(source);
        assert_eq!(
            spans[1].header(source),
            "---\n# Source: c/templates/b.yaml\n"
        );
        assert_eq!(spans[1].trailer(source), "");
    }

    #[test]
    fn first_document_without_marker_and_final_document_without_newline() {
        let source = "# leading\na: 1\n# trailing a\n---\nb: 2";
        assert_eq!(
            texts(source),
            ["# leading\na: 1\n# trailing a\n", "---\nb: 2"]
        );
        assert_eq!(split(source)[0].header(source), "# leading\n");
    }

    #[test]
    fn end_markers_directives_and_comments_after_them() {
        let source = "a: 1\n... # done\n# before b\n%YAML 1.2\n---\nb: 2\n...\n# tail\n";
        assert_eq!(
            texts(source),
            [
                "a: 1\n... # done\n",
                "# before b\n%YAML 1.2\n---\nb: 2\n...\n# tail\n"
            ]
        );
        let spans = split(source);
        assert_eq!(spans[0].trailer(source), "... # done\n");
        assert_eq!(spans[1].header(source), "# before b\n%YAML 1.2\n---\n");
        assert_eq!(spans[1].trailer(source), "...\n# tail\n");
    }

    #[test]
    fn empty_documents_crlf_bom_and_content_on_the_marker_line() {
        let source = "\u{feff}---\r\n---\r\nx: 1\r\n--- {y: 2}\r\n";
        assert_eq!(
            texts(source),
            ["\u{feff}---\r\n", "---\r\nx: 1\r\n", "--- {y: 2}\r\n"]
        );
        let spans = split(source);
        assert_eq!(spans[0].content_line, None);
        assert_eq!(spans[1].header(source), "---\r\n");
        assert_eq!(spans[2].header(source), "");
        assert_eq!(spans.iter().map(|s| s.index).collect::<Vec<_>>(), [0, 1, 2]);
    }

    #[test]
    fn a_lone_carriage_return_is_a_line_break_as_yaml_reads_it() {
        let source = "a: 1\r---\rb: 2\r...\r# c\r\n---\r\nd: 3";
        assert_eq!(
            texts(source),
            ["a: 1\r", "---\rb: 2\r...\r", "# c\r\n---\r\nd: 3"]
        );
        assert_eq!(count_line_breaks(source), 6);
        assert_eq!(count_line_breaks("a\r\nb\rc\n"), 3);
        let spans = split(source);
        let (document, found) = load_span(source, &spans[1], 1, Limits::default())
            .expect("loads")
            .expect("a document");
        assert!(found.is_empty());
        let b = document.root.as_ref().and_then(|r| r.get("b")).expect("b");
        assert_eq!(b.location, Location { line: 3, column: 4 });
    }

    #[test]
    fn a_span_yaml_reads_as_more_than_one_document_is_not_cut_short() {
        // `---` followed by a NUL is a marker to the YAML reader, not to the byte scan.
        let source = "a: 1\n---\u{0}\nb: 2\n";
        let spans = split(source);
        assert_eq!(spans.len(), 1);
        let error = load_span(source, &spans[0], 0, Limits::default()).expect_err("refused");
        assert_eq!(error.location, Some(Location { line: 2, column: 4 }));
    }

    #[test]
    fn block_scalars_and_anchors_stay_inside_their_document() {
        let source = "a: &x |\n  --- not a marker\n  text\nb: *x\n---\nc: 3\n";
        assert_eq!(
            texts(source),
            [
                "a: &x |\n  --- not a marker\n  text\nb: *x\n",
                "---\nc: 3\n"
            ]
        );
    }

    #[test]
    fn only_comments_is_no_document() {
        assert!(split("# nothing here\n").is_empty());
        assert!(split("").is_empty());
    }

    #[test]
    fn markers_cut_even_where_a_parser_would_fail_and_nothing_is_parsed() {
        // A `---` line at column 0 ends an unclosed flow sequence as it ends a quoted scalar:
        // no YAML content may look like that, so the document before it is simply invalid.
        assert_eq!(
            texts("a: [1\n---\nb: \"x\n--- y\"\n"),
            ["a: [1\n", "---\nb: \"x\n", "--- y\"\n"]
        );
        // Markers need a separator after them; indented ones are content.
        assert_eq!(texts("a: |\n ---\n---x: 1\n"), ["a: |\n ---\n---x: 1\n"]);
        let too_small = Limits {
            max_input_bytes: 3,
            ..Limits::default()
        };
        assert!(split_stream("a: 1\n", too_small).is_err());
    }
}
