//! Traffic that leads somewhere: every Service selects a rendered pod template and each of its
//! target ports is a port of a selected container; every Ingress backend is a rendered Service
//! and one of its ports; every StatefulSet's `serviceName` is a rendered Service.

use k8s_openapi::api::core::v1::{Service, ServicePort};
use k8s_openapi::api::networking::v1::IngressBackend;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::selectors::template_labels;
use super::{Finding, same_namespace};
use crate::object::Object;
use crate::path::FieldPath;
use crate::pods::{self, PodTemplate};

fn selected<'a>(
    object: &Object,
    service: &Service,
    objects: &'a [Object],
) -> Option<Vec<PodTemplate<'a>>> {
    let selector = service
        .spec
        .as_ref()
        .and_then(|s| s.selector.as_ref())
        .filter(|s| !s.is_empty())?;
    Some(
        pods::templates(objects)
            .filter(|t| same_namespace(object, t.object))
            .filter(|t| {
                let labels = template_labels(t);
                selector.iter().all(|(k, v)| labels.get(k) == Some(v))
            })
            .collect(),
    )
}

/// Whether a selected container has the target port. A pod in the node's network
/// (`hostNetwork`, as Flink's native integration runs it on request) listens on the node's
/// ports without declaring them, so a port number reaches it.
fn container_has_port(templates: &[PodTemplate<'_>], target: &IntOrString) -> bool {
    templates.iter().filter_map(|t| t.spec()).any(|spec| {
        (spec.host_network == Some(true) && matches!(target, IntOrString::Int(_)))
            || spec
                .containers
                .iter()
                .flat_map(|c| c.ports.iter().flatten())
                .any(|p| match target {
                    IntOrString::Int(number) => p.container_port == *number,
                    IntOrString::String(name) => p.name.as_deref() == Some(name.as_str()),
                })
    })
}

fn describe(target: &IntOrString) -> String {
    match target {
        IntOrString::Int(n) => n.to_string(),
        IntOrString::String(s) => format!("{s:?}"),
    }
}

fn check_service(object: &Object, service: &Service, objects: &[Object], out: &mut Vec<Finding>) {
    let Some(templates) = selected(object, service, objects) else {
        return;
    };
    if templates.is_empty() {
        out.push(Finding::new(
            object,
            FieldPath::fields("spec.selector"),
            "selects none of the pods rendered with it: the Service would have no endpoints",
        ));
        return;
    }
    let ports: &[ServicePort] = service
        .spec
        .as_ref()
        .and_then(|s| s.ports.as_deref())
        .unwrap_or_default();
    for (i, port) in ports.iter().enumerate() {
        let target = port
            .target_port
            .clone()
            .unwrap_or(IntOrString::Int(port.port));
        if !container_has_port(&templates, &target) {
            out.push(Finding::new(
                object,
                FieldPath::fields("spec.ports").index(i).field("targetPort"),
                format!(
                    "target port {} is not a port of any container the Service selects",
                    describe(&target)
                ),
            ));
        }
    }
}

/// The Service `name` rendered in the namespace of `object`.
fn rendered_service<'a>(objects: &'a [Object], object: &Object, name: &str) -> Option<&'a Service> {
    objects.iter().find_map(|o| match o {
        Object::Service(s) if same_namespace(object, o) && o.name() == name => Some(&**s),
        _ => None,
    })
}

fn check_backend(
    object: &Object,
    backend: &IngressBackend,
    path: FieldPath,
    objects: &[Object],
    out: &mut Vec<Finding>,
) {
    let Some(wanted) = backend.service.as_ref() else {
        return;
    };
    let Some(service) = rendered_service(objects, object, &wanted.name) else {
        out.push(Finding::new(
            object,
            path.field("service").field("name"),
            format!(
                "Not found: {:?}: no Service of this name is rendered",
                wanted.name
            ),
        ));
        return;
    };
    let Some(port) = wanted.port.as_ref() else {
        return;
    };
    let ports = service
        .spec
        .as_ref()
        .and_then(|s| s.ports.as_deref())
        .unwrap_or_default();
    let found = ports.iter().any(|p| match (&port.name, port.number) {
        (Some(name), _) => p.name.as_deref() == Some(name.as_str()),
        (None, Some(number)) => p.port == number,
        (None, None) => true,
    });
    if !found {
        let shown = port
            .name
            .clone()
            .map(|n| format!("{n:?}"))
            .or_else(|| port.number.map(|n| n.to_string()))
            .unwrap_or_default();
        out.push(Finding::new(
            object,
            path.field("service").field("port"),
            format!(
                "Not found: the Service {:?} has no port {shown}",
                wanted.name
            ),
        ));
    }
}

pub(super) fn check(objects: &[Object], out: &mut Vec<Finding>) {
    for object in objects {
        match object {
            Object::Service(service) => check_service(object, service, objects, out),
            Object::Ingress(ingress) => {
                let Some(spec) = ingress.spec.as_ref() else {
                    continue;
                };
                if let Some(backend) = &spec.default_backend {
                    check_backend(
                        object,
                        backend,
                        FieldPath::fields("spec.defaultBackend"),
                        objects,
                        out,
                    );
                }
                for (i, rule) in spec.rules.iter().flatten().enumerate() {
                    for (j, path) in rule.http.iter().flat_map(|h| h.paths.iter()).enumerate() {
                        check_backend(
                            object,
                            &path.backend,
                            FieldPath::fields("spec.rules")
                                .index(i)
                                .field("http")
                                .field("paths")
                                .index(j)
                                .field("backend"),
                            objects,
                            out,
                        );
                    }
                }
            }
            Object::StatefulSet(statefulset) => {
                if let Some(name) = statefulset.spec.service_name.as_deref()
                    && rendered_service(objects, object, name).is_none()
                {
                    out.push(Finding::new(
                        object,
                        FieldPath::fields("spec.serviceName"),
                        format!("Not found: {name:?}: no Service of this name is rendered"),
                    ));
                }
            }
            _ => {}
        }
    }
}
