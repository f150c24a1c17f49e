//! A rendered Kubernetes object: one of the kinds flink-render produces, for every stage that
//! builds, checks, orders or writes objects (both targets, lint, security, order, emit, diff).

pub mod ingress;
pub mod pod;
pub mod podgroup;

use k8s_openapi::api::apps::v1::{ControllerRevision, Deployment, StatefulSet};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{ConfigMap, Service, ServiceAccount};
use k8s_openapi::api::networking::v1::Ingress;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::{Metadata, Resource};
use serde::{Serialize, Serializer};

use podgroup::PodGroup;

macro_rules! objects {
    ($($variant:ident($ty:ty)),* $(,)?) => {
        /// One rendered object.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Object {
            $(
                #[doc = concat!("A ", stringify!($variant), ".")]
                $variant(Box<$ty>),
            )*
        }

        impl Object {
            /// `apiVersion` of the object.
            pub fn api_version(&self) -> &'static str {
                match self { $(Object::$variant(_) => <$ty as Resource>::API_VERSION,)* }
            }

            /// `kind` of the object.
            pub fn kind(&self) -> &'static str {
                match self { $(Object::$variant(_) => <$ty as Resource>::KIND,)* }
            }

            /// Metadata of the object.
            pub fn metadata(&self) -> &ObjectMeta {
                match self { $(Object::$variant(o) => o.metadata(),)* }
            }

            /// Mutable metadata of the object.
            pub fn metadata_mut(&mut self) -> &mut ObjectMeta {
                match self { $(Object::$variant(o) => o.metadata_mut(),)* }
            }
        }

        impl Serialize for Object {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self { $(Object::$variant(o) => o.serialize(serializer),)* }
            }
        }

        $(
            impl From<$ty> for Object {
                fn from(object: $ty) -> Object {
                    Object::$variant(Box::new(object))
                }
            }
        )*
    };
}

objects! {
    ConfigMap(ConfigMap),
    ControllerRevision(ControllerRevision),
    Deployment(Deployment),
    HorizontalPodAutoscaler(HorizontalPodAutoscaler),
    Ingress(Ingress),
    Job(Job),
    PodDisruptionBudget(PodDisruptionBudget),
    PodGroup(PodGroup),
    Role(Role),
    RoleBinding(RoleBinding),
    Service(Service),
    ServiceAccount(ServiceAccount),
    StatefulSet(StatefulSet),
}

impl Object {
    /// `metadata.name` (empty if unset, which flink-render never does).
    pub fn name(&self) -> &str {
        self.metadata().name.as_deref().unwrap_or_default()
    }

    /// `metadata.namespace`, if set.
    pub fn namespace(&self) -> Option<&str> {
        self.metadata().namespace.as_deref()
    }

    /// `apiVersion/kind/namespace/name`, which identifies an object within a cluster.
    pub fn identity(&self) -> String {
        format!(
            "{}/{}/{}/{}",
            self.api_version(),
            self.kind(),
            self.namespace().unwrap_or_default(),
            self.name()
        )
    }
}
