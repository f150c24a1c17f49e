//! Which fields Go's `encoding/json` writes for the Kubernetes types a `FlinkClusterSpec` embeds.
//!
//! One entry per Go struct type reachable from the embedded types (containers, volumes, probes,
//! affinity, claims, the disruption budget spec, autoscaling metrics and behaviour, ...), listing
//! every exported field with its JSON name, whether its tag carries `omitempty` (`E`),
//! `omitempty,omitzero` (`Z`) or neither (`N`), and the shape of its Go type.
//!
//! Derived mechanically from the struct definitions and `json` tags of `k8s.io/api` v0.36.2
//! (`core/v1`, `policy/v1`, `autoscaling/v2`) and `k8s.io/apimachinery` v0.36.2 (`meta/v1`), the
//! versions the operator's `go.mod` pins: a throwaway Go program parsed those files, walked every
//! struct reachable from the roots, flattened embedded structs whose tag has no name (Go promotes
//! their fields) and printed this table. Special types are classified by hand from their
//! `MarshalJSON` methods (see [`Go`]): `resource.Quantity`, `intstr.IntOrString`, `metav1.Time`
//! and `metav1.FieldsV1`; `types.UID` is a string.
//!
//! Fields that the Kubernetes 1.37 schema of k8s-openapi has but v0.36.2 lacks are deliberately
//! absent, so they are dropped like Go's decoder drops unknown fields: `defaultUser` of the
//! configMap, secret, downwardAPI and projected volume sources, `user` of `KeyToPath`,
//! `DownwardAPIVolumeFile` and the clusterTrustBundle, podCertificate and serviceAccountToken
//! projections, `EmptyDirVolumeSource.mode`, `GRPCAction.mode`, `HTTPGetAction.protocol`,
//! `VolumeMount.bindMountOptions` and `PersistentVolumeClaimStatus.healthStatus`.

use super::go_fill::{Field, Go, Omit};

/// No `omitempty`: the field is always written.
const N: Omit = Omit::Never;
/// `omitempty`.
const E: Omit = Omit::Empty;
/// `omitempty,omitzero`.
const Z: Omit = Omit::EmptyOrZero;

/// One table entry.
const fn f(name: &'static str, omit: Omit, go: Go) -> Field {
    Field { name, omit, go }
}

/// A Go struct type reachable from the Kubernetes types a `FlinkClusterSpec` embeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    /// `k8s.io/api/core/v1.AWSElasticBlockStoreVolumeSource`
    AWSElasticBlockStoreVolumeSource,
    /// `k8s.io/api/core/v1.Affinity`
    Affinity,
    /// `k8s.io/api/core/v1.AppArmorProfile`
    AppArmorProfile,
    /// `k8s.io/api/core/v1.AzureDiskVolumeSource`
    AzureDiskVolumeSource,
    /// `k8s.io/api/core/v1.AzureFileVolumeSource`
    AzureFileVolumeSource,
    /// `k8s.io/api/core/v1.CSIVolumeSource`
    CSIVolumeSource,
    /// `k8s.io/api/core/v1.Capabilities`
    Capabilities,
    /// `k8s.io/api/core/v1.CephFSVolumeSource`
    CephFSVolumeSource,
    /// `k8s.io/api/core/v1.CinderVolumeSource`
    CinderVolumeSource,
    /// `k8s.io/api/core/v1.ClusterTrustBundleProjection`
    ClusterTrustBundleProjection,
    /// `k8s.io/api/core/v1.ConfigMapEnvSource`
    ConfigMapEnvSource,
    /// `k8s.io/api/core/v1.ConfigMapKeySelector`
    ConfigMapKeySelector,
    /// `k8s.io/api/core/v1.ConfigMapProjection`
    ConfigMapProjection,
    /// `k8s.io/api/core/v1.ConfigMapVolumeSource`
    ConfigMapVolumeSource,
    /// `k8s.io/api/core/v1.Container`
    Container,
    /// `k8s.io/api/core/v1.ContainerPort`
    ContainerPort,
    /// `k8s.io/api/core/v1.ContainerResizePolicy`
    ContainerResizePolicy,
    /// `k8s.io/api/autoscaling/v2.ContainerResourceMetricSource`
    ContainerResourceMetricSource,
    /// `k8s.io/api/core/v1.ContainerRestartRule`
    ContainerRestartRule,
    /// `k8s.io/api/core/v1.ContainerRestartRuleOnExitCodes`
    ContainerRestartRuleOnExitCodes,
    /// `k8s.io/api/autoscaling/v2.CrossVersionObjectReference`
    CrossVersionObjectReference,
    /// `k8s.io/api/core/v1.DownwardAPIProjection`
    DownwardAPIProjection,
    /// `k8s.io/api/core/v1.DownwardAPIVolumeFile`
    DownwardAPIVolumeFile,
    /// `k8s.io/api/core/v1.DownwardAPIVolumeSource`
    DownwardAPIVolumeSource,
    /// `k8s.io/api/core/v1.EmptyDirVolumeSource`
    EmptyDirVolumeSource,
    /// `k8s.io/api/core/v1.EnvFromSource`
    EnvFromSource,
    /// `k8s.io/api/core/v1.EnvVar`
    EnvVar,
    /// `k8s.io/api/core/v1.EnvVarSource`
    EnvVarSource,
    /// `k8s.io/api/core/v1.EphemeralVolumeSource`
    EphemeralVolumeSource,
    /// `k8s.io/api/core/v1.ExecAction`
    ExecAction,
    /// `k8s.io/api/autoscaling/v2.ExternalMetricSource`
    ExternalMetricSource,
    /// `k8s.io/api/core/v1.FCVolumeSource`
    FCVolumeSource,
    /// `k8s.io/api/core/v1.FileKeySelector`
    FileKeySelector,
    /// `k8s.io/api/core/v1.FlexVolumeSource`
    FlexVolumeSource,
    /// `k8s.io/api/core/v1.FlockerVolumeSource`
    FlockerVolumeSource,
    /// `k8s.io/api/core/v1.GCEPersistentDiskVolumeSource`
    GCEPersistentDiskVolumeSource,
    /// `k8s.io/api/core/v1.GRPCAction`
    GRPCAction,
    /// `k8s.io/api/core/v1.GitRepoVolumeSource`
    GitRepoVolumeSource,
    /// `k8s.io/api/core/v1.GlusterfsVolumeSource`
    GlusterfsVolumeSource,
    /// `k8s.io/api/autoscaling/v2.HPAScalingPolicy`
    HPAScalingPolicy,
    /// `k8s.io/api/autoscaling/v2.HPAScalingRules`
    HPAScalingRules,
    /// `k8s.io/api/core/v1.HTTPGetAction`
    HTTPGetAction,
    /// `k8s.io/api/core/v1.HTTPHeader`
    HTTPHeader,
    /// `k8s.io/api/autoscaling/v2.HorizontalPodAutoscalerBehavior`
    HorizontalPodAutoscalerBehavior,
    /// `k8s.io/api/core/v1.HostAlias`
    HostAlias,
    /// `k8s.io/api/core/v1.HostPathVolumeSource`
    HostPathVolumeSource,
    /// `k8s.io/api/core/v1.ISCSIVolumeSource`
    ISCSIVolumeSource,
    /// `k8s.io/api/core/v1.ImageVolumeSource`
    ImageVolumeSource,
    /// `k8s.io/api/core/v1.KeyToPath`
    KeyToPath,
    /// `k8s.io/apimachinery/pkg/apis/meta/v1.LabelSelector`
    LabelSelector,
    /// `k8s.io/apimachinery/pkg/apis/meta/v1.LabelSelectorRequirement`
    LabelSelectorRequirement,
    /// `k8s.io/api/core/v1.Lifecycle`
    Lifecycle,
    /// `k8s.io/api/core/v1.LifecycleHandler`
    LifecycleHandler,
    /// `k8s.io/api/core/v1.LocalObjectReference`
    LocalObjectReference,
    /// `k8s.io/apimachinery/pkg/apis/meta/v1.ManagedFieldsEntry`
    ManagedFieldsEntry,
    /// `k8s.io/api/autoscaling/v2.MetricIdentifier`
    MetricIdentifier,
    /// `k8s.io/api/autoscaling/v2.MetricSpec`
    MetricSpec,
    /// `k8s.io/api/autoscaling/v2.MetricTarget`
    MetricTarget,
    /// `k8s.io/api/core/v1.ModifyVolumeStatus`
    ModifyVolumeStatus,
    /// `k8s.io/api/core/v1.NFSVolumeSource`
    NFSVolumeSource,
    /// `k8s.io/api/core/v1.NodeAffinity`
    NodeAffinity,
    /// `k8s.io/api/core/v1.NodeSelector`
    NodeSelector,
    /// `k8s.io/api/core/v1.NodeSelectorRequirement`
    NodeSelectorRequirement,
    /// `k8s.io/api/core/v1.NodeSelectorTerm`
    NodeSelectorTerm,
    /// `k8s.io/api/core/v1.ObjectFieldSelector`
    ObjectFieldSelector,
    /// `k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta`
    ObjectMeta,
    /// `k8s.io/api/autoscaling/v2.ObjectMetricSource`
    ObjectMetricSource,
    /// `k8s.io/apimachinery/pkg/apis/meta/v1.OwnerReference`
    OwnerReference,
    /// `k8s.io/api/core/v1.PersistentVolumeClaim`
    PersistentVolumeClaim,
    /// `k8s.io/api/core/v1.PersistentVolumeClaimCondition`
    PersistentVolumeClaimCondition,
    /// `k8s.io/api/core/v1.PersistentVolumeClaimSpec`
    PersistentVolumeClaimSpec,
    /// `k8s.io/api/core/v1.PersistentVolumeClaimStatus`
    PersistentVolumeClaimStatus,
    /// `k8s.io/api/core/v1.PersistentVolumeClaimTemplate`
    PersistentVolumeClaimTemplate,
    /// `k8s.io/api/core/v1.PersistentVolumeClaimVolumeSource`
    PersistentVolumeClaimVolumeSource,
    /// `k8s.io/api/core/v1.PhotonPersistentDiskVolumeSource`
    PhotonPersistentDiskVolumeSource,
    /// `k8s.io/api/core/v1.PodAffinity`
    PodAffinity,
    /// `k8s.io/api/core/v1.PodAffinityTerm`
    PodAffinityTerm,
    /// `k8s.io/api/core/v1.PodAntiAffinity`
    PodAntiAffinity,
    /// `k8s.io/api/core/v1.PodCertificateProjection`
    PodCertificateProjection,
    /// `k8s.io/api/policy/v1.PodDisruptionBudgetSpec`
    PodDisruptionBudgetSpec,
    /// `k8s.io/api/core/v1.PodSecurityContext`
    PodSecurityContext,
    /// `k8s.io/api/autoscaling/v2.PodsMetricSource`
    PodsMetricSource,
    /// `k8s.io/api/core/v1.PortworxVolumeSource`
    PortworxVolumeSource,
    /// `k8s.io/api/core/v1.PreferredSchedulingTerm`
    PreferredSchedulingTerm,
    /// `k8s.io/api/core/v1.Probe`
    Probe,
    /// `k8s.io/api/core/v1.ProjectedVolumeSource`
    ProjectedVolumeSource,
    /// `k8s.io/api/core/v1.QuobyteVolumeSource`
    QuobyteVolumeSource,
    /// `k8s.io/api/core/v1.RBDVolumeSource`
    RBDVolumeSource,
    /// `k8s.io/api/core/v1.ResourceClaim`
    ResourceClaim,
    /// `k8s.io/api/core/v1.ResourceFieldSelector`
    ResourceFieldSelector,
    /// `k8s.io/api/autoscaling/v2.ResourceMetricSource`
    ResourceMetricSource,
    /// `k8s.io/api/core/v1.ResourceRequirements`
    ResourceRequirements,
    /// `k8s.io/api/core/v1.SELinuxOptions`
    SELinuxOptions,
    /// `k8s.io/api/core/v1.ScaleIOVolumeSource`
    ScaleIOVolumeSource,
    /// `k8s.io/api/core/v1.SeccompProfile`
    SeccompProfile,
    /// `k8s.io/api/core/v1.SecretEnvSource`
    SecretEnvSource,
    /// `k8s.io/api/core/v1.SecretKeySelector`
    SecretKeySelector,
    /// `k8s.io/api/core/v1.SecretProjection`
    SecretProjection,
    /// `k8s.io/api/core/v1.SecretVolumeSource`
    SecretVolumeSource,
    /// `k8s.io/api/core/v1.SecurityContext`
    SecurityContext,
    /// `k8s.io/api/core/v1.ServiceAccountTokenProjection`
    ServiceAccountTokenProjection,
    /// `k8s.io/api/core/v1.SleepAction`
    SleepAction,
    /// `k8s.io/api/core/v1.StorageOSVolumeSource`
    StorageOSVolumeSource,
    /// `k8s.io/api/core/v1.Sysctl`
    Sysctl,
    /// `k8s.io/api/core/v1.TCPSocketAction`
    TCPSocketAction,
    /// `k8s.io/api/core/v1.Toleration`
    Toleration,
    /// `k8s.io/api/core/v1.TypedLocalObjectReference`
    TypedLocalObjectReference,
    /// `k8s.io/api/core/v1.TypedObjectReference`
    TypedObjectReference,
    /// `k8s.io/api/core/v1.Volume`
    Volume,
    /// `k8s.io/api/core/v1.VolumeDevice`
    VolumeDevice,
    /// `k8s.io/api/core/v1.VolumeMount`
    VolumeMount,
    /// `k8s.io/api/core/v1.VolumeProjection`
    VolumeProjection,
    /// `k8s.io/api/core/v1.VolumeResourceRequirements`
    VolumeResourceRequirements,
    /// `k8s.io/api/core/v1.VsphereVirtualDiskVolumeSource`
    VsphereVirtualDiskVolumeSource,
    /// `k8s.io/api/core/v1.WeightedPodAffinityTerm`
    WeightedPodAffinityTerm,
    /// `k8s.io/api/core/v1.WindowsSecurityContextOptions`
    WindowsSecurityContextOptions,
}

