//! Least-privilege access to the API server for the pods that need it: Flink's Kubernetes HA
//! services (ConfigMaps) and the barrier init containers (pods).
//!
//! Each feature gets its own namespaced Role with exactly the verbs it uses, bound to the pods'
//! ServiceAccount: `<name>-flink`, rendered here, or the one `spec.serviceAccountName` names,
//! which the user manages. No wildcards, no ClusterRole.

use k8s_openapi::api::core::v1::ServiceAccount;
use k8s_openapi::api::rbac::v1::{PolicyRule, Role, RoleBinding, RoleRef, Subject};

use super::Context;
use crate::model::names;
use crate::object::Object;

/// The API group of Roles.
const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

/// Whether the cluster's pods need access to the API server.
pub fn needed(ctx: &Context<'_>) -> bool {
    ctx.ha.is_some() || ctx.settings.barrier.is_some()
}

/// The service account of every Flink pod: the user's, else `<name>-flink` when the pods need
/// access to the API server, else none (the namespace's default).
pub fn service_account(ctx: &Context<'_>) -> Option<String> {
    let user = ctx
        .spec
        .service_account_name
        .clone()
        .filter(|s| !s.is_empty());
    if needed(ctx) {
        user.or_else(|| Some(names::service_account(ctx.name)))
    } else {
        user
    }
}

fn role(ctx: &Context<'_>, name: String, resource: &str, verbs: &[&str]) -> Role {
    Role {
        metadata: ctx.metadata(name, ctx.cluster_labels()),
        rules: Some(vec![PolicyRule {
            api_groups: Some(vec![String::new()]),
            resources: Some(vec![resource.to_owned()]),
            verbs: verbs.iter().map(|v| (*v).to_owned()).collect(),
            ..PolicyRule::default()
        }]),
    }
}

fn binding(ctx: &Context<'_>, role: &str, account: &str) -> RoleBinding {
    RoleBinding {
        metadata: ctx.metadata(role.to_owned(), ctx.cluster_labels()),
        role_ref: RoleRef {
            api_group: Some(RBAC_GROUP.to_owned()),
            kind: "Role".to_owned(),
            name: role.to_owned(),
        },
        subjects: Some(vec![Subject {
            kind: "ServiceAccount".to_owned(),
            name: account.to_owned(),
            namespace: ctx.settings.namespace.clone(),
            ..Subject::default()
        }]),
    }
}

/// The ServiceAccount (unless the user names theirs), and a Role and RoleBinding per feature.
pub fn objects(ctx: &Context<'_>) -> Vec<Object> {
    let Some(account) = service_account(ctx).filter(|_| needed(ctx)) else {
        return Vec::new();
    };
    let mut objects = Vec::new();
    if ctx
        .spec
        .service_account_name
        .as_deref()
        .is_none_or(str::is_empty)
    {
        objects.push(Object::from(ServiceAccount {
            metadata: ctx.metadata(account.clone(), ctx.cluster_labels()),
            ..ServiceAccount::default()
        }));
    }
    if let Some(ha) = &ctx.ha {
        let name = names::ha_role(ctx.name);
        objects.push(role(ctx, name.clone(), "configmaps", &ha.config_map_verbs()).into());
        objects.push(binding(ctx, &name, &account).into());
    }
    if ctx.settings.barrier.is_some() {
        let name = names::barrier_role(ctx.name);
        objects.push(role(ctx, name.clone(), "pods", &["get", "list"]).into());
        objects.push(binding(ctx, &name, &account).into());
    }
    objects
}
