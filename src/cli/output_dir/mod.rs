//! `--output-dir`: one file per object, switched in as a whole, and pruned only of what
//! flink-render wrote.
//!
//! Every file is first written to a staging directory. When all are written, the directory
//! is switched in one step: the staging directory, completed with everything of the old
//! directory that stays (files of other tools, inputs, subdirectories; as hard links), takes
//! the old one's place in a single `rename(2)` that exchanges the two. Anyone looking sees the
//! old directory or the new one, never a mix, and an interrupted run leaves the old one
//! ([`interrupt`] removes the staging on SIGINT, SIGTERM and SIGHUP; what `kill -9` leaves is
//! removed by the next run, before it starts). Where the directory itself cannot be renamed —
//! it is a mount point (a container volume), or the current directory of the run — it stays
//! where it is: the staging directory is made inside it, so that every move is a rename on one
//! file system, and the files are moved in one by one after a commit mark is written; a run
//! interrupted by a signal finishes the moves before it ends, and after `kill -9` the next run
//! finishes them first. Either way a failure before the switch leaves the directory untouched.
//!
//! `--prune` deletes only files flink-render wrote: the [`record`] in the directory lists each
//! file a run wrote with the md5 of its content, and a file is pruned only if the record lists
//! it, it still has that content, it is named like an object's file and it is not an input.
//! Inputs inside the directory are refused with `--prune` altogether. What is pruned is said.
//!
//! One run at a time per directory ([`lock`]): a second run waits for the first.

mod interrupt;
mod lock;
mod record;
mod switch;

use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, bail};

use record::{RECORD, digest, is_output_name};

/// The file in the output directory that records what flink-render wrote there.
pub const RECORD_NAME: &str = RECORD;

/// How the new files get into place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Strategy {
    /// Staging next to the directory, exchanged with it in one rename.
    Swap,
    /// Staging inside the directory, files moved in one by one after a commit mark.
    InPlace,
}

/// An output directory being written: files go to staging until [`OutputDir::commit`]; dropped
/// without a commit, it removes the staging and leaves the directory as it was.
pub struct OutputDir {
    target: PathBuf,
    staging: PathBuf,
    strategy: Strategy,
    prune: bool,
    inputs: BTreeSet<PathBuf>,
    /// The record being written into the staging directory, a line per file staged.
    record: std::io::BufWriter<fs::File>,
    _locks: Vec<lock::Lock>,
    committed: bool,
}

/// `path` made absolute, with symbolic links resolved as far as it exists.
fn resolve(path: &Path) -> anyhow::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .context("cannot read the current directory")?
            .join(path)
    };
    // The longest part that exists is canonicalized; the rest is added as written, without
    // `.` and with `..` taken lexically.
    let mut components = absolute.components().peekable();
    let mut existing = PathBuf::new();
    while let Some(component) = components.next_if(|c| existing.join(c).exists()) {
        existing.push(component);
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for component in components {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            other => resolved.push(other),
        }
    }
    Ok(resolved)
}

/// The input files (not standard input), canonicalized.
fn input_paths(inputs: &[PathBuf]) -> BTreeSet<PathBuf> {
    inputs
        .iter()
        .filter(|path| path.as_os_str() != "-")
        .filter_map(|path| path.canonicalize().ok())
        .collect()
}

/// Checks `--output-dir` before anything is read or rendered: the target is a directory (or
/// does not exist yet), and with `prune` it holds none of the inputs.
pub fn check_request(target: &Path, prune: bool, inputs: &[PathBuf]) -> anyhow::Result<()> {
    if fs::symlink_metadata(target).is_ok() && !target.is_dir() {
        bail!(
            "--output-dir {}: exists and is not a directory",
            target.display()
        );
    }
    if prune {
        let resolved = resolve(target)?;
        if let Some(input) = input_paths(inputs)
            .iter()
            .find(|input| input.starts_with(&resolved))
        {
            bail!(
                "--prune: the input {} is inside --output-dir {}; flink-render does not prune a directory that holds its own input (write the manifests to a directory of their own)",
                input.display(),
                target.display()
            );
        }
    }
    Ok(())
}

/// Whether `dir` is the root of a mounted file system (it cannot be renamed then).
fn is_mount_point(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let parent_device = dir
        .parent()
        .and_then(|parent| fs::metadata(parent).ok())
        .map(|m| m.dev());
    if parent_device != fs::metadata(dir).ok().map(|m| m.dev()) {
        return true;
    }
    // A bind mount of a directory of the same file system has the device of its parent.
    let Ok(mounts) = fs::read_to_string("/proc/self/mountinfo") else {
        return false;
    };
    mounts.lines().any(|line| {
        line.split(' ')
            .nth(4)
            .is_some_and(|point| Path::new(&unescape_mount_point(point)) == dir)
    })
}

