//! The Pod Security Standards, checked on every rendered pod template.
//!
//! Kubernetes' Pod Security admission refuses pods that do not meet the level a namespace
//! enforces (`pod-security.kubernetes.io/enforce`). A StatefulSet or Job is accepted anyway and
//! then never gets its pods, so the check is worth doing before anything is applied. Each check
//! reports what Pod Security admission would say, word for word (`<reason> (<detail>)`), once
//! per offending pod or container, at the field to change.
//!
//! Implemented: host namespaces, privileged containers, host ports, `/proc` mount types and,
//! at baseline, added capabilities, hostPath volumes and an `Unconfined` seccomp profile; at
//! restricted, restricted volume types, privilege escalation, running as non-root, `runAsUser=0`,
//! seccomp profiles and capabilities. Not implemented (the rendered pods only get them from
//! user-written pod security contexts): sysctls, SELinux options, AppArmor profiles and Windows
//! host processes (see docs/reliability.md).

use k8s_openapi::api::core::v1::{Container, PodSpec, PodTemplateSpec};

use crate::lint::Finding;
use crate::object::Object;
use crate::options::PodSecurityLevel;
use crate::path::FieldPath;
use crate::pods::{self, PodTemplate};

/// Capabilities the baseline level allows a container to add.
pub const BASELINE_CAPABILITIES: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// Every violation of `level` in the pod templates of `objects`, in object order.
pub fn check(objects: &[Object], level: PodSecurityLevel) -> Vec<Finding> {
    let mut findings = Vec::new();
    if level == PodSecurityLevel::Privileged {
        return findings;
    }
    for template in pods::templates(objects) {
        check_template(&template, level, &mut findings);
    }
    findings
}

/// The violations of `level` in one pod template whose spec is at `spec_path`.
pub fn check_pod(
    template: &PodTemplateSpec,
    level: PodSecurityLevel,
    spec_path: &FieldPath,
) -> Vec<(FieldPath, String)> {
    let mut out = Vec::new();
    if let Some(spec) = template.spec.as_ref()
        && level != PodSecurityLevel::Privileged
    {
        baseline(spec, level, spec_path, &mut out);
        if level == PodSecurityLevel::Restricted {
            restricted(spec, spec_path, &mut out);
        }
    }
    out
}

fn check_template(template: &PodTemplate<'_>, level: PodSecurityLevel, out: &mut Vec<Finding>) {
    for (path, message) in check_pod(template.template, level, &template.spec_path()) {
        out.push(Finding::new(template.object, path, message));
    }
}

fn violation(reason: &str, detail: impl std::fmt::Display) -> String {
    format!("{reason} ({detail})")
}

fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("{i:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn baseline(
    spec: &PodSpec,
    level: PodSecurityLevel,
    spec_path: &FieldPath,
    out: &mut Vec<(FieldPath, String)>,
) {
    for (set, field) in [
        (spec.host_network, "hostNetwork"),
        (spec.host_pid, "hostPID"),
        (spec.host_ipc, "hostIPC"),
    ] {
        if set == Some(true) {
            out.push((
                spec_path.field(field),
                violation("host namespaces", format!("{field}=true")),
            ));
        }
    }
    let restricted = level == PodSecurityLevel::Restricted;
    if !restricted {
        // At restricted, the restricted volume types check covers hostPath.
        for (i, volume) in spec.volumes.iter().flatten().enumerate() {
            if volume.host_path.is_some() {
                out.push((
                    spec_path.field("volumes").index(i).field("hostPath"),
                    violation("hostPath volumes", format!("volume {:?}", volume.name)),
                ));
            }
        }
        let pod_seccomp = spec
            .security_context
            .as_ref()
            .and_then(|c| c.seccomp_profile.as_ref());
        if let Some(profile) = pod_seccomp.filter(|p| p.type_ == "Unconfined") {
            out.push((
                spec_path
                    .field("securityContext")
                    .field("seccompProfile")
                    .field("type"),
                violation(
                    "seccompProfile",
                    format!(
                        "pod must not set securityContext.seccompProfile.type to {:?}",
                        profile.type_
                    ),
                ),
            ));
        }
    }
    for (relative, container) in pods::containers(spec) {
        let path = pods::join(spec_path, &relative);
        let context = container.security_context.as_ref();
        let name = &container.name;
        if context.and_then(|c| c.privileged) == Some(true) {
            out.push((
                path.field("securityContext").field("privileged"),
                violation(
                    "privileged",
                    format!("container {name:?} must not set securityContext.privileged=true"),
                ),
            ));
        }
        for (j, port) in container.ports.iter().flatten().enumerate() {
            if let Some(host_port) = port.host_port.filter(|p| *p != 0) {
                out.push((
                    path.field("ports").index(j).field("hostPort"),
                    violation(
                        "hostPort",
                        format!("container {name:?} uses hostPort {host_port}"),
                    ),
                ));
            }
        }
        if let Some(proc_mount) = context
            .and_then(|c| c.proc_mount.as_deref())
            .filter(|m| *m != "Default")
        {
            out.push((
                path.field("securityContext").field("procMount"),
                violation(
                    "procMount",
                    format!(
                        "container {name:?} must not set securityContext.procMount to {proc_mount:?}"
                    ),
                ),
            ));
        }
        if !restricted {
            added_capabilities(
                container,
                &path,
                "non-default capabilities",
                |c| BASELINE_CAPABILITIES.contains(&c),
                out,
            );
            if let Some(profile) = context
                .and_then(|c| c.seccomp_profile.as_ref())
                .filter(|p| p.type_ == "Unconfined")
            {
                out.push((
                    path.field("securityContext")
                        .field("seccompProfile")
                        .field("type"),
                    violation(
                        "seccompProfile",
                        format!(
                            "container {name:?} must not set securityContext.seccompProfile.type to {:?}",
                            profile.type_
                        ),
                    ),
                ));
            }
        }
    }
}

