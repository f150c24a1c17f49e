//! Writing `--output-dir` all at once: every file is written to a staging directory next to the
//! target first, then moved into place, so a failure leaves the target untouched. With `prune`,
//! YAML files the run did not write are removed afterwards, so the directory holds exactly the
//! rendered objects (a CI gate comparing it with git then sees deleted objects too).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;

fn staging_dir(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_owned());
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.flink-render-{}", std::process::id()))
}

/// Writes `files` (name, contents) into `target`, creating it if needed; with `prune`, then
/// deletes every other `*.yaml`/`*.yml` file directly in `target` (other files are kept).
pub fn write(target: &Path, files: &[(String, String)], prune: bool) -> anyhow::Result<()> {
    if target.exists() && !target.is_dir() {
        anyhow::bail!(
            "--output-dir {}: exists and is not a directory",
            target.display()
        );
    }
    // Rendering has succeeded by now, so creating missing parents (like `mkdir -p`) cannot leave
    // anything behind for a failed run.
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let staging = staging_dir(target);
    let result = stage_and_move(target, &staging, files);
    if staging.exists() {
        let _ = fs::remove_dir_all(&staging);
    }
    result?;
    if prune {
        remove_stale(target, files)?;
    }
    Ok(())
}

fn remove_stale(target: &Path, files: &[(String, String)]) -> anyhow::Result<()> {
    let entries =
        fs::read_dir(target).with_context(|| format!("cannot read {}", target.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", target.display()))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if yaml && path.is_file() && !files.iter().any(|(written, _)| *written == name) {
            fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(())
}

fn stage_and_move(target: &Path, staging: &Path, files: &[(String, String)]) -> anyhow::Result<()> {
    fs::create_dir(staging).with_context(|| format!("cannot create {}", staging.display()))?;
    for (name, contents) in files {
        let path = staging.join(name);
        fs::write(&path, contents).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if !target.exists() {
        fs::rename(staging, target)
            .with_context(|| format!("cannot create {}", target.display()))?;
        return Ok(());
    }
    for (name, _) in files {
        fs::rename(staging.join(name), target.join(name))
            .with_context(|| format!("cannot write {}", target.join(name).display()))?;
    }
    Ok(())
}
