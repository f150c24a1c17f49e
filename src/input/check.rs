//! The structural check: a YAML tree against the JSON Schema of an input kind's types
//! (`FlinkCluster`, `FlinkDeployment`, `FlinkSessionJob`).
//!
//! Walking the positioned tree with the generated schema finds every unknown field (with a
//! suggestion for near misses), wrong type, unsupported enum value, out-of-range number and
//! missing required field in one pass, each with its path and position. The same walk converts
//! the tree to JSON the way Kubernetes would read the YAML, so the typed decode that follows sees
//! exactly what the API server would.

use std::collections::BTreeSet;

use serde_json::{Map, Number, Value as Json};

use super::schema::Book;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::path::FieldPath;
use crate::yaml::scalar::{
    Resolved, decode_base64, go_float_key, go_json_float, go_string_lossy, resolve_plain,
};
use crate::yaml::{Node, Scalar, ScalarStyle, Tag, Value};

const QUANTITY: &str = "io.k8s.apimachinery.pkg.api.resource.Quantity";
const INT_OR_STRING: &str = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

/// What a schema asks of a node, after `$ref`s and nullable wrappers are resolved.
enum Shape<'s> {
    /// No constraint: any value, converted as Kubernetes would.
    Any,
    /// A Kubernetes quantity: a string or a number, kept as text.
    Quantity,
    /// An int or a string.
    IntOrString,
    /// One of fixed strings; the message for other values when the schema gives one
    /// (`x-webhook-message`, where the operator's webhook words the refusal itself).
    Enum(Vec<&'s str>, Option<&'s str>),
    /// Alternatives that are not simple (tried in order).
    OneOf(Vec<&'s Json>),
    /// A typed schema object.
    Typed(&'s Map<String, Json>, Vec<&'s str>),
}

/// The kind of value a scalar resolved to, for messages.
fn describe(scalar: &Scalar) -> String {
    match scalar_value(scalar) {
        Ok(Json::Bool(b)) => format!("the boolean {b}"),
        Ok(Json::Number(n)) => format!("the number {n}"),
        Ok(Json::String(s)) => format!("the string {s:?}"),
        Ok(Json::Null) => "null".to_owned(),
        _ => format!("{:?}", scalar.text),
    }
}

/// Converts a scalar to JSON the way Kubernetes' YAML decoder does.
pub(crate) fn scalar_value(scalar: &Scalar) -> Result<Json, String> {
    let resolved = match &scalar.tag {
        Some(Tag::Other(tag)) => return Err(format!("unsupported YAML tag `{tag}`")),
        Some(Tag::Core(tag)) => match tag.as_str() {
            "str" => return Ok(Json::String(scalar.text.clone())),
            // go-yaml decodes the base64 into a Go string, which JSON then carries.
            "binary" => {
                return match decode_base64(&scalar.text) {
                    Some(bytes) => Ok(Json::String(go_string_lossy(&bytes))),
                    None => Err("!!binary value contains invalid base64 data".to_owned()),
                };
            }
            "null" => Resolved::Null,
            "bool" | "int" | "float" => match resolve_plain(&scalar.text) {
                r @ Resolved::Bool(_) if tag == "bool" => r,
                r @ (Resolved::Int(_) | Resolved::UInt(_)) if tag == "int" => r,
                r @ (Resolved::Int(_) | Resolved::UInt(_) | Resolved::Float(_))
                    if tag == "float" =>
                {
                    r
                }
                _ => return Err(format!("{:?} is not a valid !!{tag}", scalar.text)),
            },
            other => return Err(format!("unsupported YAML tag `!!{other}`")),
        },
        None if scalar.style != ScalarStyle::Plain => return Ok(Json::String(scalar.text.clone())),
        None => resolve_plain(&scalar.text),
    };
    Ok(match resolved {
        Resolved::Null => Json::Null,
        Resolved::Bool(b) => Json::Bool(b),
        Resolved::Int(i) => Json::Number(i.into()),
        Resolved::UInt(u) => Json::Number(u.into()),
        Resolved::Float(f) => match Number::from_f64(f) {
            Some(n) => Json::Number(n),
            None => return Err(format!("{:?} is not a number JSON can hold", scalar.text)),
        },
        Resolved::Str => Json::String(scalar.text.clone()),
    })
}