/// A mount point as `/proc/self/mountinfo` writes it: space, tab, line break and backslash
/// as three octal digits.
fn unescape_mount_point(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let octal = bytes
            .get(i + 1..i + 4)
            .filter(|digits| byte == b'\\' && digits.iter().all(|d| (b'0'..=b'7').contains(d)))
            .and_then(|digits| u8::from_str_radix(std::str::from_utf8(digits).ok()?, 8).ok());
        match octal {
            Some(value) => {
                out.push(value);
                i += 4;
            }
            None => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How `target` (absolute, existing) can be switched.
fn strategy_for(target: &Path) -> Strategy {
    let inside_cwd = std::env::current_dir()
        .ok()
        .and_then(|cwd| cwd.canonicalize().ok())
        .is_some_and(|cwd| cwd.starts_with(target));
    if cfg!(target_os = "linux")
        && target.parent().is_some()
        && !inside_cwd
        && !is_mount_point(target)
    {
        Strategy::Swap
    } else {
        Strategy::InPlace
    }
}

/// The staging directories of runs into `target`: inside it, and next to it.
fn staging_prefixes(target: &Path) -> (String, Option<(PathBuf, String)>) {
    let beside = target
        .parent()
        .zip(target.file_name())
        .map(|(parent, name)| {
            (
                parent.to_path_buf(),
                format!(".{}.flink-render-", name.to_string_lossy()),
            )
        });
    (switch::INSIDE_PREFIX.to_owned(), beside)
}

/// Removes (or, where the switch had begun, finishes) what runs killed before they could clean
/// up left behind. Called with the directory locked, so no other run is using them.
fn clean_stale(target: &Path) -> anyhow::Result<()> {
    let (inside, beside) = staging_prefixes(target);
    let mut stale = Vec::new();
    let mut collect = |dir: &Path, prefix: &str| {
        for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = name.strip_prefix(prefix).is_some_and(|rest| {
                let pid = rest.strip_prefix("staging-").unwrap_or(rest);
                !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
            });
            if ours && entry.file_type().is_ok_and(|t| t.is_dir()) {
                stale.push(entry.path());
            }
        }
    };
    collect(target, &inside);
    if let Some((parent, prefix)) = &beside {
        collect(parent, prefix);
    }
    for dir in stale {
        let _pending = interrupt::state();
        switch::finish_or_remove(&dir, target).with_context(|| {
            format!("cannot clean up {}, left by an earlier run", dir.display())
        })?;
    }
    Ok(())
}

impl OutputDir {
    /// Prepares `target` for writing (after the inputs were checked): creates it if needed,
    /// locks it, cleans up after killed runs, reads the record and creates the staging
    /// directory.
    pub fn open(target: &Path, prune: bool, inputs: &[PathBuf]) -> anyhow::Result<OutputDir> {
        check_request(target, prune, inputs)?;
        interrupt::watch();
        let shown = target.display().to_string();
        let target = resolve(target)?;
        {
            let mut pending = interrupt::state();
            if !target.exists() {
                let mut first_missing = target.clone();
                while first_missing.parent().is_some_and(|p| !p.exists()) {
                    first_missing.pop();
                }
                fs::create_dir_all(&target)
                    .with_context(|| format!("cannot create --output-dir {shown}"))?;
                pending.created = Some(first_missing);
            }
        }
        let mut locks = vec![lock::lock(&target, || {
            super::note(&format!(
                "flink-render: another flink-render is writing to {shown}; waiting for it to finish"
            ));
        })?];
        clean_stale(&target)?;
        let pid = std::process::id();
        let inside = target.join(format!("{}{pid}", switch::INSIDE_PREFIX));
        let mut strategy = strategy_for(&target);
        let mut staging = match (strategy, staging_prefixes(&target).1) {
            (Strategy::Swap, Some((parent, prefix))) => {
                parent.join(format!("{prefix}staging-{pid}"))
            }
            _ => {
                strategy = Strategy::InPlace;
                inside.clone()
            }
        };
        {
            let mut pending = interrupt::state();
            let mut created = fs::create_dir(&staging);
            if created.is_err() && strategy == Strategy::Swap {
                // The parent may not be writable (a directory the user owns in one that is
                // not theirs): stage inside instead.
                strategy = Strategy::InPlace;
                staging = inside;
                created = fs::create_dir(&staging);
            }
            created.with_context(|| {
                format!(
                    "cannot create the staging directory {} for --output-dir {shown}",
                    staging.display()
                )
            })?;
            pending.remove = Some(staging.clone());
        }
        if strategy == Strategy::Swap {
            locks.push(lock::lock_new(&staging)?);
        }
        let record_path = staging.join(RECORD);
        let record = {
            let _pending = interrupt::state();
            fs::File::create(&record_path)
                .and_then(|file| {
                    let mut record = std::io::BufWriter::new(file);
                    record.write_all(record::HEADER.as_bytes())?;
                    Ok(record)
                })
                .with_context(|| format!("cannot write {}", record_path.display()))?
        };
        Ok(OutputDir {
            target,
            staging,
            strategy,
            prune,
            inputs: input_paths(inputs),
            record,
            _locks: locks,
            committed: false,
        })
    }

    /// Stages the file `name` (an object's file name) with `contents`.
    pub fn write(&mut self, name: &str, contents: &[u8]) -> anyhow::Result<()> {
        if !is_output_name(name) {
            bail!("{name:?} is not a file name flink-render writes");
        }
        let destination = self.target.join(name);
        if self.inputs.contains(&destination) {
            bail!(
                "{} is an input of this run; flink-render does not write over its own input",
                destination.display()
            );
        }
        if let Ok(existing) = fs::symlink_metadata(&destination)
            && !existing.is_file()
        {
            bail!(
                "{} exists and is not a file; flink-render would replace it with the file of an object (move it away, or write to another directory)",
                destination.display()
            );
        }
        let path = self.staging.join(name);
        let _pending = interrupt::state();
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => bail!(
                "two objects would be written to the same file {name}; give their clusters different names or namespaces"
            ),
            opened => opened
                .and_then(|mut file| file.write_all(contents))
                .and_then(|()| {
                    self.record
                        .write_all(record::line(&digest(contents), name).as_bytes())
                })
                .with_context(|| format!("cannot write {}", path.display())),
        }
    }

    /// Whether this run staged the file `name`.
    fn staged(&self, name: &str) -> bool {
        is_output_name(name) && self.staging.join(name).is_file()
    }

    /// Switches the staged files in (see the module header) and prunes; returns the names of
    /// the files pruned and of the files named like objects' that no record lists (kept).
    pub fn commit(mut self) -> anyhow::Result<Committed> {
        // The earlier record, read a line at a time: its files this run did not write are
        // pruned (with `prune`) or stay recorded, if they are unchanged.
        let mut committed = Committed::default();
        let previous = fs::read_to_string(self.target.join(RECORD)).unwrap_or_default();
        let mut recorded = BTreeSet::new();
        {
            let _pending = interrupt::state();
            for (sum, name) in record::entries(&previous) {
                if self.prune {
                    recorded.insert(name);
                }
                if self.staged(name) {
                    continue;
                }
                let path = self.target.join(name);
                let unchanged = fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
                    && fs::read(&path).is_ok_and(|bytes| digest(&bytes) == sum);
                if !unchanged {
                    // Gone, or changed since: no longer flink-render's to delete.
                    continue;
                }
                if self.prune && !self.inputs.contains(&path) {
                    committed.pruned.push(name.to_owned());
                } else {
                    self.record
                        .write_all(record::line(sum, name).as_bytes())
                        .context("cannot write the record of what was written")?;
                }
            }
            self.record
                .flush()
                .context("cannot write the record of what was written")?;
        }
        if self.prune {
            committed.unrecorded = fs::read_dir(&self.target)
                .into_iter()
                .flatten()
                .flatten()
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| {
                    is_output_name(name) && !recorded.contains(name.as_str()) && !self.staged(name)
                })
                .collect();
            committed.unrecorded.sort();
        }
        let pruned: BTreeSet<&str> = committed.pruned.iter().map(String::as_str).collect();
        let keep = |name: &str| {
            !self.staged(name)
                && name != RECORD
                && !pruned.contains(name)
                && !name.starts_with(switch::INSIDE_PREFIX)
        };
        let switched = match self.strategy {
            Strategy::Swap => switch::swap(&self.target, &self.staging, keep)?,
            Strategy::InPlace => false,
        };
        if !switched {
            switch::move_in(&self.target, &self.staging, &committed.pruned)?;
        }
        self.committed = true;
        let mut pending = interrupt::state();
        *pending = interrupt::Pending::default();
        Ok(committed)
    }
}

/// What a commit did besides switching.
#[derive(Debug, Default)]
pub struct Committed {
    /// Files pruned.
    pub pruned: Vec<String>,
    /// Files named like objects' that no record says flink-render wrote (kept), with `prune`.
    pub unrecorded: Vec<String>,
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if !self.committed {
            let mut pending = interrupt::state();
            interrupt::undo(&mut pending);
            *pending = interrupt::Pending::default();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mount_points_are_unescaped_as_the_kernel_escapes_them() {
        assert_eq!(unescape_mount_point("/mnt/my\\040dir"), "/mnt/my dir");
        assert_eq!(unescape_mount_point("/a\\134b"), "/a\\b");
        assert_eq!(unescape_mount_point("/plain\\9"), "/plain\\9");
    }

    #[test]
    fn paths_that_do_not_exist_yet_resolve_lexically() {
        let dir = tempfile::tempdir().expect("temp dir");
        let base = dir.path().canonicalize().expect("exists");
        let resolved = resolve(&dir.path().join("a/./b/../c")).expect("resolves");
        assert_eq!(resolved, base.join("a/c"));
    }
}
