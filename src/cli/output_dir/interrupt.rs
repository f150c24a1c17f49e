//! SIGINT, SIGTERM and SIGHUP while an output directory is being written: what is staged is
//! removed before the process ends, so an interrupted run (Ctrl-C, a CI job's timeout) leaves
//! the directory as it was and no staging behind.
//!
//! Every change to the staging directory is made while holding [`STATE`]; the signal thread
//! takes it too, so it never removes a directory that is being written, and a switch that has
//! begun is finished before the process ends. (`kill -9` cannot be caught: what it leaves is
//! removed by the next run into the same directory, see `super::stale`.)

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, Once};

/// What must be undone if the process is interrupted now.
#[derive(Debug, Default)]
pub struct Pending {
    /// A staging directory (or the old directory after a switch) to remove.
    pub remove: Option<PathBuf>,
    /// An output directory this run created, to remove if it is still empty.
    pub created: Option<PathBuf>,
    /// The new files are in place: what is left to remove is the old directory.
    pub switched: bool,
}

static STATE: Mutex<Pending> = Mutex::new(Pending {
    remove: None,
    created: None,
    switched: false,
});

/// Holds the state: changes to the staging directory happen while the guard lives.
pub fn state() -> MutexGuard<'static, Pending> {
    STATE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Undoes what is pending (also used when a run fails).
pub fn undo(pending: &mut Pending) {
    if let Some(dir) = pending.remove.take() {
        let _ = std::fs::remove_dir_all(dir);
    }
    if let Some(dir) = pending.created.take() {
        // Only if empty: `remove_dir` refuses anything else.
        let _ = std::fs::remove_dir(dir);
    }
}

/// Starts the thread that undoes what is pending on SIGINT, SIGTERM or SIGHUP and then ends
/// the process with 128 + the signal's number, as the signal would have.
pub fn watch() {
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let mut pending = state();
                let message: &[u8] = if pending.switched {
                    b"flink-render: interrupted after the output directory was switched to the new files\n"
                } else {
                    b"flink-render: interrupted; the output directory was left as it was\n"
                };
                undo(&mut pending);
                let _ = std::io::Write::write_all(&mut std::io::stderr(), message);
                std::process::exit(128 + signal);
            }
        });
    });
}
