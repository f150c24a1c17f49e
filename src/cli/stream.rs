//! Rendering spread over the machine's cores, document by document, in input order.
//!
//! `render` to standard output takes one pass ([`render_once`]): each document is parsed,
//! defaulted, validated and rendered once, and its output held back until every cluster is
//! known to render (nothing reaches stdout when anything is wrong); only then are the exact
//! reports of a failing input found by the check ([`check`]). `render --output-dir` takes two
//! ([`check`], then [`each_cluster`]), because the file names depend on every cluster's
//! namespace. Either way one long stream uses every core: workers take documents in input
//! order and the writer takes what they made back in the same order, so the bytes are those
//! of a single-threaded run, and memory is that of a few clusters. The library stays
//! single-threaded and pure; the threads are here.
//! Small inputs ([`ONE_PASS_BYTES`]) skip all this: the library renders them whole.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use flink_render::object::Object;
use flink_render::pipeline::{self, SourceCheck};
use flink_render::yaml::Limits;
use flink_render::{Options, Report, Source};

/// Inputs up to this size (all files together) are rendered in one pass, their output held
/// until everything succeeded: about 16 clusters, some 350 KB of output. Larger inputs are
/// streamed (see the module).
pub const ONE_PASS_BYTES: usize = 16 * 1024;

/// Documents a worker may have rendered ahead of the writer.
const AHEAD: usize = 8;

/// How many threads to use for `jobs` pieces of work: one per core, no more than there are jobs.
fn threads_for(jobs: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    cores.min(jobs).max(1)
}

/// Runs `work` on every index below `count` on `threads` threads, taking indexes in order.
fn spread(threads: usize, count: usize, work: impl Fn(usize) + Sync) {
    let next = AtomicUsize::new(0);
    let take = || {
        let index = next.fetch_add(1, Ordering::Relaxed);
        (index < count).then_some(index)
    };
    if threads <= 1 {
        while let Some(index) = take() {
            work(index);
        }
        return;
    }
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(index) = take() {
                    work(index);
                }
            });
        }
    });
}

