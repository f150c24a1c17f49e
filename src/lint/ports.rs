//! Port names: a container's port names are IANA service names (at most 15 characters) and
//! unique in the container; a Service's ports have unique DNS-1123 label names, required as
//! soon as there are two.

use std::collections::BTreeSet;

use super::{Finding, unique_name};
use crate::kubernetes::names;
use crate::object::Object;
use crate::path::FieldPath;
use crate::pods;

pub(super) fn check(objects: &[Object], out: &mut Vec<Finding>) {
    for object in objects {
        if let Some(template) = pods::template_of(object)
            && let Some(spec) = template.spec()
        {
            let spec_path = template.spec_path();
            for (relative, container) in pods::containers(spec) {
                let mut seen = BTreeSet::new();
                for (i, port) in container.ports.iter().flatten().enumerate() {
                    let Some(name) = port.name.as_deref() else {
                        continue;
                    };
                    let path = pods::join(&spec_path, &relative)
                        .field("ports")
                        .index(i)
                        .field("name");
                    unique_name(object, path, name, names::port_name, &mut seen, out);
                }
            }
        }
        if let Object::Service(service) = object {
            let ports = service
                .spec
                .as_ref()
                .and_then(|s| s.ports.as_deref())
                .unwrap_or_default();
            let mut seen = BTreeSet::new();
            for (i, port) in ports.iter().enumerate() {
                let path = FieldPath::fields("spec.ports").index(i).field("name");
                match port.name.as_deref().filter(|n| !n.is_empty()) {
                    None if ports.len() > 1 => out.push(Finding::new(
                        object,
                        path,
                        "Required value: a Service with more than one port names every port",
                    )),
                    None => {}
                    Some(name) => {
                        unique_name(object, path, name, names::dns1123_label, &mut seen, out)
                    }
                }
            }
        }
    }
}