impl Ty {
    /// The fields Go's encoder sees, in declaration order.
    pub(crate) fn fields(self) -> &'static [Field] {
        match self {
            Ty::AWSElasticBlockStoreVolumeSource => AWS_ELASTIC_BLOCK_STORE_VOLUME_SOURCE,
            Ty::Affinity => AFFINITY,
            Ty::AppArmorProfile => APP_ARMOR_PROFILE,
            Ty::AzureDiskVolumeSource => AZURE_DISK_VOLUME_SOURCE,
            Ty::AzureFileVolumeSource => AZURE_FILE_VOLUME_SOURCE,
            Ty::CSIVolumeSource => CSI_VOLUME_SOURCE,
            Ty::Capabilities => CAPABILITIES,
            Ty::CephFSVolumeSource => CEPH_FS_VOLUME_SOURCE,
            Ty::CinderVolumeSource => CINDER_VOLUME_SOURCE,
            Ty::ClusterTrustBundleProjection => CLUSTER_TRUST_BUNDLE_PROJECTION,
            Ty::ConfigMapEnvSource => CONFIG_MAP_ENV_SOURCE,
            Ty::ConfigMapKeySelector => CONFIG_MAP_KEY_SELECTOR,
            Ty::ConfigMapProjection => CONFIG_MAP_PROJECTION,
            Ty::ConfigMapVolumeSource => CONFIG_MAP_VOLUME_SOURCE,
            Ty::Container => CONTAINER,
            Ty::ContainerPort => CONTAINER_PORT,
            Ty::ContainerResizePolicy => CONTAINER_RESIZE_POLICY,
            Ty::ContainerResourceMetricSource => CONTAINER_RESOURCE_METRIC_SOURCE,
            Ty::ContainerRestartRule => CONTAINER_RESTART_RULE,
            Ty::ContainerRestartRuleOnExitCodes => CONTAINER_RESTART_RULE_ON_EXIT_CODES,
            Ty::CrossVersionObjectReference => CROSS_VERSION_OBJECT_REFERENCE,
            Ty::DownwardAPIProjection => DOWNWARD_API_PROJECTION,
            Ty::DownwardAPIVolumeFile => DOWNWARD_API_VOLUME_FILE,
            Ty::DownwardAPIVolumeSource => DOWNWARD_API_VOLUME_SOURCE,
            Ty::EmptyDirVolumeSource => EMPTY_DIR_VOLUME_SOURCE,
            Ty::EnvFromSource => ENV_FROM_SOURCE,
            Ty::EnvVar => ENV_VAR,
            Ty::EnvVarSource => ENV_VAR_SOURCE,
            Ty::EphemeralVolumeSource => EPHEMERAL_VOLUME_SOURCE,
            Ty::ExecAction => EXEC_ACTION,
            Ty::ExternalMetricSource => EXTERNAL_METRIC_SOURCE,
            Ty::FCVolumeSource => FC_VOLUME_SOURCE,
            Ty::FileKeySelector => FILE_KEY_SELECTOR,
            Ty::FlexVolumeSource => FLEX_VOLUME_SOURCE,
            Ty::FlockerVolumeSource => FLOCKER_VOLUME_SOURCE,
            Ty::GCEPersistentDiskVolumeSource => GCE_PERSISTENT_DISK_VOLUME_SOURCE,
            Ty::GRPCAction => GRPC_ACTION,
            Ty::GitRepoVolumeSource => GIT_REPO_VOLUME_SOURCE,
            Ty::GlusterfsVolumeSource => GLUSTERFS_VOLUME_SOURCE,
            Ty::HPAScalingPolicy => HPA_SCALING_POLICY,
            Ty::HPAScalingRules => HPA_SCALING_RULES,
            Ty::HTTPGetAction => HTTP_GET_ACTION,
            Ty::HTTPHeader => HTTP_HEADER,
            Ty::HorizontalPodAutoscalerBehavior => HORIZONTAL_POD_AUTOSCALER_BEHAVIOR,
            Ty::HostAlias => HOST_ALIAS,
            Ty::HostPathVolumeSource => HOST_PATH_VOLUME_SOURCE,
            Ty::ISCSIVolumeSource => ISCSI_VOLUME_SOURCE,
            Ty::ImageVolumeSource => IMAGE_VOLUME_SOURCE,
            Ty::KeyToPath => KEY_TO_PATH,
            Ty::LabelSelector => LABEL_SELECTOR,
            Ty::LabelSelectorRequirement => LABEL_SELECTOR_REQUIREMENT,
            Ty::Lifecycle => LIFECYCLE,
            Ty::LifecycleHandler => LIFECYCLE_HANDLER,
            Ty::LocalObjectReference => LOCAL_OBJECT_REFERENCE,
            Ty::ManagedFieldsEntry => MANAGED_FIELDS_ENTRY,
            Ty::MetricIdentifier => METRIC_IDENTIFIER,
            Ty::MetricSpec => METRIC_SPEC,
            Ty::MetricTarget => METRIC_TARGET,
            Ty::ModifyVolumeStatus => MODIFY_VOLUME_STATUS,
            Ty::NFSVolumeSource => NFS_VOLUME_SOURCE,
            Ty::NodeAffinity => NODE_AFFINITY,
            Ty::NodeSelector => NODE_SELECTOR,
            Ty::NodeSelectorRequirement => NODE_SELECTOR_REQUIREMENT,
            Ty::NodeSelectorTerm => NODE_SELECTOR_TERM,
            Ty::ObjectFieldSelector => OBJECT_FIELD_SELECTOR,
            Ty::ObjectMeta => OBJECT_META,
            Ty::ObjectMetricSource => OBJECT_METRIC_SOURCE,
            Ty::OwnerReference => OWNER_REFERENCE,
            Ty::PersistentVolumeClaim => PERSISTENT_VOLUME_CLAIM,
            Ty::PersistentVolumeClaimCondition => PERSISTENT_VOLUME_CLAIM_CONDITION,
            Ty::PersistentVolumeClaimSpec => PERSISTENT_VOLUME_CLAIM_SPEC,
            Ty::PersistentVolumeClaimStatus => PERSISTENT_VOLUME_CLAIM_STATUS,
            Ty::PersistentVolumeClaimTemplate => PERSISTENT_VOLUME_CLAIM_TEMPLATE,
            Ty::PersistentVolumeClaimVolumeSource => PERSISTENT_VOLUME_CLAIM_VOLUME_SOURCE,
            Ty::PhotonPersistentDiskVolumeSource => PHOTON_PERSISTENT_DISK_VOLUME_SOURCE,
            Ty::PodAffinity => POD_AFFINITY,
            Ty::PodAffinityTerm => POD_AFFINITY_TERM,
            Ty::PodAntiAffinity => POD_ANTI_AFFINITY,
            Ty::PodCertificateProjection => POD_CERTIFICATE_PROJECTION,
            Ty::PodDisruptionBudgetSpec => POD_DISRUPTION_BUDGET_SPEC,
            Ty::PodSecurityContext => POD_SECURITY_CONTEXT,
            Ty::PodsMetricSource => PODS_METRIC_SOURCE,
            Ty::PortworxVolumeSource => PORTWORX_VOLUME_SOURCE,
            Ty::PreferredSchedulingTerm => PREFERRED_SCHEDULING_TERM,
            Ty::Probe => PROBE,
            Ty::ProjectedVolumeSource => PROJECTED_VOLUME_SOURCE,
            Ty::QuobyteVolumeSource => QUOBYTE_VOLUME_SOURCE,
            Ty::RBDVolumeSource => RBD_VOLUME_SOURCE,
            Ty::ResourceClaim => RESOURCE_CLAIM,
            Ty::ResourceFieldSelector => RESOURCE_FIELD_SELECTOR,
            Ty::ResourceMetricSource => RESOURCE_METRIC_SOURCE,
            Ty::ResourceRequirements => RESOURCE_REQUIREMENTS,
            Ty::SELinuxOptions => SE_LINUX_OPTIONS,
            Ty::ScaleIOVolumeSource => SCALE_IO_VOLUME_SOURCE,
            Ty::SeccompProfile => SECCOMP_PROFILE,
            Ty::SecretEnvSource => SECRET_ENV_SOURCE,
            Ty::SecretKeySelector => SECRET_KEY_SELECTOR,
            Ty::SecretProjection => SECRET_PROJECTION,
            Ty::SecretVolumeSource => SECRET_VOLUME_SOURCE,
            Ty::SecurityContext => SECURITY_CONTEXT,
            Ty::ServiceAccountTokenProjection => SERVICE_ACCOUNT_TOKEN_PROJECTION,
            Ty::SleepAction => SLEEP_ACTION,
            Ty::StorageOSVolumeSource => STORAGE_OS_VOLUME_SOURCE,
            Ty::Sysctl => SYSCTL,
            Ty::TCPSocketAction => TCP_SOCKET_ACTION,
            Ty::Toleration => TOLERATION,
            Ty::TypedLocalObjectReference => TYPED_LOCAL_OBJECT_REFERENCE,
            Ty::TypedObjectReference => TYPED_OBJECT_REFERENCE,
            Ty::Volume => VOLUME,
            Ty::VolumeDevice => VOLUME_DEVICE,
            Ty::VolumeMount => VOLUME_MOUNT,
            Ty::VolumeProjection => VOLUME_PROJECTION,
            Ty::VolumeResourceRequirements => VOLUME_RESOURCE_REQUIREMENTS,
            Ty::VsphereVirtualDiskVolumeSource => VSPHERE_VIRTUAL_DISK_VOLUME_SOURCE,
            Ty::WeightedPodAffinityTerm => WEIGHTED_POD_AFFINITY_TERM,
            Ty::WindowsSecurityContextOptions => WINDOWS_SECURITY_CONTEXT_OPTIONS,
        }
    }
}

