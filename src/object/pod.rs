//! Pieces of pod specs both targets build with: plain and downward-API variables, ports, and
//! the operator's rule for merging what it adds into what the user wrote (the user's entry of
//! a name, or a mount path, wins).

use k8s_openapi::api::core::v1::{
    Container, ContainerPort, EnvVar, EnvVarSource, ObjectFieldSelector, Volume, VolumeMount,
};

use crate::spec::NamedPort;

/// Appends each of `new` unless an item with the same key is already there.
fn append_unique<T: Clone, K: PartialEq>(
    list: &mut Option<Vec<T>>,
    new: &[T],
    key: impl Fn(&T) -> K,
) {
    for item in new {
        let present = list
            .iter()
            .flatten()
            .any(|existing| key(existing) == key(item));
        if !present {
            list.get_or_insert_with(Vec::new).push(item.clone());
        }
    }
}

/// Adds volumes by name (existing names win).
pub fn append_volumes(volumes: &mut Option<Vec<Volume>>, new: &[Volume]) {
    append_unique(volumes, new, |v| v.name.clone());
}

/// Adds mounts by mount path (existing paths win).
pub fn append_mounts(mounts: &mut Option<Vec<VolumeMount>>, new: &[VolumeMount]) {
    append_unique(mounts, new, |m| m.mount_path.clone());
}

/// Adds environment variables by name (existing names win).
pub fn append_env(env: &mut Option<Vec<EnvVar>>, new: &[EnvVar]) {
    append_unique(env, new, |e| e.name.clone());
}

/// A copy of `container` with `mounts` and `env` merged in.
pub fn convert_container(
    container: &Container,
    mounts: &[VolumeMount],
    env: &[EnvVar],
) -> Container {
    let mut converted = container.clone();
    append_mounts(&mut converted.volume_mounts, mounts);
    append_env(&mut converted.env, env);
    converted
}

/// An environment variable with a value.
pub fn env(name: &str, value: &str) -> EnvVar {
    EnvVar {
        name: name.to_owned(),
        value: Some(value.to_owned()),
        ..EnvVar::default()
    }
}

/// An environment variable taken from a field of the pod (downward API).
pub fn field_env(name: &str, field_path: &str) -> EnvVar {
    EnvVar {
        name: name.to_owned(),
        value_from: Some(EnvVarSource {
            field_ref: Some(ObjectFieldSelector {
                api_version: Some("v1".to_owned()),
                field_path: field_path.to_owned(),
            }),
            ..EnvVarSource::default()
        }),
        ..EnvVar::default()
    }
}

/// A container port named `name`.
pub fn port(name: &str, number: i32) -> ContainerPort {
    ContainerPort {
        name: Some(name.to_owned()),
        container_port: number,
        ..ContainerPort::default()
    }
}

/// A user's extra port as a container port.
pub fn extra_port(port: &NamedPort) -> ContainerPort {
    ContainerPort {
        name: port.name.clone().filter(|n| !n.is_empty()),
        container_port: port.container_port,
        protocol: port.protocol.map(|p| p.as_str().to_owned()),
        ..ContainerPort::default()
    }
}

/// `Some(list)` unless the list is empty (Kubernetes omits empty lists).
pub fn non_empty<T>(list: Vec<T>) -> Option<Vec<T>> {
    if list.is_empty() { None } else { Some(list) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn existing_entries_win() {
        let mut env = Some(vec![EnvVar {
            name: "A".into(),
            value: Some("mine".into()),
            ..Default::default()
        }]);
        append_env(
            &mut env,
            &[EnvVar {
                name: "A".into(),
                value: Some("theirs".into()),
                ..Default::default()
            }],
        );
        append_env(
            &mut env,
            &[EnvVar {
                name: "B".into(),
                ..Default::default()
            }],
        );
        let env = env.unwrap_or_default();
        assert_eq!(env.len(), 2);
        assert_eq!(env[0].value.as_deref(), Some("mine"));
        let mut mounts = None;
        append_mounts(&mut mounts, &[]);
        assert!(mounts.is_none(), "nothing appended, nothing created");
    }
}
