//! Field-by-field comparison of rendered objects (JSON) with the operator's, under the rules of
//! the operator oracle (fixtures/oracle/README.md), and the matchers that declare a difference.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

/// One difference between flink-render's object and the operator's.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// Object kind.
    pub kind: String,
    /// Object name.
    pub name: String,
    /// Field path inside the object (`""`: the object itself). Lists of maps are written
    /// `list[name=x]` when paired by a key, `list[3]` by index; the entries of a Flink
    /// configuration file `data.flink-conf.yaml[key]`.
    pub path: String,
    /// flink-render's value (`None`: absent).
    pub ours: Option<Value>,
    /// The operator's value (`None`: absent).
    pub theirs: Option<Value>,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |v: &Option<Value>| match v {
            None => "<absent>".to_owned(),
            Some(v) => {
                let text = v.to_string();
                if text.len() > 300 {
                    format!("{}…", &text[..text.floor_char_boundary(300)])
                } else {
                    text
                }
            }
        };
        write!(
            f,
            "{}/{} {}: flink-render {} / operator {}",
            self.kind,
            self.name,
            if self.path.is_empty() {
                "(object)"
            } else {
                &self.path
            },
            show(&self.ours),
            show(&self.theirs)
        )
    }
}

/// Whether a value is a field's Go zero value.
type IsZero = fn(&Value) -> bool;

/// Fields Go writes as zero values where flink-render writes nothing; the API server decodes
/// both to the same object, so they are dropped on both sides before comparing.
const GO_ZERO_VALUES: &[(&str, IsZero)] = &[
    ("targetPort", |v| v == &Value::from(0)),
    ("updateStrategy", is_empty_object),
    ("strategy", is_empty_object),
    ("resources", is_empty_object),
    ("status", is_empty_object),
    ("creationTimestamp", Value::is_null),
];

fn is_empty_object(value: &Value) -> bool {
    value.as_object().is_some_and(Map::is_empty)
}

/// `value` without the Go zero values, at every depth.
pub fn without_go_zero_values(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, v)| {
                    !GO_ZERO_VALUES
                        .iter()
                        .any(|(zero_key, is_zero)| key == zero_key && is_zero(v))
                })
                .map(|(key, v)| (key.clone(), without_go_zero_values(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_go_zero_values).collect()),
        other => other.clone(),
    }
}

/// ConfigMap entries that are Flink configuration files: compared entry by entry.
const CONFIG_FILES: &[&str] = &["flink-conf.yaml", "config.yaml"];

/// Compares two objects of the same kind and name.
pub fn compare_objects(kind: &str, name: &str, ours: &Value, theirs: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut walker = Walker {
        kind,
        name,
        out: &mut out,
    };
    walker.value("", ours, theirs);
    out
}

struct Walker<'a> {
    kind: &'a str,
    name: &'a str,
    out: &'a mut Vec<Difference>,
}

