//! The one-way pipeline, kept: every module of the library imports only from modules on lower
//! layers (docs/architecture.md draws them). An import that runs back up — or across, between
//! two modules of one layer such as the two targets — fails this test with the file, the line
//! and the layers involved, so the shape cannot drift one `use` at a time.
//!
//! The check reads the sources as text: every `crate::<module>` path (in `use` lists too) and,
//! in a top-level module's own file, `super::<module>`. Comments, doc comments and the unit tests
//! at the end of a file (`#[cfg(test)]`, `tests.rs`) are left out: tests may drive the whole
//! pipeline.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layers, bottom first. A module may import from the layers below its own.
const LAYERS: &[&[&str]] = &[
    // Facts and words: versions, quantities, field paths, shipped texts, Flink's options.
    &["version", "quantity", "path", "templates", "catalogue"],
    &["diagnostics", "resources"],
    // Formats and the types of the inputs: YAML, the CRD, Kubernetes' own rules.
    &["yaml", "spec", "apache_spec", "kubernetes"],
    // Flink's own models: memory, structured option values, its configuration files.
    &["memory"],
    &["structured_options"],
    &["flink_conf"],
    // The Apache operator's own configuration (an input, like the options).
    &["operator_config"],
    // The operator's revision hash, Flink's Kubernetes HA.
    &["revision", "ha"],
    // What the targets build: the rendered objects, and walks over them.
    &["object"],
    &["visit", "pods"],
    // parse → options → default → effective model → validate → render (per target).
    &["input"],
    &["options"],
    &["defaults"],
    &["model"],
    &["lint"],
    &["security"],
    &["validate"],
    &["render", "native"],
    &["order", "emit"],
    &["explain"],
    &["pipeline"],
    // What runs the pipeline for the tools around it.
    &["post_render", "diff", "lint_stream", "convert"],
    &["krm", "reporting"],
    // The binary's shell.
    &["cli", "main"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// `src/<module>.rs` or `src/<module>/…` → `<module>` (`lib` for src/lib.rs).
fn module_of(relative: &Path) -> String {
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_owned()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its comments and its unit tests, line by line (numbered from 1).
fn code_lines(text: &str) -> Vec<(usize, String)> {
    let mut lines = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        // A trailing comment (`// …` after code); no path of interest holds `//`.
        let code = match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        lines.push((index + 1, code.to_owned()));
    }
    lines
}

/// The modules of the crate a line names: `crate::a::…`, the items of `crate::{a, b::c}`, and
/// with `root_super` (a top-level module's own file) `super::a` as well.
fn named_modules(line: &str, root_super: bool) -> Vec<String> {
    let mut found = Vec::new();
    let mut prefixes = vec!["crate::"];
    if root_super {
        prefixes.push("super::");
    }
    for prefix in prefixes {
        let mut rest = line;
        while let Some(at) = rest.find(prefix) {
            let preceded_by_ident = rest[..at]
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
            rest = &rest[at + prefix.len()..];
            if preceded_by_ident {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        found.push(name);
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.push(name);
                }
            }
        }
    }
    found
}

/// Every import of the library that does not run down the layers.
fn violations() -> Vec<String> {
    let src = support::repo().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    let mut unknown: BTreeMap<String, String> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(&src).expect("under src").to_path_buf();
        let module = module_of(&relative);
        if module == "lib" || relative.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let Some(layer) = layer_of(&module) else {
            unknown.insert(module, relative.display().to_string());
            continue;
        };
        let root_file = relative.components().count() == 1
            || relative.file_name().is_some_and(|n| n == "mod.rs")
                && relative.components().count() == 2;
        let text = support::read(&file);
        for (number, line) in code_lines(&text) {
            for named in named_modules(&line, root_file) {
                if named == module {
                    continue;
                }
                let Some(other) = layer_of(&named) else {
                    // A crate-level item that is not a module (`crate::Object` re-exports).
                    continue;
                };
                if other >= layer {
                    let direction = if other == layer { "across" } else { "back up" };
                    problems.push(format!(
                        "src/{}:{number}: {module} (layer {layer}) imports {named} (layer {other}): {direction}; move what both need below both",
                        relative.display()
                    ));
                }
            }
        }
    }
    for (module, file) in unknown {
        problems.push(format!(
            "src/{file}: module {module} is on no layer of tests/architecture.rs: put it on the layer where it belongs"
        ));
    }
    problems
}

#[test]
fn every_import_runs_down_the_layers() {
    let problems = violations();
    assert!(
        problems.is_empty(),
        "{} import(s) against the pipeline's direction:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_module_of_the_library_is_on_exactly_one_layer() {
    let lib = support::read(&support::repo().join("src/lib.rs"));
    let declared: Vec<String> = lib
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("pub mod ")
                .or_else(|| l.trim().strip_prefix("mod "))
        })
        .map(|m| m.trim_end_matches(';').to_owned())
        .collect();
    assert!(declared.len() > 20, "{declared:?}");
    for module in &declared {
        let on: Vec<usize> = LAYERS
            .iter()
            .enumerate()
            .filter(|(_, layer)| layer.contains(&module.as_str()))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(on.len(), 1, "module {module} is on layers {on:?}");
    }
}

#[test]
fn the_check_sees_imports_that_run_back_up() {
    // The reader finds every form an import takes, so the check cannot pass by not seeing one.
    assert_eq!(
        named_modules(
            "use crate::{model::names, object::Object}; let x = crate::render::x();",
            false
        ),
        ["model", "object", "render"]
    );
    assert_eq!(
        named_modules("use super::validate::Valid;", true),
        ["validate"]
    );
    assert!(named_modules("use super::validate::Valid;", false).is_empty());
    assert!(named_modules("let s = flink_render::crate::x;", false).is_empty());
    let lines = code_lines(
        "use crate::a;\n// use crate::b;\nlet x = 1; // crate::c\n#[cfg(test)]\nuse crate::d;\n",
    );
    let code: Vec<&str> = lines.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(code, ["use crate::a;", "let x = 1; "]);
}
