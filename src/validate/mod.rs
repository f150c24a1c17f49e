//! Validate stage: refuse a defaulted FlinkCluster that the operator, Kubernetes or Flink would
//! refuse or crash on, and warn about ones that would run badly.
//!
//! [`operator`] is the operator's validating webhook, message for message; [`kubernetes`] adds
//! the API server's and controllers' rules for the objects that will be rendered, and guards the
//! inputs on which the operator panics. All problems are reported together.

mod barrier;
mod ha;
mod kubernetes;
pub mod names;
mod operator;

pub use operator::MAX_CLUSTER_NAME_LENGTH;

use crate::defaults::Defaulted;
use crate::diagnostics::Diagnostics;
use crate::options::Settings;
use crate::path::FieldPath;

/// A defaulted cluster that passed validation, with the warnings found on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Valid {
    defaulted: Defaulted,
    settings: Settings,
    warnings: Diagnostics,
}

impl Valid {
    /// The cluster.
    pub fn defaulted(&self) -> &Defaulted {
        &self.defaulted
    }

    /// The options in effect for it.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Warnings: rendering goes on, but the user should look.
    pub fn warnings(&self) -> &Diagnostics {
        &self.warnings
    }
}

/// Checks `defaulted` under `settings`. On failure the diagnostics hold every error (and any
/// warnings); on success the warnings travel with the [`Valid`] cluster.
pub fn validate(defaulted: Defaulted, settings: Settings) -> Result<Valid, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let cluster = defaulted.cluster();
    operator::validate(cluster, settings.namespace.as_deref(), &mut diagnostics);
    kubernetes::validate(cluster, &mut diagnostics);
    ha::validate(cluster, &settings, &mut diagnostics);
    barrier::validate(cluster, &settings, &mut diagnostics);
    if settings.from_savepoint.is_some() && cluster.spec.job.is_none() {
        diagnostics.error(
            FieldPath::fields("spec.job"),
            "a savepoint to restore was given (--from-savepoint or the flink-render/from-savepoint annotation), but this is a session cluster without a job",
        );
    }
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(Valid {
            defaulted,
            settings,
            warnings: diagnostics,
        })
    }
}