impl Walker<'_> {
    fn push(&mut self, path: &str, ours: Option<&Value>, theirs: Option<&Value>) {
        self.out.push(Difference {
            kind: self.kind.to_owned(),
            name: self.name.to_owned(),
            path: path.to_owned(),
            ours: ours.cloned(),
            theirs: theirs.cloned(),
        });
    }

    fn value(&mut self, path: &str, ours: &Value, theirs: &Value) {
        match (ours, theirs) {
            (Value::Object(a), Value::Object(b)) => self.object(path, a, b),
            (Value::Array(a), Value::Array(b)) => self.list(path, a, b),
            (a, b) if a == b => {}
            (Value::String(a), Value::String(b)) if self.is_config_file(path) => {
                self.config_file(path, a, b);
            }
            (a, b) => self.push(path, Some(a), Some(b)),
        }
    }

    fn is_config_file(&self, path: &str) -> bool {
        self.kind == "ConfigMap"
            && CONFIG_FILES
                .iter()
                .any(|file| path.strip_prefix("data.") == Some(file))
    }

    /// A Flink configuration file, entry by entry (`key: value` lines).
    fn config_file(&mut self, path: &str, ours: &str, theirs: &str) {
        let entries = |text: &str| -> BTreeMap<String, String> {
            text.lines()
                .filter(|line| !line.trim().is_empty())
                .map(|line| match line.split_once(": ") {
                    Some((key, value)) => (key.to_owned(), value.to_owned()),
                    None => (line.to_owned(), String::new()),
                })
                .collect()
        };
        let (a, b) = (entries(ours), entries(theirs));
        let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for key in keys {
            let (x, y) = (a.get(key), b.get(key));
            if x != y {
                self.push(
                    &format!("{path}[{key}]"),
                    x.map(|v| Value::from(v.as_str())).as_ref(),
                    y.map(|v| Value::from(v.as_str())).as_ref(),
                );
            }
        }
    }

    fn object(&mut self, path: &str, ours: &Map<String, Value>, theirs: &Map<String, Value>) {
        let keys: BTreeSet<&String> = ours.keys().chain(theirs.keys()).collect();
        for key in keys {
            let here = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            match (ours.get(key), theirs.get(key)) {
                (Some(a), Some(b)) => self.value(&here, a, b),
                // A keyed list missing on one side is compared item by item with an empty one,
                // so that each extra item is a difference of its own.
                (Some(Value::Array(a)), None) if pairing_key(a, &[]).is_some() => {
                    self.list(&here, a, &[]);
                }
                (None, Some(Value::Array(b))) if pairing_key(&[], b).is_some() => {
                    self.list(&here, &[], b);
                }
                (a, b) => self.push(&here, a, b),
            }
        }
    }

    /// Lists of maps pair by `mountPath`, else `name`, else `ip`, where unique; otherwise by
    /// index. A list of scalars is one value.
    fn list(&mut self, path: &str, ours: &[Value], theirs: &[Value]) {
        let all_maps = ours.iter().chain(theirs).all(Value::is_object);
        if !all_maps {
            if ours != theirs {
                self.push(
                    path,
                    Some(&Value::Array(ours.to_vec())),
                    Some(&Value::Array(theirs.to_vec())),
                );
            }
            return;
        }
        let Some(key) = pairing_key(ours, theirs) else {
            for index in 0..ours.len().max(theirs.len()) {
                let here = format!("{path}[{index}]");
                match (ours.get(index), theirs.get(index)) {
                    (Some(a), Some(b)) => self.value(&here, a, b),
                    (a, b) => self.push(&here, a, b),
                }
            }
            return;
        };
        let id = |item: &Value| item.get(key).map(scalar_text).unwrap_or_default();
        let by_id = |items: &[Value]| -> BTreeMap<String, Value> {
            items.iter().map(|item| (id(item), item.clone())).collect()
        };
        let (a, b) = (by_id(ours), by_id(theirs));
        let mut ids: Vec<String> = ours.iter().map(id).collect();
        ids.extend(theirs.iter().map(id).filter(|i| !a.contains_key(i)));
        for item in &ids {
            let here = format!("{path}[{key}={item}]");
            match (a.get(item), b.get(item)) {
                (Some(x), Some(y)) => self.value(&here, x, y),
                (x, y) => self.push(&here, x, y),
            }
        }
        // The items both have must come in the same order.
        let common = |items: &[Value], other: &BTreeMap<String, Value>| -> Vec<Value> {
            items
                .iter()
                .map(id)
                .filter(|i| other.contains_key(i))
                .map(Value::from)
                .collect()
        };
        let (order_a, order_b) = (common(ours, &b), common(theirs, &a));
        if order_a != order_b {
            self.push(
                &format!("{path}<order>"),
                Some(&Value::Array(order_a)),
                Some(&Value::Array(order_b)),
            );
        }
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The key that pairs the items of two lists of maps: the first of `mountPath`, `name`, `ip`
/// that every item of both lists has, unique within each list.
fn pairing_key(ours: &[Value], theirs: &[Value]) -> Option<&'static str> {
    if ours.is_empty() && theirs.is_empty() {
        return None;
    }
    ["mountPath", "name", "ip"].into_iter().find(|key| {
        [ours, theirs].iter().all(|items| {
            let ids: Option<Vec<String>> = items
                .iter()
                .map(|item| item.get(*key).map(scalar_text))
                .collect();
            ids.is_some_and(|ids| ids.iter().collect::<BTreeSet<_>>().len() == ids.len())
        })
    })
}

