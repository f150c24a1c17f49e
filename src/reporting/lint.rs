//! Lint findings as entries: each FlinkCluster of each input rendered and linted on its own, so
//! that a finding about a rendered object points at the cluster it came from (its file, and the
//! line of its `metadata.name`) and names its lint rule.

use super::{Entry, ObjectRef};
use crate::diagnostics::{Rule, Severity};
use crate::input::{self, Item};
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
                entries.extend(findings.into_iter().map(|finding| Entry {
                    origin: source.origin.to_owned(),
                    location: Some(at),
                    severity: Severity::Error,
                    rule: Some(Rule::Lint(name)),
                    path: String::new(),
                    message: finding.message,
                    object: Some(ObjectRef {
                        kind: finding.kind,
                        name: finding.name,
                        path: if finding.path.is_root() {
                            String::new()
                        } else {
                            finding.path.to_string()
                        },
                    }),
                }));
            }
        }
    }
    entries
}