const AWS_ELASTIC_BLOCK_STORE_VOLUME_SOURCE: &[Field] = &[
    f("volumeID", N, Go::Str),
    f("fsType", E, Go::Str),
    f("partition", E, Go::Int),
    f("readOnly", E, Go::Bool),
];

const AFFINITY: &[Field] = &[
    f("nodeAffinity", E, Go::Ptr(&Go::Struct(Ty::NodeAffinity))),
    f("podAffinity", E, Go::Ptr(&Go::Struct(Ty::PodAffinity))),
    f(
        "podAntiAffinity",
        E,
        Go::Ptr(&Go::Struct(Ty::PodAntiAffinity)),
    ),
];

const APP_ARMOR_PROFILE: &[Field] = &[
    f("type", N, Go::Str),
    f("localhostProfile", E, Go::Ptr(&Go::Str)),
];

const AZURE_DISK_VOLUME_SOURCE: &[Field] = &[
    f("diskName", N, Go::Str),
    f("diskURI", N, Go::Str),
    f("cachingMode", E, Go::Ptr(&Go::Str)),
    f("fsType", E, Go::Ptr(&Go::Str)),
    f("readOnly", E, Go::Ptr(&Go::Bool)),
    f("kind", E, Go::Ptr(&Go::Str)),
];

