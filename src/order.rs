//! Order stage: Helm's install order, so that what an object needs exists before it.
//!
//! Kinds sort by their place in Helm 4's `InstallOrder` (Namespace and RBAC before ConfigMaps,
//! ConfigMaps before Services, Services before workloads, Ingresses after them). Kinds Helm does
//! not list go last, alphabetically by kind. The sort is stable: within a kind, objects keep the
//! order they were rendered in.

use crate::object::Object;

/// Helm 4's install order (Helm 3's list plus the two webhook kinds at the end).
pub const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// Where `kind` sorts: its index in [`INSTALL_ORDER`], or after every listed kind.
fn rank(kind: &str) -> (usize, &str) {
    match INSTALL_ORDER.iter().position(|k| *k == kind) {
        Some(index) => (index, ""),
        None => (INSTALL_ORDER.len(), kind),
    }
}

/// Sorts by kind into install order, keeping the relative order of objects of one kind.
pub fn install_order(mut objects: Vec<Object>) -> Vec<Object> {
    objects.sort_by(|a, b| rank(a.kind()).cmp(&rank(b.kind())));
    objects
}

/// The same ordering for any list identified by kind (used for pass-through documents).
pub fn sort_by_kind<T>(items: &mut [T], kind: impl Fn(&T) -> &str) {
    items.sort_by(|a, b| rank(kind(a)).cmp(&rank(kind(b))));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_kinds_by_index_unknown_last_alphabetically() {
        let mut kinds = vec![
            "Job",
            "PodGroup",
            "ConfigMap",
            "ControllerRevision",
            "Service",
            "PodDisruptionBudget",
            "StatefulSet",
            "Ingress",
            "HorizontalPodAutoscaler",
            "Deployment",
        ];
        sort_by_kind(&mut kinds, |k| k);
        assert_eq!(
            kinds,
            vec![
                "PodDisruptionBudget",
                "ConfigMap",
                "Service",
                "Deployment",
                "HorizontalPodAutoscaler",
                "StatefulSet",
                "Job",
                "Ingress",
                "ControllerRevision",
                "PodGroup"
            ]
        );
    }
}
