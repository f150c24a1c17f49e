//! The barrier init containers need a namespace for their RoleBinding and names of their own in
//! every pod they join: the container `barrier`, the volume `frameworkbarrier-volume` and the
//! mount path `/mnt/frameworkbarrier` of the main container.

use k8s_openapi::api::core::v1::{Container, PersistentVolumeClaim, Volume, VolumeMount};

use crate::diagnostics::Diagnostics;
use crate::ha::{self, Mode};
use crate::model::names::barrier::{CONTAINER, MOUNT_DIR, VOLUME};
use crate::options::Settings;
use crate::path::FieldPath;
use crate::spec::FlinkCluster;

pub(super) fn validate(cluster: &FlinkCluster, settings: &Settings, out: &mut Diagnostics) {
    if settings.barrier.is_none() {
        return;
    }
    let spec = &cluster.spec;
    // With Kubernetes HA on, its own check has asked for the namespace already.
    if settings.namespace.is_none() && ha::mode(spec, &mut Diagnostics::new()).0 != Mode::Kubernetes
    {
        out.error(
            FieldPath::fields("metadata.namespace"),
            ha::namespace_required("the barrier"),
        );
    }
    let tm = spec.task_manager();
    let jm = spec.job_manager();
    let mut pods = vec![Pod {
        path: FieldPath::fields("spec.taskManager"),
        containers: [tm.init_containers.as_deref(), tm.sidecars.as_deref()],
        volumes: tm.volumes.as_deref().unwrap_or_default(),
        claims: tm.volume_claim_templates.as_deref().unwrap_or_default(),
        mounts: tm.volume_mounts.as_deref().unwrap_or_default(),
    }];
    if spec.is_application_mode() {
        pods.push(Pod {
            path: FieldPath::fields("spec.jobManager"),
            containers: [jm.init_containers.as_deref(), jm.sidecars.as_deref()],
            volumes: jm.volumes.as_deref().unwrap_or_default(),
            claims: &[],
            mounts: jm.volume_mounts.as_deref().unwrap_or_default(),
        });
    } else if let Some(job) = &spec.job {
        pods.push(Pod {
            path: FieldPath::fields("spec.job"),
            containers: [job.init_containers.as_deref(), None],
            volumes: job.volumes.as_deref().unwrap_or_default(),
            claims: &[],
            mounts: job.volume_mounts.as_deref().unwrap_or_default(),
        });
    }
    for pod in pods {
        pod.check(out);
    }
}

/// The parts of a pod the barrier joins that could clash with it.
struct Pod<'a> {
    path: FieldPath,
    /// Init containers and sidecars.
    containers: [Option<&'a [Container]>; 2],
    volumes: &'a [Volume],
    claims: &'a [PersistentVolumeClaim],
    /// Mounts of the main container.
    mounts: &'a [VolumeMount],
}

impl Pod<'_> {
    fn check(&self, out: &mut Diagnostics) {
        for (field, containers) in ["initContainers", "sidecars"]
            .into_iter()
            .zip(self.containers)
        {
            for (i, container) in containers.unwrap_or_default().iter().enumerate() {
                if container.name == CONTAINER {
                    out.error(
                        self.path.field(field).index(i).field("name"),
                        format!("Duplicate value: {CONTAINER:?}: the barrier init container has this name; rename this container"),
                    );
                }
            }
        }
        for (i, volume) in self.volumes.iter().enumerate() {
            if volume.name == VOLUME {
                out.error(
                    self.path.field("volumes").index(i).field("name"),
                    format!("Duplicate value: {VOLUME:?}: the barrier hands its files over in a volume of this name; rename this volume"),
                );
            }
        }
        for (i, claim) in self.claims.iter().enumerate() {
            if claim.metadata.name.as_deref() == Some(VOLUME) {
                out.error(
                    self.path.field("volumeClaimTemplates").index(i).field("metadata").field("name"),
                    format!("Duplicate value: {VOLUME:?}: the barrier hands its files over in a volume of this name; rename this claim"),
                );
            }
        }
        for (i, mount) in self.mounts.iter().enumerate() {
            if mount.mount_path.trim_end_matches('/') == MOUNT_DIR {
                out.error(
                    self.path.field("volumeMounts").index(i).field("mountPath"),
                    format!("Invalid value: {MOUNT_DIR:?}: the barrier's framework.json and injector.sh are mounted here; mount this volume elsewhere"),
                );
            }
        }
    }
}