/// Pass one: every source checked, results in input order.
fn check_all(sources: &[Source<'_>], options: &Options, limits: Limits) -> Vec<SourceCheck> {
    let slots: Vec<std::sync::Mutex<Option<SourceCheck>>> = sources
        .iter()
        .map(|_| std::sync::Mutex::new(None))
        .collect();
    spread(threads_for(sources.len()), sources.len(), |index| {
        if let (Some(source), Some(slot)) = (sources.get(index), slots.get(index)) {
            let check = pipeline::check_source(source, options, limits);
            if let Ok(mut slot) = slot.lock() {
                *slot = Some(check);
            }
        }
    });
    slots
        .into_iter()
        .map(|slot| slot.into_inner().ok().flatten().unwrap_or_default())
        .collect()
}

/// What a worker hands the writer for one document.
enum Piece<T> {
    /// What the document's cluster became (`None` for a document without a cluster).
    Cluster(Option<T>),
    /// The document could not be rendered after all (a problem the check did not see).
    Refused(Vec<Report>),
}

/// Pass one over every source: `Ok` holds the warnings and the namespaces of the clusters,
/// `Err` the reports when anything is wrong.
pub fn check(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
) -> Result<Checked, Vec<Report>> {
    let checks = check_all(sources, options, limits);
    let namespaces = namespaces_of(&checks);
    let warnings = pipeline::conclude(sources, checks)?;
    Ok(Checked {
        warnings,
        namespaces,
    })
}

/// The namespaces of the clusters the checks found.
fn namespaces_of(checks: &[SourceCheck]) -> std::collections::BTreeSet<String> {
    checks
        .iter()
        .flat_map(|check| check.clusters.iter().map(|((namespace, _), _)| namespace))
        .cloned()
        .collect()
}

/// What pass one found in sources that can be rendered.
pub struct Checked {
    /// Warnings, one report per source that has any.
    pub warnings: Vec<Report>,
    /// The namespaces the clusters go to (`""` for none).
    pub namespaces: std::collections::BTreeSet<String>,
}

/// The documents of every source, cut at their marker lines (a byte scan), each with the index
/// of its source.
fn documents_of(
    sources: &[Source<'_>],
    limits: Limits,
) -> Result<Vec<(usize, pipeline::SourceDocument)>, Vec<Report>> {
    let mut documents = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        let cut = pipeline::source_documents(source, limits)?;
        documents.extend(cut.into_iter().map(|document| (index, document)));
    }
    Ok(documents)
}

/// Runs `work` on every job below `count`, spread over the cores, and hands what it gives to
/// `take` in job order until `take` says stop (`Ok(false)`) or fails. A worker stays at most
/// [`AHEAD`] jobs per thread ahead of `take`, so memory is that of a few jobs.
fn in_order<P: Send>(
    count: usize,
    work: impl Fn(usize) -> P + Sync,
    mut take: impl FnMut(P) -> anyhow::Result<bool>,
) -> anyhow::Result<()> {
    let threads = threads_for(count);
    if threads <= 1 {
        for job in 0..count {
            if !take(work(job))? {
                break;
            }
        }
        return Ok(());
    }
    let window = InOrder::new(AHEAD * threads);
    std::thread::scope(|scope| {
        let window = &window;
        let work = &work;
        scope.spawn(move || {
            spread(threads, count, |job| {
                if window.wait_for_room(job) {
                    window.put(job, work(job));
                }
            });
        });
        let result = (|| {
            for job in 0..count {
                let Some(piece) = window.take(job) else { break };
                if !take(piece)? {
                    break;
                }
            }
            Ok(())
        })();
        // Whatever happened, the workers must not wait for a writer that has gone.
        window.stop();
        result
    })
}

/// Pass two over sources that passed [`check`]: every cluster's objects go through `make` as
/// soon as they are rendered, and what it makes to `sink`, in input order. `Ok(Err(reports))`
/// is a problem the check did not see (then the output stops where it was); an `Err` of
/// `sink` stops it too.
///
/// The unit of work is one document, not one source, so that a single stream uses every core
/// too: the documents of every source are handed to the workers in order; the writer takes
/// them back in the same order.
pub fn each_cluster<T: Send>(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
    make: impl Fn(&[Object]) -> Result<T, String> + Sync,
    mut sink: impl FnMut(T) -> anyhow::Result<()>,
) -> anyhow::Result<Result<(), Vec<Report>>> {
    let documents = match documents_of(sources, limits) {
        Ok(documents) => documents,
        Err(reports) => return Ok(Err(reports)),
    };
    let render = |job: usize| -> Piece<T> {
        let Some((source, document)) = documents
            .get(job)
            .and_then(|(index, document)| Some((sources.get(*index)?, document)))
        else {
            return Piece::Cluster(None);
        };
        match pipeline::render_document(source, document, options, limits) {
            Ok(objects) if objects.is_empty() => Piece::Cluster(None),
            Ok(objects) => match make(&objects) {
                Ok(made) => Piece::Cluster(Some(made)),
                Err(error) => Piece::Refused(vec![emit_report(source, error)]),
            },
            Err(reports) => Piece::Refused(reports),
        }
    };
    let mut refused = None;
    in_order(documents.len(), render, |piece| {
        match piece {
            Piece::Cluster(None) => {}
            Piece::Cluster(Some(made)) => sink(made)?,
            Piece::Refused(reports) => {
                refused = Some(reports);
                return Ok(false);
            }
        }
        Ok(true)
    })?;
    Ok(refused.map_or(Ok(()), Err))
}

/// One pass instead of two, for sources that are expected to render: every document is
/// rendered once and what `make` makes of its objects goes to `sink` in input order, while its
/// problems are gathered. `Ok(Ok(checked))` when everything rendered: `sink` has had the whole
/// output. Otherwise `sink` had only part of it (throw it away) and `Ok(Err(reports))` holds
/// exactly what [`check`] reports, which is then run for them (a rare path). The caller holds
/// the output until the end, so nothing reaches it when anything is wrong.
pub fn render_once<T: Send>(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
    make: impl Fn(&[Object]) -> Result<T, String> + Sync,
    mut sink: impl FnMut(T) -> anyhow::Result<()>,
) -> anyhow::Result<Result<Checked, Vec<Report>>> {
    let documents = match documents_of(sources, limits) {
        Ok(documents) => documents,
        Err(reports) => return Ok(Err(reports)),
    };
    let render = |job: usize| -> Option<(usize, pipeline::DocumentRendered, Option<T>)> {
        let (index, document) = documents.get(job)?;
        let source = sources.get(*index)?;
        let mut rendered = pipeline::render_document_once(source, document, options, limits);
        let mut made = None;
        if !rendered.objects.is_empty() && !rendered.diagnostics.has_errors() {
            match make(&std::mem::take(&mut rendered.objects)) {
                Ok(done) => made = Some(done),
                Err(error) => {
                    rendered
                        .diagnostics
                        .error(flink_render::path::FieldPath::root(), error);
                }
            }
        }
        Some((*index, rendered, made))
    };
    let mut checks: Vec<SourceCheck> = sources.iter().map(|_| SourceCheck::default()).collect();
    let mut found = vec![false; sources.len()];
    let mut failed = false;
    in_order(documents.len(), render, |piece| {
        let Some((index, rendered, made)) = piece else {
            return Ok(true);
        };
        failed |= rendered.diagnostics.has_errors();
        if let Some(check) = checks.get_mut(index) {
            check.diagnostics.extend(rendered.diagnostics);
            check.clusters.extend(rendered.cluster);
            check.claims.extend(rendered.claims);
            check.deployments.extend(rendered.deployment);
        }
        if let Some(found) = found.get_mut(index) {
            *found |= rendered.found;
        }
        if failed {
            return Ok(false);
        }
        if let Some(made) = made {
            sink(made)?;
        }
        Ok(true)
    })?;
    if failed {
        // The check gives the exact reports; should it find nothing (a cluster that validates
        // but whose YAML cannot be written), the problems found here are the reports.
        return Ok(match check(sources, options, limits) {
            Err(reports) => Err(reports),
            Ok(_) => Err(sources
                .iter()
                .zip(checks)
                .filter(|(_, check)| check.diagnostics.has_errors())
                .map(|(source, check)| Report::new(source.origin, "", check.diagnostics))
                .collect()),
        });
    }
    let namespaces = namespaces_of(&checks);
    Ok(match pipeline::conclude_once(sources, checks, &found) {
        Some(concluded) => concluded.map(|warnings| Checked {
            warnings,
            namespaces,
        }),
        None => check(sources, options, limits),
    })
}

/// What [`each_cluster`] makes of a cluster's objects when each object becomes one piece:
/// `make` applied to every object, in order.
pub fn per_object<T>(
    make: impl Fn(&Object) -> Result<T, String> + Sync,
) -> impl Fn(&[Object]) -> Result<Vec<T>, String> + Sync {
    move |objects| objects.iter().map(&make).collect()
}

/// Pieces finished out of order, handed to the writer in order; workers wait while they are
/// too far ahead of it.
struct InOrder<T> {
    state: Mutex<Window<T>>,
    changed: Condvar,
    ahead: usize,
}

struct Window<T> {
    /// The job the writer takes next.
    next: usize,
    /// Finished jobs the writer has not taken yet.
    done: BTreeMap<usize, T>,
    /// The writer has stopped: workers give up.
    stopped: bool,
}

impl<T> InOrder<T> {
    fn new(ahead: usize) -> Self {
        Self {
            state: Mutex::new(Window {
                next: 0,
                done: BTreeMap::new(),
                stopped: false,
            }),
            changed: Condvar::new(),
            ahead,
        }
    }

    /// Waits until `job` is within reach of the writer; `false` when the writer has stopped.
    /// The job the writer waits for never waits here, so the two cannot block each other.
    fn wait_for_room(&self, job: usize) -> bool {
        let Ok(mut state) = self.state.lock() else {
            return false;
        };
        while !state.stopped && job >= state.next + self.ahead {
            match self.changed.wait(state) {
                Ok(next) => state = next,
                Err(_) => return false,
            }
        }
        !state.stopped
    }

    fn put(&self, job: usize, piece: T) {
        if let Ok(mut state) = self.state.lock() {
            state.done.insert(job, piece);
            self.changed.notify_all();
        }
    }

    /// Waits for `job` and takes it; `None` if the lock is poisoned (a worker panicked).
    fn take(&self, job: usize) -> Option<T> {
        let mut state = self.state.lock().ok()?;
        loop {
            if let Some(piece) = state.done.remove(&job) {
                state.next = job + 1;
                self.changed.notify_all();
                return Some(piece);
            }
            state = self.changed.wait(state).ok()?;
        }
    }

    fn stop(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.stopped = true;
            self.changed.notify_all();
        }
    }
}

fn emit_report(source: &Source<'_>, error: String) -> Report {
    Report::new(
        source.origin,
        "",
        flink_render::Diagnostics::from(vec![flink_render::Diagnostic::error(
            flink_render::path::FieldPath::root(),
            error,
        )]),
    )
}
