//! The operator's ControllerRevision history: which revision a new spec becomes, and which
//! revisions survive `revisionHistoryLimit`.
//!
//! [`sync`] mirrors the operator's `syncRevisionStatus` and `truncateHistory` on a known history:
//! revisions are ordered by number; a spec whose data equals the latest revision reuses it; one
//! equal to an older revision "rolls back" by giving that revision the next number; any other
//! spec becomes a new revision numbered one above the latest. The history is then trimmed to the
//! newest `revisionHistoryLimit` revisions (10 when unset), never deleting the revision in use.
//! The result describes the history once the update has finished (the operator protects the
//! old revision until then).

use serde::Serialize;

/// Revisions the operator keeps when `spec.revisionHistoryLimit` is unset.
pub const DEFAULT_HISTORY_LIMIT: i32 = crate::defaults::REVISION_HISTORY_LIMIT;

/// A ControllerRevision: its name (`<cluster>-<hash>`) and its number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RevisionRef {
    /// `<cluster>-<hash>`: the ControllerRevision's name and the revision label's value.
    pub name: String,
    /// The ControllerRevision's `.revision`.
    pub number: u32,
}

impl RevisionRef {
    /// `<name>-<number>`, as the operator writes it into `status.revision`.
    pub fn status_name(&self) -> String {
        format!("{}-{}", self.name, self.number)
    }
}

/// A stored ControllerRevision: reference plus the data the operator compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRevision {
    /// Name and number.
    pub revision: RevisionRef,
    /// The revision's `data` bytes (the hashed spec patch).
    pub data: Vec<u8>,
}

/// What becomes of the new spec's revision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum RevisionAction {
    /// The data equals the latest revision: nothing changes.
    Unchanged,
    /// A new ControllerRevision is created.
    Created,
    /// The data equals an older revision, which gets the next number (`from` was its number).
    RolledBack {
        /// The number the revision had before.
        from: u32,
    },
}

/// The history after the operator has synced the new spec and the update has finished.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Synced {
    /// The new spec's revision.
    pub next: RevisionRef,
    /// How it came about.
    pub action: RevisionAction,
    /// Revisions kept, oldest first.
    pub kept: Vec<RevisionRef>,
    /// Revisions deleted to honour the limit, oldest first.
    pub deleted: Vec<RevisionRef>,
}

/// Syncs `history` (any order) with a spec whose revision is `name` with `data`, and trims the
/// result to `limit` revisions. A negative limit trims nothing: the operator slices past the end
/// of its list there (see docs/diff.md).
pub fn sync(history: &[StoredRevision], name: &str, data: &[u8], limit: i32) -> Synced {
    let mut revisions: Vec<StoredRevision> = history.to_vec();
    revisions.sort_by(|a, b| {
        (a.revision.number, &a.revision.name).cmp(&(b.revision.number, &b.revision.name))
    });
    let next_number = revisions
        .last()
        .map_or(1, |r| r.revision.number.saturating_add(1));
    let equal = revisions.iter().rposition(|r| r.data == data);
    let latest = revisions.len().checked_sub(1);
    let (next, action) = match equal {
        Some(i) if Some(i) == latest => match revisions.get(i) {
            Some(r) => (r.revision.clone(), RevisionAction::Unchanged),
            None => created(name, next_number),
        },
        Some(i) => match revisions.get_mut(i) {
            Some(r) => {
                let from = r.revision.number;
                r.revision.number = next_number;
                (r.revision.clone(), RevisionAction::RolledBack { from })
            }
            None => created(name, next_number),
        },
        None => {
            let (next, action) = created(name, next_number);
            revisions.push(StoredRevision {
                revision: next.clone(),
                data: data.to_vec(),
            });
            (next, action)
        }
    };
    revisions.sort_by(|a, b| {
        (a.revision.number, &a.revision.name).cmp(&(b.revision.number, &b.revision.name))
    });
    let surplus = usize::try_from(limit)
        .map(|limit| revisions.len().saturating_sub(limit))
        .unwrap_or(0);
    let (mut kept, mut deleted) = (Vec::new(), Vec::new());
    for (i, stored) in revisions.into_iter().enumerate() {
        if i < surplus && stored.revision != next {
            deleted.push(stored.revision);
        } else {
            kept.push(stored.revision);
        }
    }
    Synced {
        next,
        action,
        kept,
        deleted,
    }
}

fn created(name: &str, number: u32) -> (RevisionRef, RevisionAction) {
    (
        RevisionRef {
            name: name.to_owned(),
            number,
        },
        RevisionAction::Created,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(name: &str, number: u32, data: &str) -> StoredRevision {
        StoredRevision {
            revision: RevisionRef {
                name: name.to_owned(),
                number,
            },
            data: data.as_bytes().to_vec(),
        }
    }

    fn names(revisions: &[RevisionRef]) -> Vec<String> {
        revisions.iter().map(RevisionRef::status_name).collect()
    }

    #[test]
    fn equal_to_the_latest_reuses_it() {
        let history = [stored("c-a", 1, "A"), stored("c-b", 2, "B")];
        let synced = sync(&history, "c-b", b"B", 10);
        assert_eq!(synced.action, RevisionAction::Unchanged);
        assert_eq!(synced.next.status_name(), "c-b-2");
        assert_eq!(names(&synced.kept), ["c-a-1", "c-b-2"]);
        assert!(synced.deleted.is_empty());
    }

    #[test]
    fn a_new_spec_gets_the_next_number() {
        let history = [stored("c-a", 3, "A")];
        let synced = sync(&history, "c-b", b"B", 10);
        assert_eq!(synced.action, RevisionAction::Created);
        assert_eq!(synced.next.status_name(), "c-b-4");
        assert_eq!(names(&synced.kept), ["c-a-3", "c-b-4"]);
    }

    #[test]
    fn the_first_revision_is_one() {
        let synced = sync(&[], "c-a", b"A", 10);
        assert_eq!(synced.next.status_name(), "c-a-1");
        assert_eq!(synced.action, RevisionAction::Created);
    }

    #[test]
    fn equal_to_an_older_revision_rolls_back_by_renumbering_it() {
        let history = [stored("c-b", 2, "B"), stored("c-a", 1, "A")];
        let synced = sync(&history, "c-a", b"A", 10);
        assert_eq!(synced.action, RevisionAction::RolledBack { from: 1 });
        assert_eq!(synced.next.status_name(), "c-a-3");
        assert_eq!(names(&synced.kept), ["c-b-2", "c-a-3"]);
    }

    #[test]
    fn the_oldest_surplus_revisions_are_deleted() {
        let history = [
            stored("c-a", 1, "A"),
            stored("c-b", 2, "B"),
            stored("c-c", 3, "C"),
        ];
        let synced = sync(&history, "c-d", b"D", 2);
        assert_eq!(names(&synced.deleted), ["c-a-1", "c-b-2"]);
        assert_eq!(names(&synced.kept), ["c-c-3", "c-d-4"]);
    }

    #[test]
    fn a_limit_of_zero_keeps_only_the_revision_in_use() {
        let history = [stored("c-a", 1, "A")];
        let synced = sync(&history, "c-b", b"B", 0);
        assert_eq!(names(&synced.deleted), ["c-a-1"]);
        assert_eq!(names(&synced.kept), ["c-b-2"]);
    }

    #[test]
    fn a_negative_limit_deletes_nothing() {
        let history = [stored("c-a", 1, "A")];
        let synced = sync(&history, "c-b", b"B", -1);
        assert!(synced.deleted.is_empty());
        assert_eq!(names(&synced.kept), ["c-a-1", "c-b-2"]);
    }
}
