//! The labels Flink's native integration puts on its objects (`KubernetesUtils`), and the
//! map-typed options it reads (`kubernetes.jobmanager.labels`, ...).

use std::collections::BTreeMap;

use crate::model::labels::Labels;

/// `type: flink-native-kubernetes`.
pub const TYPE: (&str, &str) = ("type", "flink-native-kubernetes");

/// `{type: flink-native-kubernetes, app: <cluster id>}`: on every object Flink creates.
pub fn common(cluster_id: &str) -> Labels {
    BTreeMap::from([
        (TYPE.0.to_owned(), TYPE.1.to_owned()),
        ("app".to_owned(), cluster_id.to_owned()),
    ])
}

/// The common labels plus `component: jobmanager|taskmanager`: what Services and the
/// Deployment select, and what the ResourceManager watches TaskManager pods by.
pub fn selectors(cluster_id: &str, component: &str) -> Labels {
    let mut labels = common(cluster_id);
    labels.insert("component".to_owned(), component.to_owned());
    labels
}

/// A map-typed option's value (`k1:v1,k2:v2`) as Flink reads it ([`crate::structured_options`]);
/// empty when it does not parse, which validation refuses.
pub fn option_map(value: &str) -> Labels {
    crate::structured_options::parse_map(value)
        .unwrap_or_default()
        .into_iter()
        .collect()
}

/// `base` with every entry of `over` put in (`over` wins), as Flink's `putAll` does.
pub fn put_all(base: &Labels, over: &Labels) -> Labels {
    let mut merged = base.clone();
    merged.extend(over.iter().map(|(k, v)| (k.clone(), v.clone())));
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_options_read_like_flink() {
        let map = option_map("team: data , tier:gold");
        assert_eq!(
            map,
            BTreeMap::from([
                ("team".to_owned(), "data".to_owned()),
                ("tier".to_owned(), "gold".to_owned())
            ])
        );
        assert!(option_map("team:data,broken").is_empty());
    }
}
