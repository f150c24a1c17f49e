//! What a cluster holds that no other cluster of the same input may hold too ([`claims`]): its
//! Kubernetes HA cluster id in its namespace (the leader ConfigMaps), its HA state directory
//! (the storage directory with the HA cluster id Flink puts under it), its checkpoint and
//! savepoint directories, its ingress host. Two clusters with the same claim overwrite each
//! other's state or steal each other's traffic; the pipeline compares the claims of every
//! cluster of an input after checking them one by one (`pipeline::conclude`), keeping only
//! these few strings per cluster.

use crate::model::Model;
use crate::path::FieldPath;

/// What two clusters must not share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Resource {
    /// `kubernetes.cluster-id` with Kubernetes HA, per namespace.
    HaClusterId,
    /// The HA state directory (`high-availability.storageDir/<high-availability.cluster-id>`).
    HaStorage,
    /// The checkpoint directory.
    Checkpoints,
    /// The savepoint directory.
    Savepoints,
    /// The JobManager Ingress host.
    IngressHost,
}

impl Resource {
    /// How a message names it.
    pub fn describe(self) -> &'static str {
        match self {
            Resource::HaClusterId => "Kubernetes HA cluster id",
            Resource::HaStorage => "HA storage directory",
            Resource::Checkpoints => "checkpoint directory",
            Resource::Savepoints => "savepoint directory",
            Resource::IngressHost => "ingress host",
        }
    }

    /// What sharing it does.
    pub fn consequence(self) -> &'static str {
        match self {
            Resource::HaClusterId => {
                "both clusters would elect their leaders and store their jobs in the same HA ConfigMaps"
            }
            Resource::HaStorage => {
                "both clusters would write and recover their job graphs and checkpoint pointers from the same directory"
            }
            Resource::Checkpoints | Resource::Savepoints => {
                "their jobs would write into and clean up the same directory, overwriting each other's state"
            }
            Resource::IngressHost => "the Ingresses would route the same host to two clusters",
        }
    }
}

/// One claim of a cluster: the resource, its value, and the field that sets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// What is claimed.
    pub resource: Resource,
    /// The value, normalised (`id (namespace ns)` for the HA cluster id, directories without
    /// a trailing `/`).
    pub value: String,
    /// Where the cluster sets it.
    pub field: FieldPath,
}

/// The checkpoint directory keys, in the order Flink reads them (newest first).
const CHECKPOINT_KEYS: [&str; 3] = [
    "execution.checkpointing.dir",
    "state.checkpoints.dir",
    "state.backend.fs.checkpointdir",
];

/// The savepoint directory keys, in the order Flink reads them (newest first).
const SAVEPOINT_KEYS: [&str; 3] = [
    "execution.checkpointing.savepoint-dir",
    "state.savepoints.dir",
    "savepoints.state.backend.fs.dir",
];

/// The claims of the cluster of `model`.
pub fn claims(model: &Model) -> Vec<Claim> {
    let mut claims = Vec::new();
    let properties = |key: &str| FieldPath::fields("spec.flinkProperties").key(key.to_owned());
    let directory = |value: &str| value.trim().trim_end_matches('/').to_owned();
    if let Some(ha) = model.ha() {
        let set = model
            .spec()
            .flink_properties
            .as_ref()
            .is_some_and(|p| p.contains_key(crate::ha::CLUSTER_ID_KEY));
        claims.push(Claim {
            resource: Resource::HaClusterId,
            value: format!("{} (namespace {})", ha.cluster_id, ha.namespace),
            field: if set {
                properties(crate::ha::CLUSTER_ID_KEY)
            } else {
                FieldPath::fields("metadata.name")
            },
        });
        let storage_key = crate::ha::STORAGE_DIR_KEYS
            .iter()
            .find(|k| {
                model
                    .spec()
                    .flink_properties
                    .iter()
                    .flatten()
                    .any(|(p, _)| p == *k)
            })
            .copied()
            .unwrap_or(crate::ha::STORAGE_DIR_KEYS[0]);
        claims.push(Claim {
            resource: Resource::HaStorage,
            value: format!("{}/{}", directory(&ha.storage_dir), ha.ha_cluster_id),
            field: properties(storage_key),
        });
    }
    if let Ok(read) = &model.reads().read {
        for (resource, keys) in [
            (Resource::Checkpoints, CHECKPOINT_KEYS),
            (Resource::Savepoints, SAVEPOINT_KEYS),
        ] {
            if let Some((key, value)) = keys
                .iter()
                .find_map(|k| read.entries.get(*k).map(|v| (*k, v)))
                .filter(|(_, v)| !v.trim().is_empty())
            {
                claims.push(Claim {
                    resource,
                    value: directory(value),
                    field: properties(key),
                });
            }
        }
    }
    let spec = model.spec();
    if let Some(dir) = spec
        .job
        .as_ref()
        .and_then(|j| j.savepoints_dir.as_deref())
        .filter(|d| !d.trim().is_empty())
        && !claims
            .iter()
            .any(|c| c.resource == Resource::Savepoints && c.value == directory(dir))
    {
        claims.push(Claim {
            resource: Resource::Savepoints,
            value: directory(dir),
            field: FieldPath::fields("spec.job.savepointsDir"),
        });
    }
    if let Some(format) = spec
        .job_manager()
        .ingress
        .as_ref()
        .and_then(|i| i.host_format.as_deref())
    {
        let host = crate::object::ingress::host(format, model.name());
        if !host.is_empty() {
            claims.push(Claim {
                resource: Resource::IngressHost,
                value: host,
                field: FieldPath::fields("spec.jobManager.ingress.hostFormat"),
            });
        }
    }
    claims
}
