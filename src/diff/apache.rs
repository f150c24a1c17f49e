//! Diff of the Apache Flink Kubernetes Operator's FlinkDeployments: the objects of both sides
//! (rendered as `render` renders them) paired and compared as for FlinkClusters, and the
//! operator's checks of a spec change run against the OLD spec
//! ([`crate::validate::apache::update_checks`], with the validator's exact messages) as the
//! refusals of the update.
//!
//! The rest of a FlinkCluster's diff (revisions, the impact of spotify's operator, its webhook's
//! rules) is that operator's and does not apply: a FlinkDeployment's update is carried out by
//! the Apache operator as its `upgradeMode` says.

use super::{ClusterDiff, DiffError, DiffOptions, RevisionDiff};
use crate::apache_spec::FlinkDeployment;
use crate::diagnostics::Diagnostics;
use crate::pipeline::{self, Rendered};
use crate::validate::apache::{LastSpec, update_checks};

use super::impact::{Action, Impact, Update};

/// The note every FlinkDeployment's diff carries.
const UPGRADE_NOTE: &str = "the Apache Flink Kubernetes Operator carries out the update as spec.job.upgradeMode says (stateless, savepoint or last-state); the objects above are what it makes from the new spec";

/// Diffs two FlinkDeployments (the old one as deployed, the new one as it would be applied);
/// `None` for one that is created or deleted.
pub fn diff_deployment(
    old: Option<&FlinkDeployment>,
    new: Option<&FlinkDeployment>,
    options: &DiffOptions,
) -> Result<ClusterDiff, DiffError> {
    let mut errors = DiffError::default();
    let render = |deployment: Option<&FlinkDeployment>, problems: &mut Diagnostics| match deployment
        .map(|d| pipeline::apache::render_deployment(d, &options.render))
    {
        None => Rendered::default(),
        Some(Ok(rendered)) => rendered,
        Some(Err(found)) => {
            *problems = found;
            Rendered::default()
        }
    };
    let old_rendered = render(old, &mut errors.old);
    let new_rendered = render(new, &mut errors.new);
    let rejections = match (old, new) {
        (Some(old), Some(new)) => update_checks(
            &crate::defaults::apache::apply_deployment(new.clone())
                .deployment()
                .spec,
            &LastSpec::of(
                &crate::defaults::apache::apply_deployment(old.clone())
                    .deployment()
                    .spec,
            ),
        ),
        _ => Diagnostics::new(),
    };
    if errors.old.has_errors() || errors.new.has_errors() {
        // The operator checks the change before the rest: report both.
        let mut new_errors = rejections;
        new_errors.extend(std::mem::take(&mut errors.new));
        errors.new = new_errors;
        return Err(errors);
    }
    let mut objects = super::objects::pair(old_rendered.objects, new_rendered.objects);
    // Kubernetes applies what the operator makes from the new spec: objects are created,
    // deleted (with the FlinkDeployment that owns them) or updated in place.
    for object in &mut objects {
        object.action = match object.change {
            super::ObjectChange::Added => Action::Create,
            super::ObjectChange::Removed => Action::Delete,
            super::ObjectChange::Changed => Action::Update,
            super::ObjectChange::Unchanged => Action::Keep,
        };
    }
    let unchanged = objects
        .iter()
        .all(|o| o.change == super::ObjectChange::Unchanged);
    let update = match (old, new) {
        (None, _) => Update::Create,
        (_, None) => Update::Delete,
        _ if unchanged => Update::None,
        _ => Update::Full,
    };
    let deployment = new.or(old);
    Ok(ClusterDiff {
        kind: crate::apache_spec::DEPLOYMENT_KIND,
        namespace: deployment
            .and_then(|d| d.metadata.namespace.clone())
            .or_else(|| options.render.namespace.clone())
            .filter(|n| !n.is_empty()),
        name: deployment
            .and_then(|d| d.metadata.name.clone())
            .unwrap_or_default(),
        revision: RevisionDiff {
            old: None,
            new: None,
            action: None,
            history_limit: 0,
            kept: Vec::new(),
            deleted: Vec::new(),
            spec_changes: Vec::new(),
        },
        impact: Impact {
            update,
            recreate_on_update: false,
            job: None,
            untriggered: Vec::new(),
            control: None,
            warnings: Vec::new(),
            notes: (update == Update::Full)
                .then(|| UPGRADE_NOTE.to_owned())
                .into_iter()
                .collect(),
        },
        objects,
        rejections,
        conditional_rejections: Diagnostics::new(),
        old_warnings: old_rendered.warnings,
        new_warnings: new_rendered.warnings,
        flink: super::flink::deployment_changes(
            old.and_then(|d| pipeline::apache::validated_deployment(d, &options.render).ok())
                .as_ref(),
            new.and_then(|d| pipeline::apache::validated_deployment(d, &options.render).ok())
                .as_ref(),
        ),
    })
}
