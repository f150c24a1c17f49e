//! Lint findings as entries: each FlinkCluster of each input rendered and linted on its own, so
//! that a finding about a rendered object points at the cluster it came from (its file, and the
//! line of its `metadata.name`) and names its lint rule.

use super::{Entry, ObjectRef};
use crate::diagnostics::{Location, Rule, Severity};
use crate::input::{self, Item};
use crate::lint::Finding;
use crate::options::Options;
use crate::path::FieldPath;
use crate::pipeline::{self, Source};
use crate::yaml::Limits;

/// The lint findings of every FlinkCluster of `sources`, cluster by cluster in input order,
/// each cluster's rule by rule ([`crate::lint::RULES`]). Inputs or clusters that do not render
/// give none: their problems are the render's to report.
pub fn lint_entries(sources: &[Source<'_>], options: &Options, limits: Limits) -> Vec<Entry> {
    let mut entries = Vec::new();
    for source in sources {
        let Ok(items) = input::parse_stream(source.text, limits) else {
            continue;
        };
        for item in items {
            let Item::Cluster(parsed) = item else {
                continue;
            };
            let Ok(rendered) = pipeline::render(&parsed.cluster, options) else {
                continue;
            };
            let at = parsed.source.locate(&FieldPath::fields("metadata.name"));
            for (name, check) in crate::lint::RULES {
                let mut findings = Vec::new();
                check(&rendered.objects, &mut findings);
                entries.extend(
                    findings
                        .into_iter()
                        .map(|finding| entry(source.origin, at, name, finding)),
                );
            }
        }
    }
    entries
}

/// The entry of a finding of the lint rule `rule` about a cluster of `origin` whose
/// `metadata.name` is `at`.
fn entry(origin: &str, at: Location, rule: &'static str, finding: Finding) -> Entry {
    Entry {
        origin: origin.to_owned(),
        location: Some(at),
        severity: Severity::Error,
        rule: Some(Rule::Lint(rule)),
        path: String::new(),
        message: finding.message,
        object: Some(ObjectRef {
            kind: finding.kind,
            name: finding.name,
            path: super::path_text(&finding.path),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reporting::{Format, Run};

    #[test]
    fn a_finding_points_at_its_cluster_and_names_its_object() {
        let finding = Finding {
            kind: "Service".to_owned(),
            name: "demo-jobmanager".to_owned(),
            path: FieldPath::fields("spec.ports").index(1).field("name"),
            message: "Duplicate value: \"rpc\"".to_owned(),
            rule: "ports",
        };
        let at = Location { line: 4, column: 9 };
        let run = Run {
            command: "lint".to_owned(),
            exit_code: 1,
            failure: None,
            entries: vec![entry("c.yaml", at, "ports", finding)],
        };
        assert_eq!(
            Format::Github.write(&run),
            "::error file=c.yaml,line=4,col=9,title=flink-render lint/ports::Service/demo-jobmanager: spec.ports[1].name: Duplicate value: \"rpc\"\n"
        );
        let log: serde_json::Value =
            serde_json::from_str(&Format::Sarif.write(&run)).expect("SARIF");
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["ruleId"], "lint/ports");
        assert_eq!(
            result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "Service/demo-jobmanager: spec.ports[1].name"
        );
        let json: serde_json::Value =
            serde_json::from_str(&Format::Json.write(&run)).expect("JSON");
        assert_eq!(
            json["diagnostics"][0]["object"],
            serde_json::json!({"kind": "Service", "name": "demo-jobmanager", "path": "spec.ports[1].name"})
        );
        assert_eq!(json["diagnostics"][0]["path"], serde_json::Value::Null);
    }
}
