//! Writes values as YAML the way Kubernetes tools print manifests.
//!
//! One set of serializer options for the whole product: two-space indentation, list items at
//! their parent's indentation (as kubectl prints them), multi-line strings as `|` blocks, and no
//! folding of long single-line strings (a folded flag would re-wrap and make diffs noisy).
//! Strings that a YAML 1.1 reader would take for a boolean, number or null are quoted.

use serde::Serialize;

/// Why a value could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write YAML: {0}")]
pub struct EmitError(String);

/// Serializes one value as a YAML document (without a `---` marker), ending in a newline.
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String, EmitError> {
    let options = serde_saphyr::ser_options! {
        indent_step: 2,
        compact_list_indent: true,
        folded_wrap_chars: usize::MAX,
        min_fold_chars: usize::MAX,
    };
    let mut text = serde_saphyr::to_string_with_options(value, options)
        .map_err(|e| EmitError(e.to_string()))?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn quotes_yaml_1_1_lookalikes_and_keeps_blocks() {
        let mut map = BTreeMap::new();
        map.insert("a", "on");
        map.insert("b", "1.10");
        map.insert("c", "line one\nline two\n");
        map.insert("d", "plain");
        let text = to_yaml(&map).expect("serializes");
        assert_eq!(
            text,
            "a: \"on\"\nb: \"1.10\"\nc: |\n  line one\n  line two\nd: plain\n"
        );
    }
}
