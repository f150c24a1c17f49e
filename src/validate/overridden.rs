//! `spec.flinkProperties` values that never reach Flink because the configuration sets the key
//! itself: the operator derives `jobmanager.rpc.address`, the ports and the like from the
//! cluster (`SYSTEM_PROPERTIES`), and `--target native` derives the image, the service account,
//! the CPUs, the application and more from spec fields. A user's value for such a key is
//! replaced; the warning says by what, from which field, and what Flink reads instead.
//!
//! A natively derived key the native configuration does not write at all (the image key of
//! another Flink version) is warned about too.
//!
//! Keys replaced by the same value, and keys the configuration translates rather than
//! replaces (the HA mode key of another Flink version), are not reported.

use crate::diagnostics::Diagnostics;
use crate::memory::java;
use crate::model::Model;
use crate::model::config::Origin;
use crate::model::native::config::DERIVED_KEYS;
use crate::options::Target;
use crate::path::FieldPath;

/// Warns about every `spec.flinkProperties` value of `model` the target's configuration
/// replaces.
pub(super) fn validate(model: &Model, out: &mut Diagnostics) {
    let written = &model.reads().written;
    let native = model.settings().target == Target::Native;
    for (key, value) in model.spec().flink_properties.iter().flatten() {
        let path = FieldPath::fields("spec.flinkProperties").key(key.clone());
        if native && !written.contains_key(key) && DERIVED_KEYS.contains(&key.as_str()) {
            out.warning(
                path,
                format!(
                    "--target native derives {key} from the FlinkCluster's fields (docs/native.md) and does not write this value"
                ),
            );
            continue;
        }
        let Some(origin) = model.origins().get(key) else {
            continue;
        };
        let who = match origin {
            Origin::Operator(field) => match field {
                Some(field) => format!("the operator sets {key} from {field}"),
                None => format!("the operator sets {key} itself"),
            },
            Origin::Native(field) => match field {
                Some(field) => format!("--target native sets {key} from {field}"),
                None => format!("--target native sets {key} itself, as Flink's client does"),
            },
            Origin::FlinkProperties
            | Origin::FlinkDefault
            | Origin::HighAvailability
            | Origin::Memory(_)
            | Origin::OperatorDefault(_)
            | Origin::FlinkConfiguration(_) => continue,
        };
        let Some(used) = written.get(key) else {
            continue;
        };
        if java::trim(used) == java::trim(value) {
            continue;
        }
        out.warning(
            path,
            format!("{who}; this value is ignored: Flink reads {used:?}"),
        );
    }
}