/// How a declared difference looks.
#[derive(Clone, Copy, Debug)]
pub enum Change {
    /// Only flink-render has the value (or object).
    Added,
    /// Only the operator has it.
    Removed,
    /// Both have it, with different values.
    Changed,
    /// Any of `Added`, `Removed`, `Changed`.
    Any,
    /// Both are strings that read the same once YAML quoting is taken off (a configuration
    /// value written `'1'` where the operator writes `1`).
    Requoted,
    /// A list of strings: flink-render's is the operator's with these items inserted, in this
    /// order.
    ItemsInserted(&'static [&'static str]),
}

/// One declared way an object of flink-render differs from the operator's.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Object kind (`*`: any).
    pub kind: &'static str,
    /// Object name pattern (`*` matches any run of characters).
    pub name: &'static str,
    /// Field path pattern (`""`: the object itself).
    pub path: &'static str,
    /// What the difference is.
    pub change: Change,
}

impl Rule {
    /// Whether `difference` is this rule's.
    pub fn matches(&self, difference: &Difference) -> bool {
        glob(self.kind, &difference.kind)
            && glob(self.name, &difference.name)
            && glob(self.path, &difference.path)
            && match self.change {
                Change::Added => difference.ours.is_some() && difference.theirs.is_none(),
                Change::Removed => difference.ours.is_none() && difference.theirs.is_some(),
                Change::Changed => difference.ours.is_some() && difference.theirs.is_some(),
                Change::Any => true,
                Change::Requoted => match (&difference.ours, &difference.theirs) {
                    (Some(Value::String(ours)), Some(Value::String(theirs))) => {
                        unquoted(ours) == unquoted(theirs)
                    }
                    _ => false,
                },
                Change::ItemsInserted(items) => match (&difference.ours, &difference.theirs) {
                    (Some(Value::Array(ours)), Some(Value::Array(theirs))) => {
                        without_inserted(ours, items).as_deref() == Some(theirs.as_slice())
                    }
                    _ => false,
                },
            }
    }
}

/// A YAML scalar's text without its quotes: `'it''s'` is `it's`, `"a\"b"` is `a"b` (JSON's
/// escapes stand in for YAML's), anything else as it is.
fn unquoted(text: &str) -> String {
    if let Some(inner) = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
        return inner.replace("''", "'");
    }
    if text.starts_with('"')
        && let Ok(unescaped) = serde_json::from_str::<String>(text)
    {
        return unescaped;
    }
    text.to_owned()
}

/// `list` without `items`, found in that order; `None` when they are not all there.
fn without_inserted(list: &[Value], items: &[&str]) -> Option<Vec<Value>> {
    let mut rest = list.to_vec();
    let mut from = 0;
    for item in items {
        let at = rest[from..].iter().position(|v| v.as_str() == Some(item))? + from;
        rest.remove(at);
        from = at;
    }
    Some(rest)
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters.
pub fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return pattern == text;
    };
    if parts.len() == 1 {
        return pattern == text;
    }
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// A condition that always holds (for declarations that apply everywhere).
pub fn always(_: &Value) -> bool {
    true
}

/// Whether a stored FlinkCluster asks for Flink's Kubernetes HA services.
pub fn kubernetes_ha(stored: &Value) -> bool {
    let properties = &stored["spec"]["flinkProperties"];
    ["high-availability", "high-availability.type"]
        .iter()
        .filter_map(|key| properties[key].as_str())
        .any(|mode| {
            mode.eq_ignore_ascii_case("kubernetes")
                || mode
                    == "org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory"
        })
}

/// `(field path, message)` of every `error:` line of a report.
pub fn printed_errors(stderr: &str) -> Vec<(String, String)> {
    stderr
        .lines()
        .filter_map(|line| line.strip_prefix("error: "))
        .map(|rest| match rest.split_once(": ") {
            // A path has no spaces outside its brackets; a message without a path may.
            Some((path, message)) if !path.contains(' ') || path.contains('[') => {
                (path.to_owned(), message.to_owned())
            }
            _ => (String::new(), rest.to_owned()),
        })
        .collect()
}

/// Whether a report has an error whose message is `expected`, word for word, with or without
/// a field path before it.
pub fn prints_verbatim(stderr: &str, expected: &str) -> bool {
    stderr.lines().any(|line| {
        line.strip_prefix("error: ")
            .is_some_and(|rest| rest == expected || rest.ends_with(&format!(": {expected}")))
    })
}
