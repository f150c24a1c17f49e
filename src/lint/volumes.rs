//! Every volume a container mounts is declared in its pod (or, for a StatefulSet, by one of its
//! claim templates): the API server refuses a mount of an unknown volume.

use std::collections::BTreeSet;

use super::Finding;
use crate::object::Object;
use crate::pods;

pub(super) fn check(objects: &[Object], out: &mut Vec<Finding>) {
    for object in objects {
        let Some(template) = pods::template_of(object) else {
            continue;
        };
        let Some(spec) = template.spec() else {
            continue;
        };
        let mut declared: BTreeSet<&str> = spec
            .volumes
            .iter()
            .flatten()
            .map(|v| v.name.as_str())
            .collect();
        if let Object::StatefulSet(s) = object {
            declared.extend(
                s.spec
                    .volume_claim_templates
                    .iter()
                    .flatten()
                    .filter_map(|c| c.metadata.name.as_deref()),
            );
        }
        let spec_path = template.spec_path();
        for (relative, container) in pods::containers(spec) {
            for (i, mount) in container.volume_mounts.iter().flatten().enumerate() {
                if !declared.contains(mount.name.as_str()) {
                    out.push(Finding::new(
                        object,
                        pods::join(&spec_path, &relative)
                            .field("volumeMounts")
                            .index(i)
                            .field("name"),
                        format!(
                            "Not found: {:?}: no volume of this name is declared in the pod",
                            mount.name
                        ),
                    ));
                }
            }
        }
    }
}