/// The text sigs.k8s.io/yaml makes of a mapping key: strings as they are, booleans `true` and
/// `false`, integers in decimal, floats as Go's shortest float32 text; other keys (null, an
/// integer above `i64::MAX`) are refused, as the API server refuses them.
pub(crate) fn json_key(scalar: &Scalar) -> Result<String, String> {
    let resolved = match &scalar.tag {
        None if scalar.style == ScalarStyle::Plain => resolve_plain(&scalar.text),
        None => return Ok(scalar.text.clone()),
        Some(_) => {
            return match scalar_value(scalar)? {
                Json::String(s) => Ok(s),
                Json::Bool(b) => Ok(b.to_string()),
                Json::Number(n) => match n.as_f64() {
                    Some(f) if !(n.is_i64() || n.is_u64()) => Ok(go_float_key(f)),
                    _ => Ok(n.to_string()),
                },
                _ => Err("a mapping key must not be null".to_owned()),
            };
        }
    };
    match resolved {
        Resolved::Str => Ok(scalar.text.clone()),
        Resolved::Bool(b) => Ok(b.to_string()),
        Resolved::Int(i) => Ok(i.to_string()),
        Resolved::Float(f) => Ok(go_float_key(f)),
        Resolved::UInt(_) => Err(format!(
            "the key `{}` is an integer above 9223372036854775807, which Kubernetes cannot use as a key; quote it",
            scalar.text
        )),
        Resolved::Null => Err("a mapping key must not be null".to_owned()),
    }
}

/// A JSON number's text as Go's `encoding/json` writes it (integers in decimal).
fn json_number_text(number: &Number) -> String {
    if number.is_i64() || number.is_u64() {
        return number.to_string();
    }
    number
        .as_f64()
        .and_then(go_json_float)
        .unwrap_or_else(|| number.to_string())
}

/// The operator webhook's message for a value outside an enum, where the schema gives it.
fn webhook_message(schema: &Map<String, Json>) -> Option<&str> {
    schema.get("x-webhook-message").and_then(Json::as_str)
}

/// Suggests the candidate closest to `wrong`, if one is close enough to be a typo.
pub(crate) fn suggest<'c>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let lower = wrong.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = if candidate.eq_ignore_ascii_case(wrong) {
            0
        } else {
            strsim::damerau_levenshtein(&lower, &candidate.to_ascii_lowercase())
        };
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    let limit = (wrong.chars().count() / 3).clamp(1, 3);
    best.filter(|&(d, _)| d <= limit).map(|(_, c)| c)
}

/// Walks nodes against a schema, collecting diagnostics and building JSON.
/// Problems after which the checker stops looking at further list items and mapping fields.
pub const MAX_CHECKED_PROBLEMS: usize = 1000;

pub(crate) struct Checker<'s> {
    /// The schema it walks, whose definitions `$ref`s name.
    book: &'s Book,
    /// Everything found so far.
    pub diagnostics: Diagnostics,
    /// The paths of `diagnostics`, sorted, so that "anything reported under this path?" is a
    /// lookup rather than a scan (a hostile input can produce hundreds of thousands).
    reported: BTreeSet<FieldPath>,
}

