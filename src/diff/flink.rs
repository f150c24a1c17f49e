//! What changes for Flink itself: the configuration its processes read (key by key, as Flink's
//! loader reads the file flink-render writes) and how its memory model splits each process'
//! memory (part by part, as `flink-render explain memory` shows it). The reviewer of a change
//! to memory settings sees the sizes Flink ends up with, not only the fields that changed.

use serde_json::Value;

use crate::explain::memory::{deployment_memory, memory};
use crate::memory::MemorySize;
use crate::model::Valid;
use crate::model::apache::ValidDeployment;

/// A value before and after (`None`: absent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueChange {
    /// What changes: a configuration key, or `<process> <part>` for memory.
    pub name: String,
    /// The old value.
    pub old: Option<String>,
    /// The new value.
    pub new: Option<String>,
}

/// The changes of what Flink reads and computes, for one cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FlinkChanges {
    /// Configuration entries Flink reads differently, by key.
    pub configuration: Vec<ValueChange>,
    /// Memory parts of the JobManager and the TaskManagers that change size, in the order
    /// `explain memory` lists them (JobManager first).
    pub memory: Vec<ValueChange>,
    /// What a change of Flink line does to the configuration ([`super::versions`]).
    pub version: Option<super::versions::VersionChange>,
}

/// What Flink reads from the configuration file of `valid` (empty when it cannot load it).
fn configuration(valid: &Valid) -> std::collections::BTreeMap<String, String> {
    valid
        .model()
        .reads()
        .read
        .as_ref()
        .map(|loaded| loaded.entries.clone())
        .unwrap_or_default()
}

/// `frameworkOffHeap` → `framework off-heap`, `jvmMetaspace` → `JVM metaspace`.
fn part_name(key: &str) -> String {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in key.chars() {
        if c.is_ascii_uppercase() && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        word.push(c.to_ascii_lowercase());
    }
    words.push(word);
    let joined = words.join(" ").replace("off heap", "off-heap");
    joined
        .strip_prefix("jvm")
        .map_or(joined.clone(), |rest| format!("JVM{rest}"))
}

fn human(bytes: &Value) -> Option<String> {
    MemorySize::from_bytes(bytes.as_i64()?).map(MemorySize::human_short)
}

/// The sizes of one process (`jobManager` or `taskManager` of the explanation), in order.
fn sizes(process: &Value) -> Vec<(String, String)> {
    if process.get("model") != Some(&Value::Bool(true)) {
        return Vec::new();
    }
    let mut sizes: Vec<(String, String)> = process
        .get("parts")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|part| {
            let name = part_name(part.get("name")?.as_str()?);
            Some((name, part.get("human")?.as_str()?.to_owned()))
        })
        .collect();
    for (key, name) in [
        ("totalFlinkBytes", "total Flink"),
        ("totalProcessBytes", "total process"),
        ("jvmHeapBytes", "JVM heap"),
        ("jvmDirectBytes", "JVM direct"),
    ] {
        if let Some(size) = process.get(key).and_then(human)
            && !sizes.iter().any(|(n, _)| n == name)
        {
            sizes.push((name.to_owned(), size));
        }
    }
    sizes
}

fn memory_sizes(valid: &Valid) -> Vec<(String, String)> {
    process_sizes(&memory(valid).json)
}

/// The sizes of both processes of an `explain memory` JSON object, in order.
fn process_sizes(explained: &Value) -> Vec<(String, String)> {
    [("jobManager", "JobManager"), ("taskManager", "TaskManager")]
        .into_iter()
        .flat_map(|(key, process)| {
            sizes(explained.get(key).unwrap_or(&Value::Null))
                .into_iter()
                .map(move |(part, size)| (format!("{process} {part}"), size))
        })
        .collect()
}

/// The changes from `old` to `new` (either may be absent: a created or deleted cluster).
pub fn changes(old: Option<&Valid>, new: Option<&Valid>) -> FlinkChanges {
    let mut changes = compare(
        (
            old.map(configuration).unwrap_or_default(),
            old.map(memory_sizes).unwrap_or_default(),
        ),
        (
            new.map(configuration).unwrap_or_default(),
            new.map(memory_sizes).unwrap_or_default(),
        ),
    );
    changes.version = super::versions::change(old, new).filter(|v| !v.is_empty());
    changes
}

/// The changes from the FlinkDeployment `old` to `new` (either may be absent): the
/// configuration file the operator writes, as Flink reads it, and the memory sizes
/// `explain memory` shows for it.
pub fn deployment_changes(
    old: Option<&ValidDeployment>,
    new: Option<&ValidDeployment>,
) -> FlinkChanges {
    let of = |valid: Option<&ValidDeployment>| {
        valid.map_or_else(Default::default, |valid| {
            let entries = valid
                .model()
                .reads()
                .read
                .as_ref()
                .map(|loaded| loaded.entries.clone())
                .unwrap_or_default();
            (entries, process_sizes(&deployment_memory(valid).json))
        })
    };
    compare(of(old), of(new))
}

/// A side: the configuration Flink reads and the memory sizes by name.
type Side = (
    std::collections::BTreeMap<String, String>,
    Vec<(String, String)>,
);

fn compare((old_conf, old_sizes): Side, (new_conf, new_sizes): Side) -> FlinkChanges {
    let keys: std::collections::BTreeSet<&String> =
        old_conf.keys().chain(new_conf.keys()).collect();
    let configuration = keys
        .into_iter()
        .filter(|key| old_conf.get(*key) != new_conf.get(*key))
        .map(|key| ValueChange {
            name: key.clone(),
            old: old_conf.get(key).cloned(),
            new: new_conf.get(key).cloned(),
        })
        .collect();
    let mut memory = Vec::new();
    for (name, size) in &new_sizes {
        let before = old_sizes.iter().find(|(n, _)| n == name).map(|(_, s)| s);
        if before != Some(size) {
            memory.push(ValueChange {
                name: name.clone(),
                old: before.cloned(),
                new: Some(size.clone()),
            });
        }
    }
    for (name, size) in &old_sizes {
        if !new_sizes.iter().any(|(n, _)| n == name) {
            memory.push(ValueChange {
                name: name.clone(),
                old: Some(size.clone()),
                new: None,
            });
        }
    }
    FlinkChanges {
        configuration,
        memory,
        version: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_names_read_as_explain_memory_prints_them() {
        assert_eq!(part_name("frameworkOffHeap"), "framework off-heap");
        assert_eq!(part_name("jvmMetaspace"), "JVM metaspace");
        assert_eq!(part_name("managed"), "managed");
        assert_eq!(part_name("taskHeap"), "task heap");
    }
}