const AZURE_FILE_VOLUME_SOURCE: &[Field] = &[
    f("secretName", N, Go::Str),
    f("shareName", N, Go::Str),
    f("readOnly", E, Go::Bool),
];

const CSI_VOLUME_SOURCE: &[Field] = &[
    f("driver", N, Go::Str),
    f("readOnly", E, Go::Ptr(&Go::Bool)),
    f("fsType", E, Go::Ptr(&Go::Str)),
    f("volumeAttributes", E, Go::Map(&Go::Str)),
    f(
        "nodePublishSecretRef",
        E,
        Go::Ptr(&Go::Struct(Ty::LocalObjectReference)),
    ),
];

const CAPABILITIES: &[Field] = &[
    f("add", E, Go::Slice(&Go::Str)),
    f("drop", E, Go::Slice(&Go::Str)),
];

const CEPH_FS_VOLUME_SOURCE: &[Field] = &[
    f("monitors", N, Go::Slice(&Go::Str)),
    f("path", E, Go::Str),
    f("user", E, Go::Str),
    f("secretFile", E, Go::Str),
    f(
        "secretRef",
        E,
        Go::Ptr(&Go::Struct(Ty::LocalObjectReference)),
    ),
    f("readOnly", E, Go::Bool),
];

const CINDER_VOLUME_SOURCE: &[Field] = &[
    f("volumeID", N, Go::Str),
    f("fsType", E, Go::Str),
    f("readOnly", E, Go::Bool),
    f(
        "secretRef",
        E,
        Go::Ptr(&Go::Struct(Ty::LocalObjectReference)),
    ),
];

const CLUSTER_TRUST_BUNDLE_PROJECTION: &[Field] = &[
    f("name", E, Go::Ptr(&Go::Str)),
    f("signerName", E, Go::Ptr(&Go::Str)),
    f("labelSelector", E, Go::Ptr(&Go::Struct(Ty::LabelSelector))),
    f("optional", E, Go::Ptr(&Go::Bool)),
    f("path", N, Go::Str),
];

const CONFIG_MAP_ENV_SOURCE: &[Field] =
    &[f("name", E, Go::Str), f("optional", E, Go::Ptr(&Go::Bool))];

const CONFIG_MAP_KEY_SELECTOR: &[Field] = &[
    f("name", E, Go::Str),
    f("key", N, Go::Str),
    f("optional", E, Go::Ptr(&Go::Bool)),
];

const CONFIG_MAP_PROJECTION: &[Field] = &[
    f("name", E, Go::Str),
    f("items", E, Go::Slice(&Go::Struct(Ty::KeyToPath))),
    f("optional", E, Go::Ptr(&Go::Bool)),
];

const CONFIG_MAP_VOLUME_SOURCE: &[Field] = &[
    f("name", E, Go::Str),
    f("items", E, Go::Slice(&Go::Struct(Ty::KeyToPath))),
    f("defaultMode", E, Go::Ptr(&Go::Int)),
    f("optional", E, Go::Ptr(&Go::Bool)),
];

const CONTAINER: &[Field] = &[
    f("name", N, Go::Str),
    f("image", E, Go::Str),
    f("command", E, Go::Slice(&Go::Str)),
    f("args", E, Go::Slice(&Go::Str)),
    f("workingDir", E, Go::Str),
    f("ports", E, Go::Slice(&Go::Struct(Ty::ContainerPort))),
    f("envFrom", E, Go::Slice(&Go::Struct(Ty::EnvFromSource))),
    f("env", E, Go::Slice(&Go::Struct(Ty::EnvVar))),
    f("resources", E, Go::Struct(Ty::ResourceRequirements)),
    f(
        "resizePolicy",
        E,
        Go::Slice(&Go::Struct(Ty::ContainerResizePolicy)),
    ),
    f("restartPolicy", E, Go::Ptr(&Go::Str)),
    f(
        "restartPolicyRules",
        E,
        Go::Slice(&Go::Struct(Ty::ContainerRestartRule)),
    ),
    f("volumeMounts", E, Go::Slice(&Go::Struct(Ty::VolumeMount))),
    f("volumeDevices", E, Go::Slice(&Go::Struct(Ty::VolumeDevice))),
    f("livenessProbe", E, Go::Ptr(&Go::Struct(Ty::Probe))),
    f("readinessProbe", E, Go::Ptr(&Go::Struct(Ty::Probe))),
    f("startupProbe", E, Go::Ptr(&Go::Struct(Ty::Probe))),
    f("lifecycle", E, Go::Ptr(&Go::Struct(Ty::Lifecycle))),
    f("terminationMessagePath", E, Go::Str),
    f("terminationMessagePolicy", E, Go::Str),
    f("imagePullPolicy", E, Go::Str),
    f(
        "securityContext",
        E,
        Go::Ptr(&Go::Struct(Ty::SecurityContext)),
    ),
    f("stdin", E, Go::Bool),
    f("stdinOnce", E, Go::Bool),
    f("tty", E, Go::Bool),
];

const CONTAINER_PORT: &[Field] = &[
    f("name", E, Go::Str),
    f("hostPort", E, Go::Int),
    f("containerPort", N, Go::Int),
    f("protocol", E, Go::Str),
    f("hostIP", E, Go::Str),
];

const CONTAINER_RESIZE_POLICY: &[Field] = &[
    f("resourceName", N, Go::Str),
    f("restartPolicy", N, Go::Str),
];

const CONTAINER_RESOURCE_METRIC_SOURCE: &[Field] = &[
    f("name", N, Go::Str),
    f("target", N, Go::Struct(Ty::MetricTarget)),
    f("container", N, Go::Str),
];

const CONTAINER_RESTART_RULE: &[Field] = &[
    f("action", E, Go::Str),
    f(
        "exitCodes",
        E,
        Go::Ptr(&Go::Struct(Ty::ContainerRestartRuleOnExitCodes)),
    ),
];

const CONTAINER_RESTART_RULE_ON_EXIT_CODES: &[Field] = &[
    f("operator", E, Go::Str),
    f("values", E, Go::Slice(&Go::Int)),
];

const CROSS_VERSION_OBJECT_REFERENCE: &[Field] = &[
    f("kind", N, Go::Str),
    f("name", N, Go::Str),
    f("apiVersion", E, Go::Str),
];

const DOWNWARD_API_PROJECTION: &[Field] = &[f(
    "items",
    E,
    Go::Slice(&Go::Struct(Ty::DownwardAPIVolumeFile)),
)];

const DOWNWARD_API_VOLUME_FILE: &[Field] = &[
    f("path", N, Go::Str),
    f("fieldRef", E, Go::Ptr(&Go::Struct(Ty::ObjectFieldSelector))),
    f(
        "resourceFieldRef",
        E,
        Go::Ptr(&Go::Struct(Ty::ResourceFieldSelector)),
    ),
    f("mode", E, Go::Ptr(&Go::Int)),
];

const DOWNWARD_API_VOLUME_SOURCE: &[Field] = &[
    f(
        "items",
        E,
        Go::Slice(&Go::Struct(Ty::DownwardAPIVolumeFile)),
    ),
    f("defaultMode", E, Go::Ptr(&Go::Int)),
];

const EMPTY_DIR_VOLUME_SOURCE: &[Field] = &[
    f("medium", E, Go::Str),
    f("sizeLimit", E, Go::Ptr(&Go::Quantity)),
];

const ENV_FROM_SOURCE: &[Field] = &[
    f("prefix", E, Go::Str),
    f(
        "configMapRef",
        E,
        Go::Ptr(&Go::Struct(Ty::ConfigMapEnvSource)),
    ),
    f("secretRef", E, Go::Ptr(&Go::Struct(Ty::SecretEnvSource))),
];

const ENV_VAR: &[Field] = &[
    f("name", N, Go::Str),
    f("value", E, Go::Str),
    f("valueFrom", E, Go::Ptr(&Go::Struct(Ty::EnvVarSource))),
];