impl<'s> Checker<'s> {
    /// A checker resolving `$ref`s in the definitions of `book`.
    pub fn new(book: &'s Book) -> Checker<'s> {
        Checker {
            book,
            diagnostics: Diagnostics::new(),
            reported: BTreeSet::new(),
        }
    }

    fn error(&mut self, path: &FieldPath, node: &Node, message: impl Into<String>) {
        self.reported.insert(path.clone());
        self.diagnostics
            .push(Diagnostic::error(path.clone(), message).at(Some(node.location)));
    }

    fn shape(&self, mut schema: &'s Json) -> Shape<'s> {
        // `$ref` chains are short; the bound only guards against a malformed schema.
        for _ in 0..16 {
            let Some(object) = schema.as_object() else {
                return Shape::Any;
            };
            if let Some(reference) = object.get("$ref").and_then(Json::as_str) {
                let name = reference.trim_start_matches("#/$defs/");
                match name {
                    QUANTITY => return Shape::Quantity,
                    INT_OR_STRING => return Shape::IntOrString,
                    _ => match self.book.definition(name) {
                        Some(target) => {
                            schema = target;
                            continue;
                        }
                        None => return Shape::Any,
                    },
                }
            }
            if object.get("x-kubernetes-int-or-string") == Some(&Json::Bool(true)) {
                return Shape::IntOrString;
            }
            if let Some(alternatives) = object
                .get("anyOf")
                .or_else(|| object.get("oneOf"))
                .and_then(Json::as_array)
            {
                let non_null: Vec<&Json> = alternatives
                    .iter()
                    .filter(|alt| alt.get("type").and_then(Json::as_str) != Some("null"))
                    .collect();
                let consts: Vec<&str> = non_null
                    .iter()
                    .filter_map(|alt| alt.get("const").and_then(Json::as_str))
                    .collect();
                if !consts.is_empty() && consts.len() == non_null.len() {
                    return Shape::Enum(consts, webhook_message(object));
                }
                match non_null.as_slice() {
                    [single] => {
                        schema = single;
                        continue;
                    }
                    _ => return Shape::OneOf(non_null),
                }
            }
            if let Some(values) = object.get("enum").and_then(Json::as_array) {
                return Shape::Enum(
                    values.iter().filter_map(Json::as_str).collect(),
                    webhook_message(object),
                );
            }
            if let Some(value) = object.get("const").and_then(Json::as_str) {
                return Shape::Enum(vec![value], webhook_message(object));
            }
            let types: Vec<&str> = match object.get("type") {
                Some(Json::String(t)) => vec![t.as_str()],
                Some(Json::Array(ts)) => ts
                    .iter()
                    .filter_map(Json::as_str)
                    .filter(|t| *t != "null")
                    .collect(),
                _ => Vec::new(),
            };
            if types.is_empty() && !object.contains_key("properties") {
                return Shape::Any;
            }
            return Shape::Typed(object, types);
        }
        Shape::Any
    }

    /// Checks `node` against `schema`; returns its JSON form, or `None` when it is null or wrong
    /// (a diagnostic was recorded for wrong nodes).
    pub fn check(&mut self, node: &Node, schema: &'s Json, path: &FieldPath) -> Option<Json> {
        if node.is_null() {
            return None;
        }
        match self.shape(schema) {
            Shape::Any => self.any(node, path),
            Shape::Quantity => self.quantity(node, path),
            Shape::IntOrString => self.int_or_string(node, path),
            Shape::Enum(values, message) => self.enumeration(node, path, &values, message),
            Shape::OneOf(alternatives) => self.one_of(node, path, &alternatives),
            Shape::Typed(object, types) => self.typed(node, path, object, &types),
        }
    }

    fn any(&mut self, node: &Node, path: &FieldPath) -> Option<Json> {
        match &node.value {
            Value::Scalar(scalar) => match scalar_value(scalar) {
                Ok(json) => Some(json),
                Err(message) => {
                    self.error(path, node, message);
                    None
                }
            },
            Value::Sequence(items) => Some(Json::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.any(item, &path.index(i)).unwrap_or(Json::Null))
                    .collect(),
            )),
            Value::Mapping(entries) => {
                let mut map = Map::new();
                let mut seen = BTreeSet::new();
                for (key, value) in entries {
                    let Some(name) = self.key_text(key, path, &mut seen) else {
                        continue;
                    };
                    if let Some(json) = self.any(value, &path.key(name.clone())) {
                        map.insert(name, json);
                    }
                }
                Some(Json::Object(map))
            }
        }
    }

    /// The text Kubernetes makes of a mapping key; a warning where it differs from the text
    /// written (an unquoted `on` is the key `"true"`, `0x10` the key `"16"`), an error where an
    /// earlier key of the mapping (`seen`) reads the same.
    fn key_text(
        &mut self,
        key: &Node,
        path: &FieldPath,
        seen: &mut BTreeSet<String>,
    ) -> Option<String> {
        let Value::Scalar(scalar) = &key.value else {
            self.error(
                path,
                key,
                "a mapping key must be a string, not a sequence or mapping",
            );
            return None;
        };
        match json_key(scalar) {
            Ok(text) if !seen.insert(text.clone()) => {
                self.error(
                    &path.key(text.clone()),
                    key,
                    format!(
                        "duplicate key {text:?} in a mapping: Kubernetes reads `{}` as {text:?}, as an earlier key of the mapping (Kubernetes rejects duplicate fields)",
                        scalar.text
                    ),
                );
                None
            }
            Ok(text) => {
                if scalar.style == ScalarStyle::Plain && scalar.tag.is_none() && text != scalar.text
                {
                    let read_as = match scalar_value(scalar) {
                        Ok(Json::Bool(b)) => format!("the boolean {b}"),
                        _ => "a number".to_owned(),
                    };
                    self.diagnostics.push(
                        Diagnostic::warning(
                            path.key(text.clone()),
                            format!(
                                "the unquoted key `{}` is {read_as} to Kubernetes (YAML 1.1), so the key is {text:?}; quote it (\"{}\") to keep the text",
                                scalar.text, scalar.text
                            ),
                        )
                        .at(Some(key.location)),
                    );
                }
                Some(text)
            }
            Err(message) => {
                self.error(path, key, message);
                None
            }
        }
    }

