//! The record of what flink-render wrote into an output directory: the file
//! [`RECORD`], one `<md5>  <name>` line per file (the format `md5sum -c` reads), rewritten by
//! every run. `--prune` deletes a file only if the record names it and the file still has the
//! recorded content: a file flink-render did not write, or one changed since, is never deleted.

use std::fmt::Write as _;

use md5::{Digest, Md5};

/// The record's file name in the output directory (no `.yaml` or `.json` extension, so that
/// `kubectl apply -f DIR` passes it over).
pub const RECORD: &str = ".flink-render-files";

/// The record's first lines.
pub const HEADER: &str = "# Files flink-render wrote into this directory, with their md5 (md5sum -c reads this).\n# `flink-render render --prune` deletes only files listed here whose content is unchanged.\n";

/// One line of the record: `<md5>  <name>` and a line break.
pub fn line(sum: &str, name: &str) -> String {
    format!("{sum}  {name}\n")
}

/// The files a record lists, as (md5, name), in its order. Lines that are not
/// `<32 hex digits>  <object file name>` are passed over, so a damaged record can only make
/// prune delete less.
pub fn entries(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines().filter_map(|line| {
        let (sum, name) = line.split_once("  ")?;
        let valid = sum.len() == 32
            && sum
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        (valid && is_output_name(name)).then_some((sum, name))
    })
}

/// The md5 of `bytes`, in lower-case hex.
pub fn digest(bytes: &[u8]) -> String {
    let mut hex = String::with_capacity(32);
    for byte in Md5::digest(bytes) {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// Whether `name` is a file name flink-render gives an object
/// (`[<namespace>_]<group>_<version>_<kind>_<name>.yaml`, lower case; see
/// `flink_render::emit::file_name`).
pub fn is_output_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".yaml") else {
        return false;
    };
    let parts = stem.split('_').count();
    !stem.starts_with('.')
        && (3..=5).contains(&parts)
        && stem.split('_').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_and_ignores_what_is_not_a_file_line() {
        let sum = digest(b"apiVersion: v1\n");
        let text = format!(
            "{HEADER}{}nonsense\n{}  kustomization.yaml\n{}  ../escape.yaml\n",
            line(&sum, "v1_configmap_a-configmap.yaml"),
            digest(b""),
            digest(b"")
        );
        assert_eq!(
            entries(&text).collect::<Vec<_>>(),
            [(sum.as_str(), "v1_configmap_a-configmap.yaml")],
            "only object file names count"
        );
    }

    #[test]
    fn output_names_follow_the_naming_scheme() {
        for name in [
            "v1_configmap_a-configmap.yaml",
            "apps_v1_statefulset_a-jobmanager.yaml",
            "flink_rbac.authorization.k8s.io_v1_role_a-ha.yaml",
        ] {
            assert!(is_output_name(name), "{name}");
        }
        for name in [
            "kustomization.yaml",
            "cluster.yaml",
            ".hidden_v1_x_y.yaml",
            "v1_configmap_a.yml",
            "V1_ConfigMap_A.yaml",
            "a/b_c_d.yaml",
            "v1__x.yaml",
        ] {
            assert!(!is_output_name(name), "{name}");
        }
    }
}