const ENV_VAR_SOURCE: &[Field] = &[
    f("fieldRef", E, Go::Ptr(&Go::Struct(Ty::ObjectFieldSelector))),
    f(
        "resourceFieldRef",
        E,
        Go::Ptr(&Go::Struct(Ty::ResourceFieldSelector)),
    ),
    f(
        "configMapKeyRef",
        E,
        Go::Ptr(&Go::Struct(Ty::ConfigMapKeySelector)),
    ),
    f(
        "secretKeyRef",
        E,
        Go::Ptr(&Go::Struct(Ty::SecretKeySelector)),
    ),
    f("fileKeyRef", E, Go::Ptr(&Go::Struct(Ty::FileKeySelector))),
];

const EPHEMERAL_VOLUME_SOURCE: &[Field] = &[f(
    "volumeClaimTemplate",
    E,
    Go::Ptr(&Go::Struct(Ty::PersistentVolumeClaimTemplate)),
)];

const EXEC_ACTION: &[Field] = &[f("command", E, Go::Slice(&Go::Str))];

const EXTERNAL_METRIC_SOURCE: &[Field] = &[
    f("metric", N, Go::Struct(Ty::MetricIdentifier)),
    f("target", N, Go::Struct(Ty::MetricTarget)),
];

const FC_VOLUME_SOURCE: &[Field] = &[
    f("targetWWNs", E, Go::Slice(&Go::Str)),
    f("lun", E, Go::Ptr(&Go::Int)),
    f("fsType", E, Go::Str),
    f("readOnly", E, Go::Bool),
    f("wwids", E, Go::Slice(&Go::Str)),
];

const FILE_KEY_SELECTOR: &[Field] = &[
    f("volumeName", N, Go::Str),
    f("path", N, Go::Str),
    f("key", N, Go::Str),
    f("optional", E, Go::Ptr(&Go::Bool)),
];

const FLEX_VOLUME_SOURCE: &[Field] = &[
    f("driver", N, Go::Str),
    f("fsType", E, Go::Str),
    f(
        "secretRef",
        E,
        Go::Ptr(&Go::Struct(Ty::LocalObjectReference)),
    ),
    f("readOnly", E, Go::Bool),
    f("options", E, Go::Map(&Go::Str)),
];

const FLOCKER_VOLUME_SOURCE: &[Field] =
    &[f("datasetName", E, Go::Str), f("datasetUUID", E, Go::Str)];

const GCE_PERSISTENT_DISK_VOLUME_SOURCE: &[Field] = &[
    f("pdName", N, Go::Str),
    f("fsType", E, Go::Str),
    f("partition", E, Go::Int),
    f("readOnly", E, Go::Bool),
];

const GRPC_ACTION: &[Field] = &[f("port", N, Go::Int), f("service", N, Go::Ptr(&Go::Str))];

const GIT_REPO_VOLUME_SOURCE: &[Field] = &[
    f("repository", N, Go::Str),
    f("revision", E, Go::Str),
    f("directory", E, Go::Str),
];

const GLUSTERFS_VOLUME_SOURCE: &[Field] = &[
    f("endpoints", N, Go::Str),
    f("path", N, Go::Str),
    f("readOnly", E, Go::Bool),
];

const HPA_SCALING_POLICY: &[Field] = &[
    f("type", N, Go::Str),
    f("value", N, Go::Int),
    f("periodSeconds", N, Go::Int),
];

const HPA_SCALING_RULES: &[Field] = &[
    f("stabilizationWindowSeconds", E, Go::Ptr(&Go::Int)),
    f("selectPolicy", E, Go::Ptr(&Go::Str)),
    f("policies", E, Go::Slice(&Go::Struct(Ty::HPAScalingPolicy))),
    f("tolerance", E, Go::Ptr(&Go::Quantity)),
];

const HTTP_GET_ACTION: &[Field] = &[
    f("path", E, Go::Str),
    f("port", N, Go::IntOrString),
    f("host", E, Go::Str),
    f("scheme", E, Go::Str),
    f("httpHeaders", E, Go::Slice(&Go::Struct(Ty::HTTPHeader))),
];

const HTTP_HEADER: &[Field] = &[f("name", N, Go::Str), f("value", N, Go::Str)];

const HORIZONTAL_POD_AUTOSCALER_BEHAVIOR: &[Field] = &[
    f("scaleUp", E, Go::Ptr(&Go::Struct(Ty::HPAScalingRules))),
    f("scaleDown", E, Go::Ptr(&Go::Struct(Ty::HPAScalingRules))),
];

const HOST_ALIAS: &[Field] = &[f("ip", N, Go::Str), f("hostnames", E, Go::Slice(&Go::Str))];

const HOST_PATH_VOLUME_SOURCE: &[Field] = &[f("path", N, Go::Str), f("type", E, Go::Ptr(&Go::Str))];

const ISCSI_VOLUME_SOURCE: &[Field] = &[
    f("targetPortal", N, Go::Str),
    f("iqn", N, Go::Str),
    f("lun", N, Go::Int),
    f("iscsiInterface", E, Go::Str),
    f("fsType", E, Go::Str),
    f("readOnly", E, Go::Bool),
    f("portals", E, Go::Slice(&Go::Str)),
    f("chapAuthDiscovery", E, Go::Bool),
    f("chapAuthSession", E, Go::Bool),
    f(
        "secretRef",
        E,
        Go::Ptr(&Go::Struct(Ty::LocalObjectReference)),
    ),
    f("initiatorName", E, Go::Ptr(&Go::Str)),
];

const IMAGE_VOLUME_SOURCE: &[Field] = &[f("reference", E, Go::Str), f("pullPolicy", E, Go::Str)];

const KEY_TO_PATH: &[Field] = &[
    f("key", N, Go::Str),
    f("path", N, Go::Str),
    f("mode", E, Go::Ptr(&Go::Int)),
];

const LABEL_SELECTOR: &[Field] = &[
    f("matchLabels", E, Go::Map(&Go::Str)),
    f(
        "matchExpressions",
        E,
        Go::Slice(&Go::Struct(Ty::LabelSelectorRequirement)),
    ),
];

const LABEL_SELECTOR_REQUIREMENT: &[Field] = &[
    f("key", N, Go::Str),
    f("operator", N, Go::Str),
    f("values", E, Go::Slice(&Go::Str)),
];

const LIFECYCLE: &[Field] = &[
    f("postStart", E, Go::Ptr(&Go::Struct(Ty::LifecycleHandler))),
    f("preStop", E, Go::Ptr(&Go::Struct(Ty::LifecycleHandler))),
    f("stopSignal", E, Go::Ptr(&Go::Str)),
];

const LIFECYCLE_HANDLER: &[Field] = &[
    f("exec", E, Go::Ptr(&Go::Struct(Ty::ExecAction))),
    f("httpGet", E, Go::Ptr(&Go::Struct(Ty::HTTPGetAction))),
    f("tcpSocket", E, Go::Ptr(&Go::Struct(Ty::TCPSocketAction))),
    f("sleep", E, Go::Ptr(&Go::Struct(Ty::SleepAction))),
];

const LOCAL_OBJECT_REFERENCE: &[Field] = &[f("name", E, Go::Str)];

const MANAGED_FIELDS_ENTRY: &[Field] = &[
    f("manager", E, Go::Str),
    f("operation", E, Go::Str),
    f("apiVersion", E, Go::Str),
    f("time", E, Go::Ptr(&Go::Time)),
    f("fieldsType", E, Go::Str),
    f("fieldsV1", E, Go::Ptr(&Go::Raw)),
    f("subresource", E, Go::Str),
];

const METRIC_IDENTIFIER: &[Field] = &[
    f("name", N, Go::Str),
    f("selector", E, Go::Ptr(&Go::Struct(Ty::LabelSelector))),
];

const METRIC_SPEC: &[Field] = &[
    f("type", N, Go::Str),
    f("object", E, Go::Ptr(&Go::Struct(Ty::ObjectMetricSource))),
    f("pods", E, Go::Ptr(&Go::Struct(Ty::PodsMetricSource))),
    f(
        "resource",
        E,
        Go::Ptr(&Go::Struct(Ty::ResourceMetricSource)),
    ),
    f(
        "containerResource",
        E,
        Go::Ptr(&Go::Struct(Ty::ContainerResourceMetricSource)),
    ),
    f(
        "external",
        E,
        Go::Ptr(&Go::Struct(Ty::ExternalMetricSource)),
    ),
];