    fn quantity(&mut self, node: &Node, path: &FieldPath) -> Option<Json> {
        match &node.value {
            Value::Scalar(scalar) => match scalar_value(scalar) {
                Ok(Json::String(text)) => Some(Json::String(text)),
                // A number reaches the API server as Go's JSON writes it (`4e9` is the
                // quantity `4000000000`, `0x10` is `16`), and is parsed from that text.
                Ok(Json::Number(number)) => Some(Json::String(json_number_text(&number))),
                _ => {
                    self.error(
                        path,
                        node,
                        format!(
                            "expected a quantity such as `500m` or `2Gi`, found {}",
                            describe(scalar)
                        ),
                    );
                    None
                }
            },
            _ => {
                self.error(
                    path,
                    node,
                    "expected a quantity such as `500m` or `2Gi`, found a sequence or mapping",
                );
                None
            }
        }
    }

    fn int_or_string(&mut self, node: &Node, path: &FieldPath) -> Option<Json> {
        let found = match &node.value {
            Value::Scalar(scalar) => match scalar_value(scalar) {
                Ok(Json::String(s)) => return Some(Json::String(s)),
                Ok(Json::Number(n)) => match n.as_i64().and_then(|i| i32::try_from(i).ok()) {
                    Some(i) => return Some(Json::Number(i.into())),
                    None => format!("the number {n}, which is not a 32-bit integer"),
                },
                _ => describe(scalar),
            },
            _ => "a sequence or mapping".to_owned(),
        };
        self.error(
            path,
            node,
            format!("expected an integer or a string, found {found}"),
        );
        None
    }

