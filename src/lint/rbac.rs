//! RBAC that stays in its namespace: Roles and RoleBindings (never their cluster-wide
//! counterparts) without `*` in API groups, resources, verbs or resource names, and bindings
//! that grant a Role to subjects of their own namespace.

use super::Finding;
use crate::object::Object;
use crate::path::FieldPath;

const WILDCARD: &str = "*";

pub(super) fn check(objects: &[Object], out: &mut Vec<Finding>) {
    for object in objects {
        match object {
            Object::Role(role) => {
                for (i, rule) in role.rules.iter().flatten().enumerate() {
                    let path = FieldPath::fields("rules").index(i);
                    let lists = [
                        ("apiGroups", rule.api_groups.as_deref()),
                        ("resources", rule.resources.as_deref()),
                        ("verbs", Some(rule.verbs.as_slice())),
                        ("resourceNames", rule.resource_names.as_deref()),
                    ];
                    for (field, values) in lists {
                        for (j, value) in values.unwrap_or_default().iter().enumerate() {
                            if value.contains(WILDCARD) {
                                out.push(Finding::new(
                                    object,
                                    path.field(field).index(j),
                                    format!(
                                        "Invalid value: {value:?}: generated RBAC names what it grants; no wildcards"
                                    ),
                                ));
                            }
                        }
                    }
                    if rule
                        .non_resource_urls
                        .as_ref()
                        .is_some_and(|u| !u.is_empty())
                    {
                        out.push(Finding::new(
                            object,
                            path.field("nonResourceURLs"),
                            "Forbidden: nonResourceURLs are cluster-wide and cannot be granted by a namespaced Role",
                        ));
                    }
                }
            }
            Object::RoleBinding(binding) => {
                if binding.role_ref.kind != "Role" {
                    out.push(Finding::new(
                        object,
                        FieldPath::fields("roleRef.kind"),
                        format!(
                            "Invalid value: {:?}: generated RBAC binds namespaced Roles only",
                            binding.role_ref.kind
                        ),
                    ));
                }
                for (i, subject) in binding.subjects.iter().flatten().enumerate() {
                    if subject.kind == "ServiceAccount"
                        && subject.namespace.as_deref() != object.namespace()
                    {
                        out.push(Finding::new(
                            object,
                            FieldPath::fields("subjects").index(i).field("namespace"),
                            format!(
                                "Invalid value: {:?}: generated RBAC grants to ServiceAccounts of its own namespace ({:?})",
                                subject.namespace.as_deref().unwrap_or_default(),
                                object.namespace().unwrap_or_default()
                            ),
                        ));
                    }
                    if subject.name.contains(WILDCARD) {
                        out.push(Finding::new(
                            object,
                            FieldPath::fields("subjects").index(i).field("name"),
                            format!("Invalid value: {:?}: no wildcards", subject.name),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
}