const METRIC_TARGET: &[Field] = &[
    f("type", N, Go::Str),
    f("value", E, Go::Ptr(&Go::Quantity)),
    f("averageValue", E, Go::Ptr(&Go::Quantity)),
    f("averageUtilization", E, Go::Ptr(&Go::Int)),
];

const MODIFY_VOLUME_STATUS: &[Field] = &[
    f("targetVolumeAttributesClassName", E, Go::Str),
    f("status", N, Go::Str),
];

const NFS_VOLUME_SOURCE: &[Field] = &[
    f("server", N, Go::Str),
    f("path", N, Go::Str),
    f("readOnly", E, Go::Bool),
];

const NODE_AFFINITY: &[Field] = &[
    f(
        "requiredDuringSchedulingIgnoredDuringExecution",
        E,
        Go::Ptr(&Go::Struct(Ty::NodeSelector)),
    ),
    f(
        "preferredDuringSchedulingIgnoredDuringExecution",
        E,
        Go::Slice(&Go::Struct(Ty::PreferredSchedulingTerm)),
    ),
];

const NODE_SELECTOR: &[Field] = &[f(
    "nodeSelectorTerms",
    N,
    Go::Slice(&Go::Struct(Ty::NodeSelectorTerm)),
)];

const NODE_SELECTOR_REQUIREMENT: &[Field] = &[
    f("key", N, Go::Str),
    f("operator", N, Go::Str),
    f("values", E, Go::Slice(&Go::Str)),
];

const NODE_SELECTOR_TERM: &[Field] = &[
    f(
        "matchExpressions",
        E,
        Go::Slice(&Go::Struct(Ty::NodeSelectorRequirement)),
    ),
    f(
        "matchFields",
        E,
        Go::Slice(&Go::Struct(Ty::NodeSelectorRequirement)),
    ),
];

const OBJECT_FIELD_SELECTOR: &[Field] = &[f("apiVersion", E, Go::Str), f("fieldPath", N, Go::Str)];

const OBJECT_META: &[Field] = &[
    f("name", E, Go::Str),
    f("generateName", E, Go::Str),
    f("namespace", E, Go::Str),
    f("selfLink", E, Go::Str),
    f("uid", E, Go::Str),
    f("resourceVersion", E, Go::Str),
    f("generation", E, Go::Int),
    f("creationTimestamp", Z, Go::Time),
    f("deletionTimestamp", E, Go::Ptr(&Go::Time)),
    f("deletionGracePeriodSeconds", E, Go::Ptr(&Go::Int)),
    f("labels", E, Go::Map(&Go::Str)),
    f("annotations", E, Go::Map(&Go::Str)),
    f(
        "ownerReferences",
        E,
        Go::Slice(&Go::Struct(Ty::OwnerReference)),
    ),
    f("finalizers", E, Go::Slice(&Go::Str)),
    f(
        "managedFields",
        E,
        Go::Slice(&Go::Struct(Ty::ManagedFieldsEntry)),
    ),
];

const OBJECT_METRIC_SOURCE: &[Field] = &[
    f(
        "describedObject",
        N,
        Go::Struct(Ty::CrossVersionObjectReference),
    ),
    f("target", N, Go::Struct(Ty::MetricTarget)),
    f("metric", N, Go::Struct(Ty::MetricIdentifier)),
];

const OWNER_REFERENCE: &[Field] = &[
    f("apiVersion", N, Go::Str),
    f("kind", N, Go::Str),
    f("name", N, Go::Str),
    f("uid", N, Go::Str),
    f("controller", E, Go::Ptr(&Go::Bool)),
    f("blockOwnerDeletion", E, Go::Ptr(&Go::Bool)),
];

const PERSISTENT_VOLUME_CLAIM: &[Field] = &[
    f("kind", E, Go::Str),
    f("apiVersion", E, Go::Str),
    f("metadata", E, Go::Struct(Ty::ObjectMeta)),
    f("spec", E, Go::Struct(Ty::PersistentVolumeClaimSpec)),
    f("status", E, Go::Struct(Ty::PersistentVolumeClaimStatus)),
];

const PERSISTENT_VOLUME_CLAIM_CONDITION: &[Field] = &[
    f("type", N, Go::Str),
    f("status", N, Go::Str),
    f("lastProbeTime", E, Go::Time),
    f("lastTransitionTime", E, Go::Time),
    f("reason", E, Go::Str),
    f("message", E, Go::Str),
];

const PERSISTENT_VOLUME_CLAIM_SPEC: &[Field] = &[
    f("accessModes", E, Go::Slice(&Go::Str)),
    f("selector", E, Go::Ptr(&Go::Struct(Ty::LabelSelector))),
    f("resources", E, Go::Struct(Ty::VolumeResourceRequirements)),
    f("volumeName", E, Go::Str),
    f("storageClassName", E, Go::Ptr(&Go::Str)),
    f("volumeMode", E, Go::Ptr(&Go::Str)),
    f(
        "dataSource",
        E,
        Go::Ptr(&Go::Struct(Ty::TypedLocalObjectReference)),
    ),
    f(
        "dataSourceRef",
        E,
        Go::Ptr(&Go::Struct(Ty::TypedObjectReference)),
    ),
    f("volumeAttributesClassName", E, Go::Ptr(&Go::Str)),
];

const PERSISTENT_VOLUME_CLAIM_STATUS: &[Field] = &[
    f("phase", E, Go::Str),
    f("accessModes", E, Go::Slice(&Go::Str)),
    f("capacity", E, Go::Map(&Go::Quantity)),
    f(
        "conditions",
        E,
        Go::Slice(&Go::Struct(Ty::PersistentVolumeClaimCondition)),
    ),
    f("allocatedResources", E, Go::Map(&Go::Quantity)),
    f("allocatedResourceStatuses", E, Go::Map(&Go::Str)),
    f("currentVolumeAttributesClassName", E, Go::Ptr(&Go::Str)),
    f(
        "modifyVolumeStatus",
        E,
        Go::Ptr(&Go::Struct(Ty::ModifyVolumeStatus)),
    ),
];

const PERSISTENT_VOLUME_CLAIM_TEMPLATE: &[Field] = &[
    f("metadata", E, Go::Struct(Ty::ObjectMeta)),
    f("spec", N, Go::Struct(Ty::PersistentVolumeClaimSpec)),
];

const PERSISTENT_VOLUME_CLAIM_VOLUME_SOURCE: &[Field] =
    &[f("claimName", N, Go::Str), f("readOnly", E, Go::Bool)];

const PHOTON_PERSISTENT_DISK_VOLUME_SOURCE: &[Field] =
    &[f("pdID", N, Go::Str), f("fsType", E, Go::Str)];

const POD_AFFINITY: &[Field] = &[
    f(
        "requiredDuringSchedulingIgnoredDuringExecution",
        E,
        Go::Slice(&Go::Struct(Ty::PodAffinityTerm)),
    ),
    f(
        "preferredDuringSchedulingIgnoredDuringExecution",
        E,
        Go::Slice(&Go::Struct(Ty::WeightedPodAffinityTerm)),
    ),
];

const POD_AFFINITY_TERM: &[Field] = &[
    f("labelSelector", E, Go::Ptr(&Go::Struct(Ty::LabelSelector))),
    f("namespaces", E, Go::Slice(&Go::Str)),
    f("topologyKey", N, Go::Str),
    f(
        "namespaceSelector",
        E,
        Go::Ptr(&Go::Struct(Ty::LabelSelector)),
    ),
    f("matchLabelKeys", E, Go::Slice(&Go::Str)),
    f("mismatchLabelKeys", E, Go::Slice(&Go::Str)),
];

const POD_ANTI_AFFINITY: &[Field] = &[
    f(
        "requiredDuringSchedulingIgnoredDuringExecution",
        E,
        Go::Slice(&Go::Struct(Ty::PodAffinityTerm)),
    ),
    f(
        "preferredDuringSchedulingIgnoredDuringExecution",
        E,
        Go::Slice(&Go::Struct(Ty::WeightedPodAffinityTerm)),
    ),
];

