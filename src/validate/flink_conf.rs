//! `spec.flinkProperties` entries the Flink configuration file cannot carry exactly
//! ([`crate::flink_conf::check`]): keys that are not option keys are refused; in
//! `flink-conf.yaml` (Flink 1.x) a value with `#` is refused, an empty value or one with
//! surrounding whitespace is warned about. Each message says what Flink would have read.

use crate::diagnostics::Diagnostics;
use crate::flink_conf::{Format, check};
use crate::model::config::SYSTEM_PROPERTIES;
use crate::path::FieldPath;
use crate::spec::FlinkCluster;

pub(super) fn validate(cluster: &FlinkCluster, out: &mut Diagnostics) {
    let format = Format::of(&cluster.spec.flink_version);
    for (key, value) in cluster.spec.flink_properties.iter().flatten() {
        if SYSTEM_PROPERTIES.contains(&key.as_str()) || value.contains(['\n', '\r']) {
            // Not written (flink-render sets these), or refused as a line break.
            continue;
        }
        let path = FieldPath::fields("spec.flinkProperties").key(key.clone());
        let problems = check::key_problem(key, value, format)
            .into_iter()
            .chain(check::value_problem(key, value, format));
        for problem in problems {
            match problem.severity {
                check::Severity::Refused => out.error(path.clone(), problem.message),
                check::Severity::Warning => out.warning(path.clone(), problem.message),
            }
        }
    }
}
