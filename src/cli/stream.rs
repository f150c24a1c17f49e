//! `render` to standard output, streamed and spread over the machine's cores.
//!
//! Two passes, so that nothing reaches stdout when anything is wrong and memory stays that of a
//! few clusters however many there are: first every source is checked
//! ([`flink_render::pipeline::check_source`], all problems at once, nothing kept), then each
//! cluster is rendered and written as soon as it is done. With several sources, both passes run
//! on one thread per core: workers take sources in input order and hand each cluster's YAML over
//! a bounded channel; the main thread writes the sources in input order, so the bytes are those
//! of a single-threaded run. The library stays single-threaded and pure; the threads are here.
//! Small inputs ([`ONE_PASS_BYTES`]) skip all this: one pass, output held (see `render_streamed`).

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use flink_render::pipeline::{self, RenderEachError, SourceCheck};
use flink_render::render::Object;
use flink_render::yaml::{self, Limits};
use flink_render::{Options, Report, Source};

/// Inputs up to this size (all files together) are rendered in one pass, their output held
/// until everything succeeded: about 16 clusters, some 350 KB of output. Larger inputs take the
/// two streamed passes, which parse and validate every cluster twice.
pub const ONE_PASS_BYTES: usize = 16 * 1024;

/// Clusters a worker may have rendered ahead of the writer, per source.
const AHEAD: usize = 8;

/// How many threads to use for `sources`: one per core, no more than there are sources.
fn threads_for(sources: &[Source<'_>]) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    cores.min(sources.len()).max(1)
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
    spread(threads_for(sources), sources.len(), |index| {
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

/// What a worker hands the writer for one source.
enum Piece {
    /// One cluster's objects as YAML (documents joined by `---`).
    Cluster(String),
    /// The source could not be rendered after all (a problem the check did not see).
    Refused(Vec<Report>),
}

fn cluster_yaml(objects: &[Object]) -> Result<String, yaml::EmitError> {
    flink_render::emit::yaml_stream(objects)
}

/// Pass one over every source: `Ok` holds the warnings, `Err` the reports when anything is
/// wrong.
pub fn check(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
) -> Result<Vec<Report>, Vec<Report>> {
    pipeline::conclude(sources, check_all(sources, options, limits))
}

/// Pass two over sources that passed [`check`]: every cluster rendered and written to `out`
/// as soon as it is done, in input order. `Ok(Err(reports))` is a problem the check did not see
/// (then the output stops where it was).
pub fn write(
    sources: &[Source<'_>],
    options: &Options,
    limits: Limits,
    out: &mut dyn Write,
) -> anyhow::Result<Result<(), Vec<Report>>> {
    let mut first = true;
    let mut write_cluster = |text: &str| -> std::io::Result<()> {
        if !first {
            out.write_all(b"---\n")?;
        }
        first = false;
        out.write_all(text.as_bytes())
    };
    let threads = threads_for(sources);
    if threads <= 1 {
        for source in sources {
            let rendered = pipeline::render_checked(source, options, limits, |objects| {
                let text = cluster_yaml(objects).map_err(anyhow::Error::from)?;
                write_cluster(&text).map_err(anyhow::Error::from)
            });
            match rendered {
                Ok(()) => {}
                Err(RenderEachError::Sink(error)) => return Err(error),
                Err(RenderEachError::Refused(reports)) => return Ok(Err(reports)),
            }
        }
        return Ok(Ok(()));
    }

    let (senders, receivers): (Vec<_>, Vec<_>) = sources
        .iter()
        .map(|_| mpsc::sync_channel::<Piece>(AHEAD))
        .unzip();
    let senders: Vec<std::sync::Mutex<Option<mpsc::SyncSender<Piece>>>> = senders
        .into_iter()
        .map(|s| std::sync::Mutex::new(Some(s)))
        .collect();
    std::thread::scope(|scope| -> anyhow::Result<Result<(), Vec<Report>>> {
        let senders = &senders;
        scope.spawn(move || {
            spread(threads, sources.len(), |index| {
                let sender = senders
                    .get(index)
                    .and_then(|slot| slot.lock().ok().and_then(|mut s| s.take()));
                let (Some(source), Some(sender)) = (sources.get(index), sender) else {
                    return;
                };
                // A send fails only when the writer has stopped; then so does this source.
                let rendered = pipeline::render_checked(source, options, limits, |objects| {
                    let text = cluster_yaml(objects).map_err(|e| vec![emit_report(source, &e)])?;
                    sender
                        .send(Piece::Cluster(text))
                        .map_err(|_| Vec::<Report>::new())
                });
                match rendered {
                    Ok(()) => {}
                    Err(RenderEachError::Sink(reports))
                    | Err(RenderEachError::Refused(reports)) => {
                        let _ = sender.send(Piece::Refused(reports));
                    }
                }
            });
        });
        for receiver in receivers {
            for piece in receiver {
                match piece {
                    Piece::Cluster(text) => write_cluster(&text)?,
                    Piece::Refused(reports) if reports.is_empty() => {}
                    Piece::Refused(reports) => return Ok(Err(reports)),
                }
            }
        }
        Ok(Ok(()))
    })
}

fn emit_report(source: &Source<'_>, error: &yaml::EmitError) -> Report {
    Report::new(
        source.origin,
        "",
        flink_render::Diagnostics::from(vec![flink_render::Diagnostic::error(
            flink_render::path::FieldPath::root(),
            error.to_string(),
        )]),
    )
}
