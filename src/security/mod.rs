//! Security of the rendered manifests: credential-looking configuration, the Pod Security
//! Standards, and `--harden`.
//!
//! [`credentials`] spots `flinkProperties` keys that look like secrets (they end up in a
//! ConfigMap in plain text); [`pod_security`] checks every rendered pod template against a Pod
//! Security Standards level with Kubernetes' own messages; [`harden`] sets the securityContext
//! fields that make the pods meet the restricted level. All three are pure functions over
//! values.

pub mod credentials;
pub mod harden;
pub mod pod_security;