fn sorted(mut items: Vec<String>) -> Vec<String> {
    items.sort();
    items.dedup();
    items
}

/// Whether a volume names no source at all, which the API server defaults to `emptyDir`
/// before Pod Security admission sees it.
fn without_source(volume: &k8s_openapi::api::core::v1::Volume) -> bool {
    let bare = k8s_openapi::api::core::v1::Volume {
        name: volume.name.clone(),
        ..k8s_openapi::api::core::v1::Volume::default()
    };
    *volume == bare
}

/// Volume sources the restricted level allows.
fn allowed_volume(volume: &k8s_openapi::api::core::v1::Volume) -> bool {
    without_source(volume)
        || volume.config_map.is_some()
        || volume.csi.is_some()
        || volume.downward_api.is_some()
        || volume.empty_dir.is_some()
        || volume.ephemeral.is_some()
        || volume.persistent_volume_claim.is_some()
        || volume.projected.is_some()
        || volume.secret.is_some()
}

fn volume_type(volume: &k8s_openapi::api::core::v1::Volume) -> &'static str {
    let types: [(bool, &'static str); 21] = [
        (volume.host_path.is_some(), "hostPath"),
        (volume.gce_persistent_disk.is_some(), "gcePersistentDisk"),
        (
            volume.aws_elastic_block_store.is_some(),
            "awsElasticBlockStore",
        ),
        (volume.git_repo.is_some(), "gitRepo"),
        (volume.nfs.is_some(), "nfs"),
        (volume.iscsi.is_some(), "iscsi"),
        (volume.glusterfs.is_some(), "glusterfs"),
        (volume.rbd.is_some(), "rbd"),
        (volume.flex_volume.is_some(), "flexVolume"),
        (volume.cinder.is_some(), "cinder"),
        (volume.cephfs.is_some(), "cephfs"),
        (volume.flocker.is_some(), "flocker"),
        (volume.fc.is_some(), "fc"),
        (volume.azure_file.is_some(), "azureFile"),
        (volume.vsphere_volume.is_some(), "vsphereVolume"),
        (volume.quobyte.is_some(), "quobyte"),
        (volume.azure_disk.is_some(), "azureDisk"),
        (
            volume.photon_persistent_disk.is_some(),
            "photonPersistentDisk",
        ),
        (volume.portworx_volume.is_some(), "portworxVolume"),
        (volume.scale_io.is_some(), "scaleIO"),
        (volume.storageos.is_some(), "storageos"),
    ];
    types
        .into_iter()
        .find(|(set, _)| *set)
        .map_or("unknown", |(_, name)| name)
}

