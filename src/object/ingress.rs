//! The Ingress to the JobManager's web UI that `jobManager.ingress` asks for, as both targets
//! build it (only the Service behind it differs), and the host it names.

use k8s_openapi::api::networking::v1::{
    HTTPIngressPath, HTTPIngressRuleValue, IngressBackend, IngressRule, IngressServiceBackend,
    IngressSpec, IngressTLS, ServiceBackendPort,
};

/// Where an Ingress rule leads: its path and path type, and the Service port behind them.
pub struct IngressRoute {
    /// The rule's path (none: every path).
    pub path: Option<String>,
    /// `Prefix`, `Exact` or `ImplementationSpecific`.
    pub path_type: &'static str,
    /// The Service's name.
    pub service: String,
    /// The Service's port, by name or number.
    pub port: ServiceBackendPort,
}

/// The Ingress spec of `jobManager.ingress`: one rule whose host is `hostFormat` with the
/// cluster name put in (none when empty) and whose TLS section is the host and
/// `tlsSecretName` when `useTls`, leading to `route`.
pub fn spec(
    spec: &crate::spec::JobManagerIngressSpec,
    cluster_name: &str,
    route: IngressRoute,
) -> IngressSpec {
    let host = spec
        .host_format
        .as_deref()
        .map(|format| host(format, cluster_name))
        .filter(|h| !h.is_empty());
    let tls = if spec.use_tls == Some(true) {
        let secret_name = spec.tls_secret_name.clone().filter(|s| !s.is_empty());
        let hosts = host.clone().map(|h| vec![h]);
        (hosts.is_some() || secret_name.is_some()).then(|| vec![IngressTLS { hosts, secret_name }])
    } else {
        None
    };
    IngressSpec {
        tls,
        rules: Some(vec![IngressRule {
            host,
            http: Some(HTTPIngressRuleValue {
                paths: vec![HTTPIngressPath {
                    path: route.path,
                    path_type: route.path_type.to_owned(),
                    backend: IngressBackend {
                        service: Some(IngressServiceBackend {
                            name: route.service,
                            port: Some(route.port),
                        }),
                        ..IngressBackend::default()
                    },
                }],
            }),
        }]),
        ..IngressSpec::default()
    }
}

/// The Ingress host for `format`: every `{{$clusterName}}` (spaces allowed inside the braces)
/// replaced by the cluster name, everything else kept.
pub fn host(format: &str, cluster_name: &str) -> String {
    let mut out = String::with_capacity(format.len());
    let mut rest = format;
    while let Some(start) = rest.find("{{") {
        let (before, from_braces) = rest.split_at(start);
        out.push_str(before);
        let inner = from_braces.get(2..).unwrap_or_default();
        let trimmed = inner.trim_start_matches([' ', '\t', '\n', '\r', '\x0c']);
        let matched = trimmed.strip_prefix("$clusterName").and_then(|after| {
            after
                .trim_start_matches([' ', '\t', '\n', '\r', '\x0c'])
                .strip_prefix("}}")
        });
        match matched {
            Some(after) => {
                out.push_str(cluster_name);
                rest = after;
            }
            None => {
                // Like a regex scan, retry one character further on.
                out.push('{');
                rest = from_braces.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::host;

    #[test]
    fn ingress_host_replaces_the_cluster_name_placeholder() {
        assert_eq!(
            host("{{$clusterName}}.example.com", "fjc"),
            "fjc.example.com"
        );
        assert_eq!(host("{{ $clusterName }}-{{$clusterName}}.x", "a"), "a-a.x");
        assert_eq!(host("{{$other}}.x", "a"), "{{$other}}.x");
        assert_eq!(host("{{{{$clusterName}}", "a"), "{{a");
        assert_eq!(host("{{{$clusterName}}", "a"), "{a");
        assert_eq!(host("plain.example.com", "a"), "plain.example.com");
    }
}