    fn enumeration(
        &mut self,
        node: &Node,
        path: &FieldPath,
        values: &[&str],
        webhook_message: Option<&str>,
    ) -> Option<Json> {
        if let Some(text) = node.as_str()
            && values.contains(&text)
        {
            return Some(Json::String(text.to_owned()));
        }
        let supported = values
            .iter()
            .map(|v| format!("{v:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        let suggestion = node
            .as_scalar()
            .and_then(|s| suggest(&s.text, values.iter().copied()));
        if let (Some(message), Some(text)) = (webhook_message, node.as_str()) {
            // The webhook's words stay as they are; the hint is a warning of its own.
            self.error(path, node, message.replace("{value}", text));
            let hint = match suggestion {
                Some(s) => format!("did you mean {s:?}? (supported values: {supported})"),
                None => format!("supported values: {supported}"),
            };
            self.diagnostics
                .push(Diagnostic::warning(path.clone(), hint).at(Some(node.location)));
            return None;
        }
        let shown = match node.as_scalar() {
            Some(scalar) => format!("{:?}", scalar.text),
            None => "a sequence or mapping".to_owned(),
        };
        let hint = suggestion
            .map(|s| format!("; did you mean {s:?}?"))
            .unwrap_or_default();
        self.error(
            path,
            node,
            format!("Unsupported value: {shown}: supported values: {supported}{hint}"),
        );
        None
    }

    fn one_of(&mut self, node: &Node, path: &FieldPath, alternatives: &[&'s Json]) -> Option<Json> {
        let mut first_failure = None;
        for alternative in alternatives {
            let mut trial = Checker::new(self.book);
            let value = trial.check(node, alternative, path);
            if !trial.diagnostics.has_errors() {
                return value;
            }
            first_failure.get_or_insert(trial);
        }
        if let Some(failure) = first_failure {
            self.reported.extend(failure.reported);
            self.diagnostics.extend(failure.diagnostics);
        }
        None
    }

    fn typed(
        &mut self,
        node: &Node,
        path: &FieldPath,
        schema: &'s Map<String, Json>,
        types: &[&str],
    ) -> Option<Json> {
        let wants = |t: &str| types.is_empty() || types.contains(&t);
        match &node.value {
            Value::Mapping(entries) if wants("object") => {
                Some(self.object(node, entries, path, schema))
            }
            Value::Sequence(items) if wants("array") => {
                let item_schema = schema.get("items");
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let item_path = path.index(i);
                    if self.gave_up(items.len() - i, "item(s) of this list", &item_path, item) {
                        break;
                    }
                    if item.is_null() {
                        self.error(&item_path, item, "a list item must not be null");
                        continue;
                    }
                    let value = match item_schema {
                        Some(s) => self.check(item, s, &item_path),
                        None => self.any(item, &item_path),
                    };
                    out.extend(value);
                }
                Some(Json::Array(out))
            }
            Value::Scalar(scalar) => {
                let value = match scalar_value(scalar) {
                    Ok(v) => v,
                    Err(message) => {
                        self.error(path, node, message);
                        return None;
                    }
                };
                match value {
                    Json::String(s) if wants("string") => self.string(node, path, schema, s),
                    Json::Bool(b) if wants("boolean") => Some(Json::Bool(b)),
                    Json::Number(n) if wants("integer") && !wants("number") => {
                        self.integer(node, path, schema, &n)
                    }
                    Json::Number(n) if wants("number") => Some(Json::Number(n)),
                    other => {
                        let expected = expected_text(types);
                        let mut message =
                            format!("expected {expected}, found {}", describe(scalar));
                        if wants("string") && scalar.style == ScalarStyle::Plain && !other.is_null()
                        {
                            message.push_str(&format!(
                                " (Kubernetes reads `{}` unquoted as a {}); quote it: \"{}\"",
                                scalar.text,
                                if other.is_boolean() {
                                    "boolean"
                                } else {
                                    "number"
                                },
                                scalar.text
                            ));
                        }
                        self.error(path, node, message);
                        None
                    }
                }
            }
            _ => {
                let found = match &node.value {
                    Value::Sequence(_) => "a list",
                    _ => "a mapping",
                };
                let expected = expected_text(types);
                self.error(path, node, format!("expected {expected}, found {found}"));
                None
            }
        }
    }

    fn string(
        &mut self,
        node: &Node,
        path: &FieldPath,
        schema: &Map<String, Json>,
        s: String,
    ) -> Option<Json> {
        let too_short = schema
            .get("minLength")
            .and_then(Json::as_u64)
            .filter(|&min| (s.chars().count() as u64) < min);
        if let Some(min) = too_short {
            let message = format!("Invalid value: {s:?}: must be at least {min} characters long");
            self.error(path, node, message);
            return None;
        }
        Some(Json::String(s))
    }

    fn integer(
        &mut self,
        node: &Node,
        path: &FieldPath,
        schema: &Map<String, Json>,
        n: &Number,
    ) -> Option<Json> {
        // A float with no fractional part reaches the API server as an integer, so accept it.
        let value = n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        });
        let int32 = schema.get("format").and_then(Json::as_str) == Some("int32");
        let bits = if int32 { 32 } else { 64 };
        let Some(value) = value else {
            // A whole number too large for any integer is shown as written, not as the float
            // the YAML reader made of it (99999999999999999999, not 1e+20).
            let whole = n.as_f64().is_some_and(|f| f.fract() == 0.0);
            let message = match node.as_scalar() {
                Some(scalar) if whole => format!(
                    "Invalid value: {}: does not fit a {bits}-bit integer",
                    scalar.text
                ),
                _ => format!("expected an integer, found the number {n}"),
            };
            self.error(path, node, message);
            return None;
        };
        let (low, high) = if int32 {
            (i64::from(i32::MIN), i64::from(i32::MAX))
        } else {
            (i64::MIN, i64::MAX)
        };
        if value < low || value > high {
            self.error(
                path,
                node,
                format!("Invalid value: {value}: does not fit a {bits}-bit integer"),
            );
            return None;
        }
        let bound = |key: &str| schema.get(key).and_then(Json::as_f64);
        let problem = match (bound("minimum"), bound("maximum")) {
            (Some(min), _) if (value as f64) < min => {
                Some(format!("greater than or equal to {min}"))
            }
            (_, Some(max)) if (value as f64) > max => Some(format!("less than or equal to {max}")),
            _ => None,
        };
        if let Some(problem) = problem {
            self.error(
                path,
                node,
                format!("Invalid value: {value}: must be {problem}"),
            );
            return None;
        }
        Some(Json::Number(value.into()))
    }