fn restricted(spec: &PodSpec, spec_path: &FieldPath, out: &mut Vec<(FieldPath, String)>) {
    for (i, volume) in spec.volumes.iter().flatten().enumerate() {
        if !allowed_volume(volume) {
            out.push((
                spec_path.field("volumes").index(i),
                violation(
                    "restricted volume types",
                    format!(
                        "volume {:?} uses restricted volume type {:?}",
                        volume.name,
                        volume_type(volume)
                    ),
                ),
            ));
        }
    }
    let pod_context = spec.security_context.as_ref();
    let pod_context_path = spec_path.field("securityContext");
    let containers: Vec<(FieldPath, &Container)> = pods::containers(spec)
        .map(|(relative, c)| (pods::join(spec_path, &relative), c))
        .collect();

    for (path, container) in &containers {
        let context = container.security_context.as_ref();
        let name = &container.name;
        if context.and_then(|c| c.allow_privilege_escalation) != Some(false) {
            out.push((
                path.field("securityContext")
                    .field("allowPrivilegeEscalation"),
                violation(
                    "allowPrivilegeEscalation != false",
                    format!(
                        "container {name:?} must set securityContext.allowPrivilegeEscalation=false"
                    ),
                ),
            ));
        }
    }

    // runAsNonRoot: explicit `false` anywhere is reported; otherwise every container not
    // covered by a pod-level `true`.
    let pod_non_root = pod_context.and_then(|c| c.run_as_non_root);
    let mut explicit = Vec::new();
    if pod_non_root == Some(false) {
        explicit.push((
            pod_context_path.field("runAsNonRoot"),
            violation(
                "runAsNonRoot != true",
                "pod must not set securityContext.runAsNonRoot=false",
            ),
        ));
    }
    let mut implicit = Vec::new();
    for (path, container) in &containers {
        let name = &container.name;
        match container
            .security_context
            .as_ref()
            .and_then(|c| c.run_as_non_root)
        {
            Some(false) => explicit.push((
                path.field("securityContext").field("runAsNonRoot"),
                violation(
                    "runAsNonRoot != true",
                    format!("container {name:?} must not set securityContext.runAsNonRoot=false"),
                ),
            )),
            Some(true) => {}
            None if pod_non_root == Some(true) => {}
            None => implicit.push((
                path.field("securityContext").field("runAsNonRoot"),
                violation(
                    "runAsNonRoot != true",
                    format!("pod or container {name:?} must set securityContext.runAsNonRoot=true"),
                ),
            )),
        }
    }
    if explicit.is_empty() {
        out.extend(implicit);
    } else {
        out.extend(explicit);
    }

    if pod_context.and_then(|c| c.run_as_user) == Some(0) {
        out.push((
            pod_context_path.field("runAsUser"),
            violation("runAsUser=0", "pod must not set runAsUser=0"),
        ));
    }
    for (path, container) in &containers {
        if container
            .security_context
            .as_ref()
            .and_then(|c| c.run_as_user)
            == Some(0)
        {
            out.push((
                path.field("securityContext").field("runAsUser"),
                violation(
                    "runAsUser=0",
                    format!("container {:?} must not set runAsUser=0", container.name),
                ),
            ));
        }
    }

    // seccompProfile: the same shape as runAsNonRoot.
    let valid_seccomp = |t: &str| t == "RuntimeDefault" || t == "Localhost";
    let pod_seccomp = pod_context.and_then(|c| c.seccomp_profile.as_ref());
    let mut explicit = Vec::new();
    let pod_seccomp_set = match pod_seccomp {
        Some(profile) if !valid_seccomp(&profile.type_) => {
            explicit.push((
                pod_context_path.field("seccompProfile").field("type"),
                violation(
                    "seccompProfile",
                    format!(
                        "pod must not set securityContext.seccompProfile.type to {:?}",
                        profile.type_
                    ),
                ),
            ));
            false
        }
        Some(_) => true,
        None => false,
    };
    let mut implicit = Vec::new();
    for (path, container) in &containers {
        let name = &container.name;
        let field = path
            .field("securityContext")
            .field("seccompProfile")
            .field("type");
        match container
            .security_context
            .as_ref()
            .and_then(|c| c.seccomp_profile.as_ref())
        {
            Some(profile) if !valid_seccomp(&profile.type_) => explicit.push((
                field,
                violation(
                    "seccompProfile",
                    format!(
                        "container {name:?} must not set securityContext.seccompProfile.type to {:?}",
                        profile.type_
                    ),
                ),
            )),
            Some(_) => {}
            None if pod_seccomp_set => {}
            None => implicit.push((
                field,
                violation(
                    "seccompProfile",
                    format!(
                        "pod or container {name:?} must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\""
                    ),
                ),
            )),
        }
    }
    if explicit.is_empty() {
        out.extend(implicit);
    } else {
        out.extend(explicit);
    }

    for (path, container) in &containers {
        let name = &container.name;
        let capabilities = container
            .security_context
            .as_ref()
            .and_then(|c| c.capabilities.as_ref());
        let drops_all = capabilities
            .and_then(|c| c.drop.as_ref())
            .is_some_and(|d| d.iter().any(|c| c == "ALL"));
        if !drops_all {
            out.push((
                path.field("securityContext")
                    .field("capabilities")
                    .field("drop"),
                violation(
                    "unrestricted capabilities",
                    format!(
                        "container {name:?} must set securityContext.capabilities.drop=[\"ALL\"]"
                    ),
                ),
            ));
        }
        added_capabilities(
            container,
            path,
            "unrestricted capabilities",
            |c| c == "NET_BIND_SERVICE",
            out,
        );
    }
}