const POD_CERTIFICATE_PROJECTION: &[Field] = &[
    f("signerName", E, Go::Str),
    f("keyType", E, Go::Str),
    f("maxExpirationSeconds", E, Go::Ptr(&Go::Int)),
    f("credentialBundlePath", E, Go::Str),
    f("keyPath", E, Go::Str),
    f("certificateChainPath", E, Go::Str),
    f("userAnnotations", E, Go::Map(&Go::Str)),
];

const POD_DISRUPTION_BUDGET_SPEC: &[Field] = &[
    f("minAvailable", E, Go::Ptr(&Go::IntOrString)),
    f("selector", E, Go::Ptr(&Go::Struct(Ty::LabelSelector))),
    f("maxUnavailable", E, Go::Ptr(&Go::IntOrString)),
    f("unhealthyPodEvictionPolicy", E, Go::Ptr(&Go::Str)),
];

const POD_SECURITY_CONTEXT: &[Field] = &[
    f(
        "seLinuxOptions",
        E,
        Go::Ptr(&Go::Struct(Ty::SELinuxOptions)),
    ),
    f(
        "windowsOptions",
        E,
        Go::Ptr(&Go::Struct(Ty::WindowsSecurityContextOptions)),
    ),
    f("runAsUser", E, Go::Ptr(&Go::Int)),
    f("runAsGroup", E, Go::Ptr(&Go::Int)),
    f("runAsNonRoot", E, Go::Ptr(&Go::Bool)),
    f("supplementalGroups", E, Go::Slice(&Go::Int)),
    f("supplementalGroupsPolicy", E, Go::Ptr(&Go::Str)),
    f("fsGroup", E, Go::Ptr(&Go::Int)),
    f("sysctls", E, Go::Slice(&Go::Struct(Ty::Sysctl))),
    f("fsGroupChangePolicy", E, Go::Ptr(&Go::Str)),
    f(
        "seccompProfile",
        E,
        Go::Ptr(&Go::Struct(Ty::SeccompProfile)),
    ),
    f(
        "appArmorProfile",
        E,
        Go::Ptr(&Go::Struct(Ty::AppArmorProfile)),
    ),
    f("seLinuxChangePolicy", E, Go::Ptr(&Go::Str)),
];

const PODS_METRIC_SOURCE: &[Field] = &[
    f("metric", N, Go::Struct(Ty::MetricIdentifier)),
    f("target", N, Go::Struct(Ty::MetricTarget)),
];

const PORTWORX_VOLUME_SOURCE: &[Field] = &[
    f("volumeID", N, Go::Str),
    f("fsType", E, Go::Str),
    f("readOnly", E, Go::Bool),
];

const PREFERRED_SCHEDULING_TERM: &[Field] = &[
    f("weight", N, Go::Int),
    f("preference", N, Go::Struct(Ty::NodeSelectorTerm)),
];

const PROBE: &[Field] = &[
    f("exec", E, Go::Ptr(&Go::Struct(Ty::ExecAction))),
    f("httpGet", E, Go::Ptr(&Go::Struct(Ty::HTTPGetAction))),
    f("tcpSocket", E, Go::Ptr(&Go::Struct(Ty::TCPSocketAction))),
    f("grpc", E, Go::Ptr(&Go::Struct(Ty::GRPCAction))),
    f("initialDelaySeconds", E, Go::Int),
    f("timeoutSeconds", E, Go::Int),
    f("periodSeconds", E, Go::Int),
    f("successThreshold", E, Go::Int),
    f("failureThreshold", E, Go::Int),
    f("terminationGracePeriodSeconds", E, Go::Ptr(&Go::Int)),
];

const PROJECTED_VOLUME_SOURCE: &[Field] = &[
    f("sources", N, Go::Slice(&Go::Struct(Ty::VolumeProjection))),
    f("defaultMode", E, Go::Ptr(&Go::Int)),
];

const QUOBYTE_VOLUME_SOURCE: &[Field] = &[
    f("registry", N, Go::Str),
    f("volume", N, Go::Str),
    f("readOnly", E, Go::Bool),
    f("user", E, Go::Str),
    f("group", E, Go::Str),
    f("tenant", E, Go::Str),
];

const RBD_VOLUME_SOURCE: &[Field] = &[
    f("monitors", N, Go::Slice(&Go::Str)),
    f("image", N, Go::Str),
    f("fsType", E, Go::Str),
    f("pool", E, Go::Str),
    f("user", E, Go::Str),
    f("keyring", E, Go::Str),
    f(
        "secretRef",
        E,
        Go::Ptr(&Go::Struct(Ty::LocalObjectReference)),
    ),
    f("readOnly", E, Go::Bool),
];

const RESOURCE_CLAIM: &[Field] = &[f("name", N, Go::Str), f("request", E, Go::Str)];

const RESOURCE_FIELD_SELECTOR: &[Field] = &[
    f("containerName", E, Go::Str),
    f("resource", N, Go::Str),
    f("divisor", E, Go::Quantity),
];

const RESOURCE_METRIC_SOURCE: &[Field] = &[
    f("name", N, Go::Str),
    f("target", N, Go::Struct(Ty::MetricTarget)),
];

const RESOURCE_REQUIREMENTS: &[Field] = &[
    f("limits", E, Go::Map(&Go::Quantity)),
    f("requests", E, Go::Map(&Go::Quantity)),
    f("claims", E, Go::Slice(&Go::Struct(Ty::ResourceClaim))),
];

const SE_LINUX_OPTIONS: &[Field] = &[
    f("user", E, Go::Str),
    f("role", E, Go::Str),
    f("type", E, Go::Str),
    f("level", E, Go::Str),
];

const SCALE_IO_VOLUME_SOURCE: &[Field] = &[
    f("gateway", N, Go::Str),
    f("system", N, Go::Str),
    f(
        "secretRef",
        N,
        Go::Ptr(&Go::Struct(Ty::LocalObjectReference)),
    ),
    f("sslEnabled", E, Go::Bool),
    f("protectionDomain", E, Go::Str),
    f("storagePool", E, Go::Str),
    f("storageMode", E, Go::Str),
    f("volumeName", E, Go::Str),
    f("fsType", E, Go::Str),
    f("readOnly", E, Go::Bool),
];

const SECCOMP_PROFILE: &[Field] = &[
    f("type", N, Go::Str),
    f("localhostProfile", E, Go::Ptr(&Go::Str)),
];

const SECRET_ENV_SOURCE: &[Field] = &[f("name", E, Go::Str), f("optional", E, Go::Ptr(&Go::Bool))];

const SECRET_KEY_SELECTOR: &[Field] = &[
    f("name", E, Go::Str),
    f("key", N, Go::Str),
    f("optional", E, Go::Ptr(&Go::Bool)),
];

const SECRET_PROJECTION: &[Field] = &[
    f("name", E, Go::Str),
    f("items", E, Go::Slice(&Go::Struct(Ty::KeyToPath))),
    f("optional", E, Go::Ptr(&Go::Bool)),
];

const SECRET_VOLUME_SOURCE: &[Field] = &[
    f("secretName", E, Go::Str),
    f("items", E, Go::Slice(&Go::Struct(Ty::KeyToPath))),
    f("defaultMode", E, Go::Ptr(&Go::Int)),
    f("optional", E, Go::Ptr(&Go::Bool)),
];

const SECURITY_CONTEXT: &[Field] = &[
    f("capabilities", E, Go::Ptr(&Go::Struct(Ty::Capabilities))),
    f("privileged", E, Go::Ptr(&Go::Bool)),
    f(
        "seLinuxOptions",
        E,
        Go::Ptr(&Go::Struct(Ty::SELinuxOptions)),
    ),
    f(
        "windowsOptions",
        E,
        Go::Ptr(&Go::Struct(Ty::WindowsSecurityContextOptions)),
    ),
    f("runAsUser", E, Go::Ptr(&Go::Int)),
    f("runAsGroup", E, Go::Ptr(&Go::Int)),
    f("runAsNonRoot", E, Go::Ptr(&Go::Bool)),
    f("readOnlyRootFilesystem", E, Go::Ptr(&Go::Bool)),
    f("allowPrivilegeEscalation", E, Go::Ptr(&Go::Bool)),
    f("procMount", E, Go::Ptr(&Go::Str)),
    f(
        "seccompProfile",
        E,
        Go::Ptr(&Go::Struct(Ty::SeccompProfile)),
    ),
    f(
        "appArmorProfile",
        E,
        Go::Ptr(&Go::Struct(Ty::AppArmorProfile)),
    ),
];

