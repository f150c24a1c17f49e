//! Where each document of a YAML stream lies in the source bytes.
//!
//! Tools that pass foreign documents through (Helm post-rendering, kustomize plugins) must copy
//! them byte for byte, so the stream is cut into consecutive byte ranges — one per document —
//! rather than re-serialized. Every byte of the source belongs to exactly one range, in order:
//! concatenating the ranges gives the source back. The cuts follow the document markers the
//! parser reports: a range ends where the next document's `---` line starts, or after the line
//! of an explicit `...` end marker. Comments and directives therefore belong to the document
//! they precede when a `...` ends the previous one, and to the document above them otherwise
//! (Helm's `# Source:` comments follow the `---`, so they stay with their document).

use std::ops::Range;

use serde_saphyr::granit_parser::{Event, Parser};

use super::load::{Limits, LoadError, parser_options, scan_error};

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

/// Start of the line holding byte `offset`.
fn line_start(source: &str, offset: usize) -> usize {
    source
        .get(..offset)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |newline| newline + 1)
}

/// Just past the line break ending the line that holds byte `offset` (or the end of the source).
fn next_line(source: &str, offset: usize) -> usize {
    source
        .get(offset..)
        .and_then(|rest| rest.find('\n'))
        .map_or(source.len(), |newline| offset + newline + 1)
}

struct Open {
    start: usize,
    content_line: Option<usize>,
}

/// Cuts `source` into the byte ranges of its documents. Fails on the first syntax error, as
/// [`super::load_stream`] does, within the same limits.
pub fn split_stream(source: &str, limits: Limits) -> Result<Vec<DocumentSpan>, LoadError> {
    if source.len() > limits.max_input_bytes {
        return Err(LoadError {
            message: format!(
                "input is {} bytes; flink-render reads at most {} bytes per input",
                source.len(),
                limits.max_input_bytes
            ),
            location: None,
        });
    }
    let mut parser = Parser::new_from_str_with_options(source, parser_options(limits));
    let mut spans: Vec<DocumentSpan> = Vec::new();
    // Where the next document's range starts, once the previous one has been closed.
    let mut next_start = 0usize;
    let mut explicit_end_before = true;
    let mut open: Option<Open> = None;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| scan_error(e, limits))?;
        let at = span.start.byte_offset().unwrap_or(span.start.index());
        match event {
            Event::DocumentStart(explicit, _) => {
                let start = if explicit && !explicit_end_before {
                    // Cut at the `---` line: what came before it belongs to the previous
                    // document (its last range ran to the end of the source until now).
                    let cut = line_start(source, at);
                    if let Some(last) = spans.last_mut() {
                        last.range.end = cut.max(last.range.start);
                    }
                    cut
                } else {
                    next_start
                };
                open = Some(Open {
                    start,
                    content_line: if explicit {
                        None
                    } else {
                        Some(line_start(source, at))
                    },
                });
            }
            Event::DocumentEnd => {
                let Some(document) = open.take() else {
                    continue;
                };
                let end_offset = span.end.byte_offset().unwrap_or(span.end.index());
                let explicit_end =
                    end_offset > at && source.get(at..).is_some_and(|s| s.starts_with("..."));
                let (end, end_marker_line) = if explicit_end {
                    (next_line(source, at), Some(line_start(source, at)))
                } else {
                    (source.len(), None)
                };
                spans.push(DocumentSpan {
                    index: spans.len(),
                    range: document.start..end,
                    content_line: document.content_line,
                    end_marker_line,
                });
                next_start = end;
                explicit_end_before = explicit_end;
            }
            Event::Scalar(..)
            | Event::SequenceStart(..)
            | Event::MappingStart(..)
            | Event::Alias(..) => {
                // The parser stands in a null scalar of no width for a document without
                // content; that is no content line. (Real scalars are at least one byte wide.)
                let end = span.end.byte_offset().unwrap_or(span.end.index());
                let empty = matches!(&event, Event::Scalar(..)) && end == at;
                if !empty
                    && let Some(document) = open.as_mut()
                    && document.content_line.is_none()
                {
                    document.content_line = Some(line_start(source, at).max(document.start));
                }
            }
            _ => {}
        }
    }
    // Bytes after the last document (comments after a final `...`) belong to it.
    if let Some(last) = spans.last_mut() {
        last.range.end = source.len();
    }
    Ok(spans)
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
    fn syntax_errors_are_reported_with_a_position() {
        let error = split_stream("a: [1\n---\n", Limits::default()).expect_err("invalid");
        assert!(
            error.message.starts_with("invalid YAML"),
            "{}",
            error.message
        );
        assert!(error.location.is_some());
    }
}