/// Reports the capabilities `container` adds beyond those `allowed` lets through.
fn added_capabilities(
    container: &Container,
    path: &FieldPath,
    reason: &str,
    allowed: impl Fn(&str) -> bool,
    out: &mut Vec<(FieldPath, String)>,
) {
    let added: Vec<String> = container
        .security_context
        .as_ref()
        .and_then(|c| c.capabilities.as_ref())
        .and_then(|c| c.add.as_ref())
        .into_iter()
        .flatten()
        .filter(|c| !allowed(c))
        .cloned()
        .collect();
    if !added.is_empty() {
        out.push((
            path.field("securityContext")
                .field("capabilities")
                .field("add"),
            violation(
                reason,
                format!(
                    "container {:?} must not include {} in securityContext.capabilities.add",
                    container.name,
                    quote_list(&sorted(added))
                ),
            ),
        ));
    }
}

/// The FlinkCluster field a user changes to fix a violation found at `path` in `object`
/// (rendered from the cluster named `cluster_name`): the component's pod `securityContext`
/// (also for what a pod-level setting fixes), one of its init containers or sidecars, or the
/// component itself for its main container, which the FlinkCluster cannot configure (only
/// `--harden` can).
pub fn source_field(cluster_name: &str, object: &Object, finding: &Finding) -> FieldPath {
    use crate::path::Segment;
    let path = &finding.path;
    use crate::model::names;
    // The native target's JobManager Deployment is named after the cluster, and Flink puts
    // its main container after the sidecars.
    let native = object.kind() == "Deployment" && object.name() == cluster_name;
    let component = if object.name() == names::job_manager(cluster_name) || native {
        FieldPath::fields("spec.jobManager")
    } else if object.name() == names::task_manager(cluster_name) {
        FieldPath::fields("spec.taskManager")
    } else if object.name() == names::job_submitter(cluster_name) {
        FieldPath::fields("spec.job")
    } else {
        return FieldPath::fields("spec");
    };
    let pod_fields = ["spec", "template", "spec"];
    let segments = path.segments();
    let in_pod = segments.len() > pod_fields.len()
        && segments
            .iter()
            .zip(pod_fields)
            .all(|(s, f)| *s == Segment::Field(f.to_owned()));
    if !in_pod {
        return component;
    }
    // "pod or container ... must set": the pod's securityContext covers every container.
    if finding.message.contains("(pod or container") {
        return component.field("securityContext");
    }
    match segments.get(pod_fields.len()..).unwrap_or_default() {
        [Segment::Field(f), ..] if f == "securityContext" => component.field("securityContext"),
        [Segment::Field(f), ..] if f == "volumes" => component.field("volumes"),
        [Segment::Field(f), Segment::Index(i), ..] if f == "initContainers" => component
            .field("initContainers")
            .index(*i)
            .field("securityContext"),
        [Segment::Field(f), Segment::Index(i), ..] if f == "containers" && native => {
            let containers = crate::pods::template_of(object)
                .and_then(|t| t.spec())
                .map_or(0, |spec| spec.containers.len());
            if i + 1 < containers {
                component
                    .field("sidecars")
                    .index(*i)
                    .field("securityContext")
            } else {
                component
            }
        }
        [Segment::Field(f), Segment::Index(i), ..] if f == "containers" && *i > 0 => component
            .field("sidecars")
            .index(i - 1)
            .field("securityContext"),
        _ => component,
    }
}

/// The diagnostic message of a violation: the object, the level, Kubernetes' words, the field,
/// and whether `--harden` fixes it.
pub fn message(
    finding: &Finding,
    level: PodSecurityLevel,
    kube_version: crate::options::KubeVersion,
) -> String {
    let hint = if finding.message.contains("must set") {
        "; --harden sets it"
    } else {
        ""
    };
    format!(
        "{}/{} would violate PodSecurity \"{}:v{kube_version}\": {} (at {}){hint}",
        finding.kind,
        finding.name,
        level.as_str(),
        finding.message,
        finding.path
    )
}