const SERVICE_ACCOUNT_TOKEN_PROJECTION: &[Field] = &[
    f("audience", E, Go::Str),
    f("expirationSeconds", E, Go::Ptr(&Go::Int)),
    f("path", N, Go::Str),
];

const SLEEP_ACTION: &[Field] = &[f("seconds", N, Go::Int)];

const STORAGE_OS_VOLUME_SOURCE: &[Field] = &[
    f("volumeName", E, Go::Str),
    f("volumeNamespace", E, Go::Str),
    f("fsType", E, Go::Str),
    f("readOnly", E, Go::Bool),
    f(
        "secretRef",
        E,
        Go::Ptr(&Go::Struct(Ty::LocalObjectReference)),
    ),
];

const SYSCTL: &[Field] = &[f("name", N, Go::Str), f("value", N, Go::Str)];

const TCP_SOCKET_ACTION: &[Field] = &[f("port", N, Go::IntOrString), f("host", E, Go::Str)];

const TOLERATION: &[Field] = &[
    f("key", E, Go::Str),
    f("operator", E, Go::Str),
    f("value", E, Go::Str),
    f("effect", E, Go::Str),
    f("tolerationSeconds", E, Go::Ptr(&Go::Int)),
];

const TYPED_LOCAL_OBJECT_REFERENCE: &[Field] = &[
    f("apiGroup", N, Go::Ptr(&Go::Str)),
    f("kind", N, Go::Str),
    f("name", N, Go::Str),
];

const TYPED_OBJECT_REFERENCE: &[Field] = &[
    f("apiGroup", N, Go::Ptr(&Go::Str)),
    f("kind", N, Go::Str),
    f("name", N, Go::Str),
    f("namespace", E, Go::Ptr(&Go::Str)),
];

const VOLUME: &[Field] = &[
    f("name", N, Go::Str),
    f(
        "hostPath",
        E,
        Go::Ptr(&Go::Struct(Ty::HostPathVolumeSource)),
    ),
    f(
        "emptyDir",
        E,
        Go::Ptr(&Go::Struct(Ty::EmptyDirVolumeSource)),
    ),
    f(
        "gcePersistentDisk",
        E,
        Go::Ptr(&Go::Struct(Ty::GCEPersistentDiskVolumeSource)),
    ),
    f(
        "awsElasticBlockStore",
        E,
        Go::Ptr(&Go::Struct(Ty::AWSElasticBlockStoreVolumeSource)),
    ),
    f("gitRepo", E, Go::Ptr(&Go::Struct(Ty::GitRepoVolumeSource))),
    f("secret", E, Go::Ptr(&Go::Struct(Ty::SecretVolumeSource))),
    f("nfs", E, Go::Ptr(&Go::Struct(Ty::NFSVolumeSource))),
    f("iscsi", E, Go::Ptr(&Go::Struct(Ty::ISCSIVolumeSource))),
    f(
        "glusterfs",
        E,
        Go::Ptr(&Go::Struct(Ty::GlusterfsVolumeSource)),
    ),
    f(
        "persistentVolumeClaim",
        E,
        Go::Ptr(&Go::Struct(Ty::PersistentVolumeClaimVolumeSource)),
    ),
    f("rbd", E, Go::Ptr(&Go::Struct(Ty::RBDVolumeSource))),
    f("flexVolume", E, Go::Ptr(&Go::Struct(Ty::FlexVolumeSource))),
    f("cinder", E, Go::Ptr(&Go::Struct(Ty::CinderVolumeSource))),
    f("cephfs", E, Go::Ptr(&Go::Struct(Ty::CephFSVolumeSource))),
    f("flocker", E, Go::Ptr(&Go::Struct(Ty::FlockerVolumeSource))),
    f(
        "downwardAPI",
        E,
        Go::Ptr(&Go::Struct(Ty::DownwardAPIVolumeSource)),
    ),
    f("fc", E, Go::Ptr(&Go::Struct(Ty::FCVolumeSource))),
    f(
        "azureFile",
        E,
        Go::Ptr(&Go::Struct(Ty::AzureFileVolumeSource)),
    ),
    f(
        "configMap",
        E,
        Go::Ptr(&Go::Struct(Ty::ConfigMapVolumeSource)),
    ),
    f(
        "vsphereVolume",
        E,
        Go::Ptr(&Go::Struct(Ty::VsphereVirtualDiskVolumeSource)),
    ),
    f("quobyte", E, Go::Ptr(&Go::Struct(Ty::QuobyteVolumeSource))),
    f(
        "azureDisk",
        E,
        Go::Ptr(&Go::Struct(Ty::AzureDiskVolumeSource)),
    ),
    f(
        "photonPersistentDisk",
        E,
        Go::Ptr(&Go::Struct(Ty::PhotonPersistentDiskVolumeSource)),
    ),
    f(
        "projected",
        E,
        Go::Ptr(&Go::Struct(Ty::ProjectedVolumeSource)),
    ),
    f(
        "portworxVolume",
        E,
        Go::Ptr(&Go::Struct(Ty::PortworxVolumeSource)),
    ),
    f("scaleIO", E, Go::Ptr(&Go::Struct(Ty::ScaleIOVolumeSource))),
    f(
        "storageos",
        E,
        Go::Ptr(&Go::Struct(Ty::StorageOSVolumeSource)),
    ),
    f("csi", E, Go::Ptr(&Go::Struct(Ty::CSIVolumeSource))),
    f(
        "ephemeral",
        E,
        Go::Ptr(&Go::Struct(Ty::EphemeralVolumeSource)),
    ),
    f("image", E, Go::Ptr(&Go::Struct(Ty::ImageVolumeSource))),
];

const VOLUME_DEVICE: &[Field] = &[f("name", N, Go::Str), f("devicePath", N, Go::Str)];

const VOLUME_MOUNT: &[Field] = &[
    f("name", N, Go::Str),
    f("readOnly", E, Go::Bool),
    f("recursiveReadOnly", E, Go::Ptr(&Go::Str)),
    f("mountPath", N, Go::Str),
    f("subPath", E, Go::Str),
    f("mountPropagation", E, Go::Ptr(&Go::Str)),
    f("subPathExpr", E, Go::Str),
];

const VOLUME_PROJECTION: &[Field] = &[
    f("secret", E, Go::Ptr(&Go::Struct(Ty::SecretProjection))),
    f(
        "downwardAPI",
        E,
        Go::Ptr(&Go::Struct(Ty::DownwardAPIProjection)),
    ),
    f(
        "configMap",
        E,
        Go::Ptr(&Go::Struct(Ty::ConfigMapProjection)),
    ),
    f(
        "serviceAccountToken",
        E,
        Go::Ptr(&Go::Struct(Ty::ServiceAccountTokenProjection)),
    ),
    f(
        "clusterTrustBundle",
        E,
        Go::Ptr(&Go::Struct(Ty::ClusterTrustBundleProjection)),
    ),
    f(
        "podCertificate",
        E,
        Go::Ptr(&Go::Struct(Ty::PodCertificateProjection)),
    ),
];

const VOLUME_RESOURCE_REQUIREMENTS: &[Field] = &[
    f("limits", E, Go::Map(&Go::Quantity)),
    f("requests", E, Go::Map(&Go::Quantity)),
];

const VSPHERE_VIRTUAL_DISK_VOLUME_SOURCE: &[Field] = &[
    f("volumePath", N, Go::Str),
    f("fsType", E, Go::Str),
    f("storagePolicyName", E, Go::Str),
    f("storagePolicyID", E, Go::Str),
];

const WEIGHTED_POD_AFFINITY_TERM: &[Field] = &[
    f("weight", N, Go::Int),
    f("podAffinityTerm", N, Go::Struct(Ty::PodAffinityTerm)),
];

const WINDOWS_SECURITY_CONTEXT_OPTIONS: &[Field] = &[
    f("gmsaCredentialSpecName", E, Go::Ptr(&Go::Str)),
    f("gmsaCredentialSpec", E, Go::Ptr(&Go::Str)),
    f("runAsUserName", E, Go::Ptr(&Go::Str)),
    f("hostProcess", E, Go::Ptr(&Go::Bool)),
];
