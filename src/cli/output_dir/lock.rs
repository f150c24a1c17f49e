//! One run at a time per output directory: an advisory lock (`flock`) on the directory itself.
//!
//! A run that finds the lock taken says so and waits. The directory is replaced by another
//! one when a run switches it in, so a lock is only good while the path still leads to the
//! directory it was taken on: the run that switches locks the new directory before it moves in,
//! and a waiting run checks the path again once it holds a lock.

use std::fs::File;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use anyhow::Context;

/// A held lock; released when dropped (or when the process ends, however it ends).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Device and inode: what identifies a directory whatever path leads to it.
fn identity(metadata: &std::fs::Metadata) -> (u64, u64) {
    (metadata.dev(), metadata.ino())
}

/// Locks the directory `dir` (which must exist), waiting for another run's lock if need be;
/// `waiting` is called once before waiting.
pub fn lock(dir: &Path, mut waiting: impl FnMut()) -> anyhow::Result<Lock> {
    loop {
        let file = File::open(dir).with_context(|| format!("cannot open {}", dir.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                waiting();
                file.lock()
                    .with_context(|| format!("cannot lock {}", dir.display()))?;
            }
            Err(std::fs::TryLockError::Error(error)) => {
                return Err(error).with_context(|| format!("cannot lock {}", dir.display()));
            }
        }
        let held = identity(&file.metadata()?);
        let now = std::fs::metadata(dir).map(|m| identity(&m)).ok();
        if now == Some(held) {
            return Ok(Lock { _file: file });
        }
        // Another run switched a new directory in while this one waited: lock that one.
    }
}

/// Locks a directory no other run can know of yet (a staging directory just created).
pub fn lock_new(dir: &Path) -> anyhow::Result<Lock> {
    let file = File::open(dir).with_context(|| format!("cannot open {}", dir.display()))?;
    file.lock()
        .with_context(|| format!("cannot lock {}", dir.display()))?;
    Ok(Lock { _file: file })
}
