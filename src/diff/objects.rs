//! The objects of two renders paired by identity (`apiVersion`, `kind`, namespace, name), each
//! pair classified as added, removed, changed or unchanged under semantic equality.
//!
//! The order is the new render's (install order), then the removed objects in the old render's
//! order. A new revision's ControllerRevision has a new name, so it pairs with nothing: it is
//! added, and the old one appears removed; the caller drops the old one unless the history limit
//! deletes it (the operator keeps its revisions, see [`super::history`]).

use serde::Serialize;

use super::impact::Action;
use super::semantic;
use crate::object::Object;
use crate::yaml::{self, EmitError};

/// Lines of context around each change in a unified diff.
const CONTEXT_LINES: usize = 3;

/// How an object differs between the old and the new render.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ObjectChange {
    /// Only in the new render.
    Added,
    /// Only in the old render.
    Removed,
    /// In both, not semantically equal.
    Changed,
    /// In both, semantically equal.
    Unchanged,
}

/// One object of either render and what becomes of it.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectDiff {
    /// How it differs.
    pub change: ObjectChange,
    /// For a changed object: whether the only difference is the revision label.
    pub revision_label_only: bool,
    /// What the operator does with it.
    pub action: Action,
    /// The old render's object (its quantities spelled as in the new one where equal).
    pub old: Option<Object>,
    /// The new render's object.
    pub new: Option<Object>,
}

impl ObjectDiff {
    /// The object as rendered now, else as it was.
    pub fn object(&self) -> Option<&Object> {
        self.new.as_ref().or(self.old.as_ref())
    }

    /// `kind` of the object.
    pub fn kind(&self) -> &str {
        self.object().map_or("", Object::kind)
    }

    /// `metadata.name` of the object.
    pub fn name(&self) -> &str {
        self.object().map_or("", Object::name)
    }

    /// `apiVersion/kind/namespace/name`.
    pub fn identity(&self) -> String {
        self.object().map(Object::identity).unwrap_or_default()
    }

    /// The unified diff of the two sides' YAML (`a/<identity>`, `b/<identity>`; `/dev/null` for
    /// a missing side), empty when the texts are equal.
    pub fn unified_diff(&self) -> Result<String, EmitError> {
        let old = self.old.as_ref().map(yaml::to_yaml).transpose()?;
        let new = self.new.as_ref().map(yaml::to_yaml).transpose()?;
        if old == new {
            return Ok(String::new());
        }
        let identity = self.identity();
        let header = |side: &Option<String>, prefix: &str| match side {
            Some(_) => format!("{prefix}/{identity}"),
            None => "/dev/null".to_owned(),
        };
        let (a, b) = (header(&old, "a"), header(&new, "b"));
        let (old, new) = (old.unwrap_or_default(), new.unwrap_or_default());
        Ok(similar::TextDiff::from_lines(&old, &new)
            .unified_diff()
            .context_radius(CONTEXT_LINES)
            .header(&a, &b)
            .to_string())
    }
}

/// Pairs the objects of the old and new render.
pub fn pair(old: Vec<Object>, new: Vec<Object>) -> Vec<ObjectDiff> {
    let mut old: Vec<Option<Object>> = old.into_iter().map(Some).collect();
    let mut pairs = Vec::new();
    for new in new {
        let identity = new.identity();
        let counterpart = old
            .iter_mut()
            .find(|o| o.as_ref().is_some_and(|o| o.identity() == identity))
            .and_then(Option::take);
        pairs.push(match counterpart {
            None => ObjectDiff {
                change: ObjectChange::Added,
                revision_label_only: false,
                action: Action::Keep,
                old: None,
                new: Some(new),
            },
            Some(mut old) => {
                semantic::align_quantities(&mut old, &new);
                let (change, revision_label_only) = if old == new {
                    (ObjectChange::Unchanged, false)
                } else {
                    (
                        ObjectChange::Changed,
                        semantic::differ_only_in_revision_label(&old, &new),
                    )
                };
                ObjectDiff {
                    change,
                    revision_label_only,
                    action: Action::Keep,
                    old: Some(old),
                    new: Some(new),
                }
            }
        });
    }
    pairs.extend(old.into_iter().flatten().map(|old| ObjectDiff {
        change: ObjectChange::Removed,
        revision_label_only: false,
        action: Action::Keep,
        old: Some(old),
        new: None,
    }));
    pairs
}
