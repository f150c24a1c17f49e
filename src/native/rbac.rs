//! What the JobManager may do with the API server, and nothing more: start, watch and stop
//! its TaskManager pods (`pods`), look up and delete its own Deployment (the owner of every
//! TaskManager pod; deleted when an application finishes), and with Kubernetes HA the leader
//! and job ConfigMaps. One namespaced Role `<name>-native`, bound to the pods' ServiceAccount
//! (`<name>-flink`, rendered here, unless `spec.serviceAccountName` names the user's).
//!
//! Flink's documentation binds the cluster-wide `edit` role; the rules here are the calls
//! flink-native-spec.md §1.9 lists.

use k8s_openapi::api::core::v1::ServiceAccount;
use k8s_openapi::api::rbac::v1::{PolicyRule, Role, RoleBinding, RoleRef, Subject};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::model::native::cluster::NativeCluster;
use crate::model::native::config;
use crate::model::native::labels;
use crate::object::Object;

fn rule(group: &str, resources: &[&str], verbs: &[&str]) -> PolicyRule {
    PolicyRule {
        api_groups: Some(vec![group.to_owned()]),
        resources: Some(resources.iter().map(|r| (*r).to_owned()).collect()),
        verbs: verbs.iter().map(|v| (*v).to_owned()).collect(),
        ..PolicyRule::default()
    }
}

/// The Role's rules.
pub fn rules(ctx: &NativeCluster) -> Vec<PolicyRule> {
    let mut rules = vec![
        rule("", &["pods"], &["get", "list", "watch", "create", "delete"]),
        rule("apps", &["deployments"], &["get", "delete"]),
        // Owner references with blockOwnerDeletion need this where the
        // OwnerReferencesPermissionEnforcement admission plugin is on.
        rule("apps", &["deployments/finalizers"], &["update"]),
    ];
    if let Some(ha) = &ctx.ha {
        rules.push(rule("", &["configmaps"], &ha.config_map_verbs()));
    }
    rules
}

fn metadata(ctx: &NativeCluster, name: String) -> ObjectMeta {
    ObjectMeta {
        name: Some(name),
        namespace: ctx.namespace.clone(),
        labels: Some(labels::common(&ctx.id)),
        ..ObjectMeta::default()
    }
}

/// The accounts the Role is bound to: the JobManager's (`kubernetes.jobmanager.service-account`,
/// else `kubernetes.service-account`), and with Kubernetes HA the TaskManagers' too, which read
/// the leader ConfigMaps; without HA the TaskManagers do not call the API server.
pub fn bound_accounts(ctx: &NativeCluster) -> Vec<String> {
    let mut accounts = vec![config::component_service_account(
        &ctx.config.entries,
        "jobmanager",
    )];
    let task_managers = config::component_service_account(&ctx.config.entries, "taskmanager");
    if ctx.ha.is_some() && !accounts.contains(&task_managers) {
        accounts.push(task_managers);
    }
    accounts
}

/// The ServiceAccount `<name>-flink` (when a component runs under it: the spec names no
/// account and no option names another for both), the Role and the RoleBinding.
pub fn objects(ctx: &NativeCluster) -> Vec<Object> {
    let mut objects = Vec::new();
    let Some(rbac) = &ctx.rbac else {
        return objects;
    };
    if let Some(account) = &rbac.service_account {
        objects.push(Object::from(ServiceAccount {
            metadata: metadata(ctx, account.clone()),
            ..ServiceAccount::default()
        }));
    }
    let name = rbac.role.clone();
    objects.push(Object::from(Role {
        metadata: metadata(ctx, name.clone()),
        rules: Some(rules(ctx)),
    }));
    objects.push(Object::from(RoleBinding {
        metadata: metadata(ctx, name.clone()),
        role_ref: RoleRef {
            api_group: Some("rbac.authorization.k8s.io".to_owned()),
            kind: "Role".to_owned(),
            name,
        },
        subjects: Some(
            bound_accounts(ctx)
                .into_iter()
                .map(|name| Subject {
                    kind: "ServiceAccount".to_owned(),
                    name,
                    namespace: ctx.namespace.clone(),
                    ..Subject::default()
                })
                .collect(),
        ),
    }));
    objects
}
