//! `--harden`: the securityContext fields that make every rendered pod meet the Pod Security
//! Standards restricted level.
//!
//! Only fields the user left unset are filled in; a value the user wrote is kept, and if it
//! breaks the restricted level, `--pod-security restricted` reports it. The pod runs as the
//! official Flink image's `flink` user (uid and gid 9999), so the image works unchanged: its
//! entrypoint only switches users when it starts as root. `fsGroup` 9999 makes mounted volumes
//! writable by that user. The root file system stays writable (Flink writes logs and temporary
//! files there), which the restricted level does not require.

use k8s_openapi::api::core::v1::{
    Capabilities, Container, PodSecurityContext, PodSpec, SeccompProfile, SecurityContext,
};

use crate::object::Object;
use crate::pods;

/// uid of the `flink` user in the official Flink image.
pub const FLINK_UID: i64 = 9999;
/// gid of the `flink` group in the official Flink image.
pub const FLINK_GID: i64 = 9999;

/// Hardens every pod template of `objects`.
pub fn harden(objects: &mut [Object]) {
    for object in objects.iter_mut() {
        if let Some(spec) = pods::template_of_mut(object).and_then(|t| t.spec.as_mut()) {
            harden_pod(spec);
        }
    }
}

/// Fills in the pod's and every container's securityContext (unset fields only).
pub fn harden_pod(spec: &mut PodSpec) {
    let pod = spec
        .security_context
        .get_or_insert_with(PodSecurityContext::default);
    pod.run_as_non_root.get_or_insert(true);
    pod.run_as_user.get_or_insert(FLINK_UID);
    pod.run_as_group.get_or_insert(FLINK_GID);
    pod.fs_group.get_or_insert(FLINK_GID);
    pod.seccomp_profile.get_or_insert_with(|| SeccompProfile {
        type_: "RuntimeDefault".to_owned(),
        ..SeccompProfile::default()
    });
    for container in spec
        .init_containers
        .iter_mut()
        .flatten()
        .chain(spec.containers.iter_mut())
    {
        harden_container(container);
    }
}

fn harden_container(container: &mut Container) {
    let context = container
        .security_context
        .get_or_insert_with(SecurityContext::default);
    context.allow_privilege_escalation.get_or_insert(false);
    let drop = context
        .capabilities
        .get_or_insert_with(Capabilities::default)
        .drop
        .get_or_insert_with(Vec::new);
    if !drop.iter().any(|c| c == "ALL") {
        drop.push("ALL".to_owned());
    }
}
