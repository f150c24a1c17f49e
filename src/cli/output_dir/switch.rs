//! Putting staged files in place: the whole directory exchanged in one rename, or the files
//! moved in one by one after a commit mark (see the parent module for when each is used).

use std::fs;
use std::path::Path;

use anyhow::{Context, bail};

use super::interrupt;
use super::record::is_output_name;

/// Name prefix of a staging directory inside the output directory (the process id follows).
pub const INSIDE_PREFIX: &str = ".flink-render-staging-";

/// Written into a staging directory when its files start moving in: from then on the switch is
/// finished, by the run itself or, if it was killed, by the next one. It lists the files to
/// prune, one per line.
const COMMIT: &str = ".flink-render-commit";

/// Copies what stays of the old directory into the staging one (files as hard links), then
/// exchanges the two directories in one rename and removes the old one. `keep` says which
/// entries of the old directory stay. `Ok(false)` when the file system cannot exchange
/// directories: the staging directory then holds only what was staged, for [`move_in`].
pub fn swap(target: &Path, staging: &Path, keep: impl Fn(&str) -> bool) -> anyhow::Result<bool> {
    let entries =
        fs::read_dir(target).with_context(|| format!("cannot read {}", target.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", target.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if keep(&name) {
            let _pending = interrupt::state();
            carry(&entry.path(), &staging.join(entry.file_name()))?;
        }
    }
    if let Ok(metadata) = fs::metadata(target) {
        let _ = fs::set_permissions(staging, metadata.permissions());
    }
    let mut pending = interrupt::state();
    match exchange(staging, target) {
        Ok(()) => {
            // `staging` now holds the old directory.
            pending.switched = true;
            pending.created = None;
            pending.remove = Some(staging.to_path_buf());
            drop(pending);
            fs::remove_dir_all(staging).with_context(|| {
                format!(
                    "the new files are in place, but the old directory, now {}, could not be removed",
                    staging.display()
                )
            })?;
            Ok(true)
        }
        Err(error) if cannot_exchange(error) => {
            drop(pending);
            for entry in fs::read_dir(staging).into_iter().flatten().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if keep(&name) {
                    let _pending = interrupt::state();
                    remove_any(&entry.path())?;
                }
            }
            Ok(false)
        }
        Err(error) => Err(std::io::Error::from(error)).with_context(|| {
            format!(
                "cannot switch {} to the new files (staged in {})",
                target.display(),
                staging.display()
            )
        }),
    }
}

/// Moves the staged files into `target`: marks the switch as begun (listing `pruned`), moves
/// every staged file in and deletes the pruned ones. A signal waits until the moves are done.
pub fn move_in(target: &Path, staging: &Path, pruned: &[String]) -> anyhow::Result<()> {
    let _pending = interrupt::state();
    let mark = staging.join(COMMIT);
    let unfinished = staging.join(format!("{COMMIT}.new"));
    let list: String = pruned.iter().map(|name| format!("{name}\n")).collect();
    fs::write(&unfinished, list)
        .and_then(|()| fs::rename(&unfinished, &mark))
        .with_context(|| format!("cannot write {}", mark.display()))?;
    roll_forward(staging, target)
}

/// Finishes the switch a killed run had begun in `staging`, or removes `staging` if it had not.
pub fn finish_or_remove(staging: &Path, target: &Path) -> anyhow::Result<()> {
    if staging.join(COMMIT).is_file() {
        roll_forward(staging, target)
    } else {
        fs::remove_dir_all(staging).with_context(|| format!("cannot remove {}", staging.display()))
    }
}

/// Moves every file of a committed staging directory into `target`, deletes the pruned files
/// it lists and removes it.
fn roll_forward(staging: &Path, target: &Path) -> anyhow::Result<()> {
    let list = fs::read_to_string(staging.join(COMMIT)).unwrap_or_default();
    let entries =
        fs::read_dir(staging).with_context(|| format!("cannot read {}", staging.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", staging.display()))?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with(COMMIT) {
            continue;
        }
        let destination = target.join(&name);
        fs::rename(entry.path(), &destination)
            .with_context(|| format!("cannot move the new file into {}", destination.display()))?;
    }
    for name in list.lines().filter(|name| is_output_name(name)) {
        match fs::remove_file(target.join(name)) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                return Err(error)
                    .with_context(|| format!("cannot prune {}", target.join(name).display()));
            }
            _ => {}
        }
    }
    fs::remove_dir_all(staging).with_context(|| format!("cannot remove {}", staging.display()))
}

/// Puts `from` (an entry of the old directory) at `to` in the new one: files as hard links
/// (copies where a link is not allowed), symbolic links as themselves, directories entry by
/// entry.
fn carry(from: &Path, to: &Path) -> anyhow::Result<()> {
    let metadata =
        fs::symlink_metadata(from).with_context(|| format!("cannot read {}", from.display()))?;
    let kind = metadata.file_type();
    let result = if kind.is_file() {
        fs::hard_link(from, to).or_else(|_| fs::copy(from, to).map(|_| ()))
    } else if kind.is_symlink() {
        fs::read_link(from).and_then(|link| std::os::unix::fs::symlink(link, to))
    } else if kind.is_dir() {
        fs::create_dir(to)?;
        for entry in fs::read_dir(from)? {
            let entry = entry?;
            carry(&entry.path(), &to.join(entry.file_name()))?;
        }
        fs::set_permissions(to, metadata.permissions())
    } else {
        bail!(
            "{} is neither a file, a directory nor a symbolic link; flink-render cannot keep it when it switches the directory (move it away, or write to another directory)",
            from.display()
        );
    };
    result.with_context(|| format!("cannot keep {} in the new directory", from.display()))
}

fn remove_any(path: &Path) -> anyhow::Result<()> {
    let is_dir = fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    let result = if is_dir {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    };
    result.with_context(|| format!("cannot remove {}", path.display()))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<(), rustix::io::Errno> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> Result<(), rustix::io::Errno> {
    Err(rustix::io::Errno::NOSYS)
}

/// Whether `error` says the two directories cannot be exchanged here (the file system or the
/// kernel cannot, or one is a mount point), rather than that something is wrong.
fn cannot_exchange(error: rustix::io::Errno) -> bool {
    use rustix::io::Errno;
    [
        Errno::INVAL,
        Errno::NOSYS,
        Errno::OPNOTSUPP,
        Errno::XDEV,
        Errno::BUSY,
    ]
    .contains(&error)
}