    fn object(
        &mut self,
        node: &Node,
        entries: &[(Node, Node)],
        path: &FieldPath,
        schema: &'s Map<String, Json>,
    ) -> Json {
        let properties = schema.get("properties").and_then(Json::as_object);
        let additional = schema.get("additionalProperties").filter(|a| a.is_object());
        let mut map = Map::new();
        let mut seen = BTreeSet::new();
        for (i, (key, value)) in entries.iter().enumerate() {
            if self.gave_up(entries.len() - i, "field(s) of this mapping", path, key) {
                break;
            }
            let Some(name) = self.key_text(key, path, &mut seen) else {
                continue;
            };
            if let Some(property) = properties.and_then(|p| p.get(&name)) {
                if let Some(json) = self.check(value, property, &path.field(name.clone())) {
                    map.insert(name, json);
                }
            } else if let Some(additional) = additional {
                if let Some(json) = self.check(value, additional, &path.key(name.clone())) {
                    map.insert(name, json);
                }
            } else if properties.is_none() {
                if let Some(json) = self.any(value, &path.key(name.clone())) {
                    map.insert(name, json);
                }
            } else {
                let known = properties
                    .map(|p| p.keys().map(String::as_str).collect::<Vec<_>>())
                    .unwrap_or_default();
                let hint = suggest(&name, known.iter().copied())
                    .map(|s| format!("; did you mean {s:?}?"))
                    .unwrap_or_default();
                self.error(
                    &path.field(name.clone()),
                    key,
                    format!("unknown field {name:?}{hint}"),
                );
            }
        }
        if let Some(required) = schema.get("required").and_then(Json::as_array) {
            for name in required.iter().filter_map(Json::as_str) {
                if !map.contains_key(name) && !self.reported_under(&path.field(name)) {
                    self.error(&path.field(name), node, "Required value");
                }
            }
        }
        Json::Object(map)
    }

    /// Whether to stop checking the `left` remaining entries of a list or mapping because the
    /// input already has [`MAX_CHECKED_PROBLEMS`] problems; says so once, at `path`. Bounds the
    /// time and memory a hostile input (one alias repeated into 50,000 wrong items) can cost.
    fn gave_up(&mut self, left: usize, what: &str, path: &FieldPath, node: &Node) -> bool {
        if self.diagnostics.len() < MAX_CHECKED_PROBLEMS {
            return false;
        }
        self.error(
            path,
            node,
            format!(
                "the remaining {left} {what} were not checked: the input already has {MAX_CHECKED_PROBLEMS} problems"
            ),
        );
        true
    }

    /// Whether a diagnostic was already recorded for `path` (a wrong value is not also missing).
    fn reported_under(&self, path: &FieldPath) -> bool {
        // Paths under `path` sort right after it, in one run.
        self.reported
            .range(path..)
            .next()
            .is_some_and(|p| p.segments().starts_with(path.segments()))
    }
}

fn expected_text(types: &[&str]) -> String {
    let names: Vec<&str> = types
        .iter()
        .map(|t| match *t {
            "string" => "a string",
            "integer" => "an integer",
            "number" => "a number",
            "boolean" => "a boolean (true or false)",
            "object" => "a mapping",
            "array" => "a list",
            other => other,
        })
        .collect();
    if names.is_empty() {
        "a value".to_owned()
    } else {
        names.join(" or ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_catch_case_and_typos() {
        let fields = ["taskManager", "jobManager", "flinkVersion", "image"];
        assert_eq!(suggest("taskmanager", fields), Some("taskManager"));
        assert_eq!(suggest("flinkVerison", fields), Some("flinkVersion"));
        assert_eq!(suggest("imag", fields), Some("image"));
        assert_eq!(suggest("replicas", fields), None);
    }
}
